import { describe, expect, it } from 'vitest';
import { justClosed, speak } from '../../../../../lambdas/core/alerting/steps/speak';
import { applyTransition } from '../../../../../lambdas/core/alerting/steps/transition';
import { J, S, alertState, at, failingRegion, observation, regionState, turnFor } from '../../../../support/engine-script';

/** Saying an alert: the event, and what saying it changes on the state. */

const OPEN = { id: 'sirekap-web@20261124T030000Z', start: at(0), cause: 'timeout', regions: [J], alertsSent: 1 };

describe('speak', () => {
  it('a DOWN-type alert starts the reminder clock, counts for the incident and uses up the note', () => {
    const previous = alertState({ status: 'down', incident: OPEN, note: 'during maintenance "db": DOWN at 10:01 WIB', regions: { [J]: failingRegion(4, 0, 4) } });
    const turn = turnFor(previous, observation(5, J, 'x'));
    const event = speak(turn, 'down');
    expect(turn.events).toEqual([event]);
    expect(event.body).toContain('Note:     during maintenance "db": DOWN at 10:01 WIB');
    expect(turn.state).toMatchObject({ lastAlertAt: at(5), note: null });
    expect(turn.state.incident?.alertsSent).toBe(2);
    expect(previous.incident?.alertsSent).toBe(1);
  });

  it('a confirmation by fewer regions than configured rides on DOWN, not on FLAPPING', () => {
    const previous = alertState({ status: 'down', incident: OPEN, regions: { [J]: failingRegion(4, 0, 4), [S]: regionState({ ts: at(0) }) } });
    const turn = turnFor(previous, observation(5, J, 'x'), { regionCount: 2 });
    expect(speak(turn, 'down').confirmation).toMatchObject({ by: 1, of: 2, needed: 2 });
    const flapping = speak(turn, 'flapping', { flapping: { transitions: 3, windowMs: 30 * 60_000 } });
    expect(flapping.confirmation).toBeUndefined();
    expect(flapping.regions).toEqual([S, J].sort());
  });

  it('a RECOVERED reports the outage this observation closed, or none when told so', () => {
    const previous = alertState({ status: 'down', incident: OPEN, regions: { [J]: regionState({ ts: at(5), consecutiveSuccesses: 1, passingSince: at(5) }) } });
    const turn = turnFor(previous, observation(6, J, '.'));
    applyTransition(turn);
    expect(justClosed(turn)).toEqual({ id: OPEN.id, start: at(0), end: at(5), durationMs: 5 * 60_000 });
    expect(speak(turn, 'recovered')).toMatchObject({ downtimeMs: 5 * 60_000, incidentId: OPEN.id });
    const plain = speak(turn, 'recovered', {}, null);
    expect(plain.downtimeMs).toBeUndefined();
    expect(plain.incidentId).toBeNull();
  });

  it('nothing was closed when the subject was not DOWN before', () => {
    const turn = turnFor(alertState({ regions: { [J]: regionState() } }), observation(1, J, '.'));
    expect(justClosed(turn)).toBeNull();
  });
});
