import { describe, expect, it } from 'vitest';
import { flappingStep, forgetOldTransitions } from '../../../../../lambdas/core/alerting/steps/flapping';
import { applyTransition } from '../../../../../lambdas/core/alerting/steps/transition';
import { J, alertState, at, failingRegion, observation, regionState, rules, turnFor } from '../../../../support/engine-script';

/** Entering flapping, staying quiet while it lasts, and the two ways out. */

// More than 2 changes in 30 min is flapping; it settles at 1 or fewer.
const engine = { rules: rules({ flapping: { transitions: 2, windowMs: 30 * 60_000 } }) };

describe('forgetOldTransitions', () => {
  it('keeps only transitions inside the flapping window', () => {
    const turn = turnFor(alertState({ transitions: [at(0), at(15), at(20), at(40)], regions: { [J]: regionState({ ts: at(44) }) } }), observation(45, J, '.'), engine);
    forgetOldTransitions(turn);
    expect(turn.state.transitions).toEqual([at(20), at(40)]);
  });
});

describe('flappingStep', () => {
  // UP with J about to fail a third time: the observation at minute 6 transitions to DOWN.
  const aboutToFail = (over = {}) => alertState({ epoch: 4, regions: { [J]: failingRegion(2, 4, 5) }, ...over });

  it('a transition that makes the window exceed the limit starts flapping, said once', () => {
    const turn = turnFor(aboutToFail({ transitions: [at(1), at(3)] }), observation(6, J, 'x'), engine);
    applyTransition(turn); // the third change in the window
    expect(flappingStep(turn)).toBe(true);
    // One epoch for the transition, one for flapping: pending alerts of either are stale.
    expect(turn.state).toMatchObject({ flapping: true, epoch: 6 });
    expect(turn.events.map((e) => e.kind)).toEqual(['flapping']);
    expect(turn.events[0]!.message).toBe(
      'FLAPPING Sirekap (pemilu2024.kpu.go.id): 3 state changes in 30 min, now DOWN; alerts paused until stable',
    );
  });

  it('at the limit, or without a transition, or with flapping off, it leaves the observation alone', () => {
    const atLimit = turnFor(aboutToFail({ transitions: [at(3)] }), observation(6, J, 'x'), engine);
    applyTransition(atLimit);
    expect(flappingStep(atLimit)).toBe(false);
    const steady = turnFor(alertState({ transitions: [at(1), at(2), at(3)], regions: { [J]: regionState() } }), observation(6, J, '.'), engine);
    expect(flappingStep(steady)).toBe(false);
    const off = turnFor(aboutToFail({ transitions: [at(1), at(2), at(3)] }), observation(6, J, 'x'), { rules: rules() });
    applyTransition(off);
    expect(flappingStep(off)).toBe(false);
    expect([atLimit, steady, off].flatMap((t) => t.events)).toEqual([]);
    expect(atLimit.state.flapping).toBe(false);
  });

  it('while flapping and still unsettled it owns the observation and says nothing', () => {
    const turn = turnFor(aboutToFail({ flapping: true, transitions: [at(3), at(6)] }), observation(6, J, 'x'), engine);
    expect(flappingStep(turn)).toBe(true);
    expect(turn.events).toEqual([]);
    expect(turn.state).toMatchObject({ flapping: true, epoch: 4 });
  });

  it('settles once the window holds half the limit or fewer: one message says where it landed', () => {
    const turn = turnFor(alertState({ flapping: true, epoch: 7, transitions: [at(2)], regions: { [J]: regionState({ ts: at(9) }) } }), observation(10, J, '.'), engine);
    expect(flappingStep(turn)).toBe(true);
    expect(turn.state).toMatchObject({ flapping: false, epoch: 8 });
    expect(turn.events).toHaveLength(1);
    expect(turn.events[0]!.kind).toBe('recovered');
    expect(turn.events[0]!.message).toBe('RECOVERED Sirekap (pemilu2024.kpu.go.id): stopped flapping; up since 10:00 WIB');
  });

  it('a hard outage (2 × failureThreshold in a row) ends flapping at once and pages DOWN', () => {
    const incident = { id: 'sirekap-web@20261124T030400Z', start: at(4), cause: 'timeout', regions: [J], alertsSent: 1 };
    const previous = alertState({
      status: 'down',
      since: at(4),
      incident,
      flapping: true,
      epoch: 9,
      transitions: [at(1), at(3), at(6)],
      regions: { [J]: failingRegion(5, 4, 8) },
    });
    const turn = turnFor(previous, observation(9, J, 'x'), engine);
    expect(flappingStep(turn)).toBe(true);
    expect(turn.state).toMatchObject({ flapping: false, epoch: 10, transitions: [at(9)] });
    expect(turn.events.map((e) => e.kind)).toEqual(['down']);
    expect(turn.events[0]!.message).toBe('DOWN Sirekap (pemilu2024.kpu.go.id): stopped flapping; timeout from 1/1 region since 10:04 WIB');
  });

  it('five failures in a row are not yet a hard outage: still flapping, still quiet', () => {
    const previous = alertState({ status: 'down', flapping: true, transitions: [at(1), at(3), at(6)], regions: { [J]: failingRegion(4, 4, 7) } });
    const turn = turnFor(previous, observation(8, J, 'x'), engine);
    expect(flappingStep(turn)).toBe(true);
    expect(turn.events).toEqual([]);
    expect(turn.state.flapping).toBe(true);
  });
});
