import { describe, expect, it } from 'vitest';
import { announceTransition, applyTransition } from '../../../../../lambdas/core/alerting/steps/transition';
import type { OpenIncident } from '../../../../../lambdas/core/alerting/state';
import { J, alertState, at, failingRegion, observation, regionState, turnFor } from '../../../../support/engine-script';

/** UP / DOWN / DEGRADED: recording the change, then saying it. */

const OPEN: OpenIncident = { id: 'sirekap-web@20261124T030000Z', start: at(0), cause: 'timeout', regions: [J], alertsSent: 1 };
const WINDOW = { name: 'db', start: at(0), end: at(30) };

/** DOWN since minute 0; J has passed once (minute 5), so the observation at minute 6 recovers. */
const recovering = () =>
  alertState({
    status: 'down',
    since: at(0),
    epoch: 3,
    incident: OPEN,
    lastAlertAt: at(0),
    regions: { [J]: regionState({ ts: at(5), consecutiveSuccesses: 1, consecutiveClean: 1, passingSince: at(5) }) },
  });

describe('applyTransition', () => {
  it('UP → DOWN: a new epoch, since the first failure, and an incident named after it', () => {
    const previous = alertState({ epoch: 4, reminders: 2, lastAlertAt: at(0), regions: { [J]: failingRegion(2, 1, 2) } });
    const turn = turnFor(previous, observation(3, J, 'x'));
    applyTransition(turn);
    expect(turn.state).toMatchObject({ status: 'down', epoch: 5, since: at(1), transitions: [at(3)], reminders: 0, lastAlertAt: null });
    expect(turn.state.incident).toEqual({
      id: 'sirekap-web@20261124T030100Z',
      start: at(1),
      cause: 'timeout',
      regions: [J],
      alertsSent: 0,
    });
    expect(turn.events).toEqual([]);
  });

  it('inside a maintenance window the incident names the window and the change is no flapping', () => {
    const previous = alertState({ regions: { [J]: failingRegion(2, 1, 2) } });
    const turn = turnFor(previous, observation(3, J, 'x'), { maintenance: WINDOW });
    applyTransition(turn);
    expect(turn.state.incident?.maintenance).toBe('db');
    expect(turn.state.transitions).toEqual([]);
  });

  it('DOWN → UP closes the incident with its downtime, up to when the region came back', () => {
    const turn = turnFor(recovering(), observation(6, J, '.'));
    applyTransition(turn);
    expect(turn.state).toMatchObject({ status: 'up', epoch: 4, since: at(5), incident: null, lastAlertAt: null });
    expect(turn.state.lastIncident).toEqual({ id: OPEN.id, start: at(0), end: at(5), durationMs: 5 * 60_000 });
  });

  it('UP → DEGRADED: since the first degraded pass', () => {
    const degraded = regionState({ degraded: true, ts: at(2), consecutiveDegraded: 2, consecutiveClean: 0, degradedSince: at(1) });
    const turn = turnFor(alertState({ regions: { [J]: degraded } }), observation(3, J, 'd'));
    applyTransition(turn);
    expect(turn.state).toMatchObject({ status: 'degraded', since: at(1), incident: null });
  });

  it('without a transition nothing is recorded', () => {
    const previous = alertState({ epoch: 2, regions: { [J]: failingRegion(1, 1, 1) } });
    const turn = turnFor(previous, observation(2, J, 'x'));
    applyTransition(turn);
    expect(turn.state).toMatchObject({ status: 'up', epoch: 2, since: at(0), transitions: [], incident: null });
  });
});

describe('announceTransition', () => {
  it('says nothing and leaves the observation to the next step without a transition', () => {
    const turn = turnFor(alertState({ regions: { [J]: regionState() } }), observation(1, J, '.'));
    expect(announceTransition(turn)).toBe(false);
    expect(turn.events).toEqual([]);
  });

  it('DOWN: one page for the incident, which starts the reminder clock', () => {
    const turn = turnFor(alertState({ regions: { [J]: failingRegion(2, 1, 2) } }), observation(3, J, 'x'));
    applyTransition(turn);
    expect(announceTransition(turn)).toBe(true);
    expect(turn.events.map((e) => e.kind)).toEqual(['down']);
    expect(turn.events[0]).toMatchObject({ incidentId: 'sirekap-web@20261124T030100Z', cause: 'timeout', regions: [J] });
    expect(turn.events[0]!.message).toBe('DOWN Sirekap (pemilu2024.kpu.go.id): timeout from 1/1 region since 10:01 WIB');
    expect(turn.state.lastAlertAt).toBe(at(3));
    expect(turn.state.incident?.alertsSent).toBe(1);
  });

  it('RECOVERED after DOWN carries the downtime and the incident', () => {
    const turn = turnFor(recovering(), observation(6, J, '.'));
    applyTransition(turn);
    announceTransition(turn);
    expect(turn.events).toHaveLength(1);
    expect(turn.events[0]).toMatchObject({ kind: 'recovered', downtimeMs: 5 * 60_000, incidentId: OPEN.id });
    expect(turn.events[0]!.message).toMatch(/up again after 5 min down \(since 10:00 WIB\)/);
  });

  it('RECOVERED after DEGRADED counts from when the degradation began', () => {
    const previous = alertState({ status: 'degraded', since: at(2), regions: { [J]: regionState({ ts: at(9), consecutiveClean: 1 }) } });
    const turn = turnFor(previous, observation(10, J, '.'));
    applyTransition(turn);
    announceTransition(turn);
    expect(turn.events[0]!.kind).toBe('recovered');
    expect(turn.events[0]!.message).toBe('RECOVERED Sirekap (pemilu2024.kpu.go.id): no longer degraded after 8 min');
    expect(turn.events[0]!.downtimeMs).toBeUndefined();
  });

  it('DOWN → DEGRADED is a recovery that says it is still degraded', () => {
    const previous = recovering();
    previous.regions[J] = regionState({ ts: at(5), degraded: true, consecutiveSuccesses: 1, consecutiveDegraded: 3, consecutiveClean: 0, passingSince: at(5) });
    const turn = turnFor(previous, observation(6, J, 'd'));
    applyTransition(turn);
    announceTransition(turn);
    expect(turn.state.status).toBe('degraded');
    expect(turn.events[0]!.kind).toBe('recovered');
    expect(turn.events[0]!.message).toMatch(/, still degraded \(latency 2300 ms over warning 2000 ms\), incident /);
  });
});
