import { describe, expect, it } from 'vitest';
import { incidentToWrite } from '../../../../../lambdas/core/alerting/steps/incident';
import { applyTransition, announceTransition } from '../../../../../lambdas/core/alerting/steps/transition';
import { J, alertState, at, failingRegion, observation, regionState, turnFor } from '../../../../support/engine-script';

/** The incident item an observation opened, updated or closed. */

const OPEN = { id: 'sirekap-web@20261124T030000Z', start: at(0), cause: 'timeout', regions: [J], alertsSent: 2 };

describe('incidentToWrite', () => {
  it('an opened incident is written open, counting the page said for it', () => {
    const turn = turnFor(alertState({ regions: { [J]: failingRegion(2, 0, 1) } }), observation(2, J, 'x'));
    applyTransition(turn);
    announceTransition(turn);
    expect(incidentToWrite(turn)).toEqual({
      id: OPEN.id,
      subject: 'sirekap-web',
      app: 'sirekap',
      domain: 'uptime',
      severity: 'critical',
      status: 'open',
      start: at(0),
      end: null,
      durationMs: null,
      cause: 'timeout',
      regions: [J],
      alertsSent: 1,
      maintenance: null,
      ack: null,
      notes: [],
    });
  });

  it('a closed incident is written closed with its downtime, counting the RECOVERED said now', () => {
    const previous = alertState({
      status: 'down',
      incident: OPEN,
      regions: { [J]: regionState({ ts: at(5), consecutiveSuccesses: 1, passingSince: at(5) }) },
    });
    const turn = turnFor(previous, observation(6, J, '.'));
    applyTransition(turn);
    announceTransition(turn);
    expect(incidentToWrite(turn)).toMatchObject({ id: OPEN.id, status: 'closed', end: at(5), durationMs: 5 * 60_000, alertsSent: 3 });
  });

  it('an incident this observation did not change is not written', () => {
    const turn = turnFor(alertState({ status: 'down', incident: OPEN, regions: { [J]: failingRegion(4, 0, 4) } }), observation(5, J, 'x'));
    applyTransition(turn);
    expect(incidentToWrite(turn)).toBeNull();
    const up = turnFor(alertState({ regions: { [J]: regionState() } }), observation(1, J, '.'));
    expect(incidentToWrite(up)).toBeNull();
  });
});
