import { describe, expect, it } from 'vitest';
import { emptyState, isReplay, observe } from '../../../../../lambdas/core/alerting/steps/observe';
import type { FailureRate } from '../../../../../lambdas/core/config';
import { J, S, alertState, at, ctx, failingRegion, observation, regionState, rules, turnFor } from '../../../../support/engine-script';

/** The first step: fold the observation in, tally the regions, decide the status; nothing said. */

describe('isReplay', () => {
  const previous = alertState({ regions: { [J]: regionState({ ts: at(5) }) } });

  it('an observation no newer than its region already has is a replay', () => {
    expect(isReplay(previous, observation(5, J, 'x'))).toBe(true);
    expect(isReplay(previous, observation(4, J, 'x'))).toBe(true);
  });

  it('a newer one, or one from a region not seen yet, is not', () => {
    expect(isReplay(previous, observation(6, J, 'x'))).toBe(false);
    expect(isReplay(previous, observation(1, S, 'x'))).toBe(false);
  });
});

describe('emptyState', () => {
  it('a subject never seen starts UP at the observation, with nothing open', () => {
    const state = emptyState(observation(7, J, 'x'));
    expect(state).toMatchObject({
      subject: 'sirekap-web',
      label: 'pemilu2024.kpu.go.id',
      status: 'up',
      since: at(7),
      epoch: 0,
      regions: {},
      incident: null,
      flapping: false,
      pending: [],
    });
  });
});

describe('observe', () => {
  it('the third failure in a row decides DOWN, but leaves the status to the transition step', () => {
    const previous = alertState({ regions: { [J]: failingRegion(2, 0, 1) } });
    const turn = turnFor(previous, observation(2, J, 'x'));
    expect(turn.next).toBe('down');
    expect(turn.transitioned).toBe(true);
    expect(turn.state.status).toBe('up');
    expect(turn.state.regions[J]).toMatchObject({ consecutiveFailures: 3, failingSince: at(0), ts: at(2) });
    expect(turn.tally.failing.map(([name]) => name)).toEqual([J]);
    expect(turn.events).toEqual([]);
  });

  it('works on a copy: the previous state is not touched', () => {
    const previous = alertState({ regions: { [J]: failingRegion(2, 0, 1) }, transitions: [at(0)] });
    const turn = turnFor(previous, observation(2, J, 'x'));
    turn.state.transitions.push(at(2));
    expect(previous.regions[J]!.consecutiveFailures).toBe(2);
    expect(previous.transitions).toEqual([at(0)]);
    expect(previous.lastTs).toBe(at(0));
    expect(turn.state.lastTs).toBe(at(2));
  });

  it('a silent region lowers the quorum to the live ones, and the confirmation says who is missing', () => {
    const previous = alertState({ regions: { [J]: failingRegion(2, 3, 4), [S]: regionState({ ts: at(0) }) } });
    const turn = turnFor(previous, observation(5, J, 'x'), { regionCount: 2 });
    expect(turn.tally.stale).toEqual([S]);
    expect(turn.quorum).toBe(1);
    expect(turn.next).toBe('down');
    expect(turn.confirmation).toEqual({ by: 1, of: 2, needed: 2, absent: [{ region: S, state: 'silent', forMs: 5 * 60_000 }] });
  });

  it('with both regions live, one failing region is not a quorum of two', () => {
    const previous = alertState({ regions: { [J]: failingRegion(2, 3, 4), [S]: regionState({ ts: at(4) }) } });
    const turn = turnFor(previous, observation(5, J, 'x'), { regionCount: 2 });
    expect(turn.quorum).toBe(2);
    expect(turn.next).toBe('up');
    expect(turn.transitioned).toBe(false);
  });

  it('while DOWN for intermittent failures, recovering also needs the failure rate to drain', () => {
    const rate: FailureRate = { of: 10, atLeast: 5, then: 'down', warnAtLeast: 3 };
    // Three failures among the last outcomes and now two passes in a row.
    const region = regionState({ ts: at(8), consecutiveSuccesses: 1, consecutiveClean: 1, recent: 'PFPFPFP' });
    const down = (cause: string) =>
      alertState({ status: 'down', regions: { [J]: region }, incident: { id: 'i', start: at(0), cause, regions: [J], alertsSent: 1 } });
    const engine = { rules: rules({ failureRate: rate }) };
    // Holding an intermittent outage: 3 failures still reach half the threshold (3 of 5).
    expect(observe(down('intermittent'), observation(9, J, '.'), ctx(engine)).next).toBe('down');
    // A hard outage recovers on passes; the same 3 failures are only the warning rate.
    expect(observe(down('timeout'), observation(9, J, '.'), ctx(engine)).next).toBe('degraded');
  });
});
