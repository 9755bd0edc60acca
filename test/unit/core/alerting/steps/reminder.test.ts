import { describe, expect, it } from 'vitest';
import { remindWhileDown } from '../../../../../lambdas/core/alerting/steps/reminder';
import type { AlertState } from '../../../../../lambdas/core/alerting/state';
import { J, alertState, at, failingRegion, observation, rules, turnFor } from '../../../../support/engine-script';

/** STILL DOWN every renotifyMinutes after the last DOWN-type alert. */

const INCIDENT = { id: 'sirekap-web@20261124T030000Z', start: at(0), cause: 'timeout', regions: [J], alertsSent: 1 };
const every5 = { rules: rules({ renotifyMinutes: 5 }) };
const down = (over: Partial<AlertState> = {}) =>
  alertState({ status: 'down', since: at(0), incident: INCIDENT, lastAlertAt: at(2), regions: { [J]: failingRegion(6, 0, 6) }, ...over });

describe('remindWhileDown', () => {
  it('renotifyMinutes after the DOWN: a reminder, counted, and the clock starts over', () => {
    const turn = turnFor(down(), observation(7, J, 'x'), every5);
    expect(remindWhileDown(turn)).toBe(true);
    expect(turn.state).toMatchObject({ reminders: 1, lastAlertAt: at(7) });
    expect(turn.state.incident?.alertsSent).toBe(2);
    expect(turn.events).toHaveLength(1);
    expect(turn.events[0]).toMatchObject({ kind: 'reminder', dedupId: `sirekap-web/reminder/${INCIDENT.id}/1`, incidentId: INCIDENT.id });
    expect(turn.events[0]!.message).toBe('STILL DOWN Sirekap (pemilu2024.kpu.go.id): timeout from 1/1 region for 7 min (since 10:00 WIB)');
  });

  it('the second reminder carries its own number', () => {
    const turn = turnFor(down({ reminders: 1 }), observation(7, J, 'x'), every5);
    remindWhileDown(turn);
    expect(turn.events[0]!.dedupId).toBe(`sirekap-web/reminder/${INCIDENT.id}/2`);
  });

  it.each([
    ['before the interval is up', down(), 6, every5],
    ['with reminders off', down(), 30, { rules: rules({ renotifyMinutes: 0 }) }],
    ['before any DOWN was said', down({ lastAlertAt: null }), 30, every5],
    ['when not DOWN', alertState({ lastAlertAt: at(0), regions: { [J]: failingRegion(1, 6, 6) } }), 7, every5],
  ])('nothing %s', (_name, previous, minute, engine) => {
    const turn = turnFor(previous, observation(minute, J, 'x'), engine);
    expect(remindWhileDown(turn)).toBe(false);
    expect(turn.events).toEqual([]);
    expect(turn.state.reminders).toBe(previous.reminders);
  });
});
