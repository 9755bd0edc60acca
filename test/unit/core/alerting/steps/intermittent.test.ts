import { describe, expect, it } from 'vitest';
import { hardenIntermittentOutage } from '../../../../../lambdas/core/alerting/steps/intermittent';
import type { OpenIncident } from '../../../../../lambdas/core/alerting/state';
import type { FailureRate } from '../../../../../lambdas/core/config';
import { J, alertState, at, failingRegion, observation, regionState, rules, turnFor } from '../../../../support/engine-script';

/** An outage confirmed by the failure rate that turns into failures in a row takes the hard cause. */

const RATE: FailureRate = { of: 10, atLeast: 5, then: 'down', warnAtLeast: 3 };
const engine = { rules: rules({ failureRate: RATE }) };
const INTERMITTENT_OUTAGE: OpenIncident = { id: 'sirekap-web@20261124T030000Z', start: at(0), cause: 'intermittent', regions: [J], alertsSent: 1 };

const downWith = (incident: OpenIncident, region = failingRegion(2, 7, 8)) =>
  alertState({ status: 'down', since: at(0), incident, regions: { [J]: region } });

describe('hardenIntermittentOutage', () => {
  it('a region now failing failureThreshold times in a row renames the outage after its cause', () => {
    const turn = turnFor(downWith(INTERMITTENT_OUTAGE), observation(9, J, 'x'), engine);
    hardenIntermittentOutage(turn);
    expect(turn.state.incident).toEqual({ ...INTERMITTENT_OUTAGE, cause: 'timeout' });
  });

  it('failures still not in a row keep it intermittent (and the incident untouched)', () => {
    // Five failures among the last outcomes, the newest one alone.
    const region = regionState({ ts: at(8), consecutiveSuccesses: 1, consecutiveClean: 1, recent: 'FFFFP' });
    const turn = turnFor(downWith(INTERMITTENT_OUTAGE, region), observation(9, J, 'x'), engine);
    expect(turn.next).toBe('down');
    hardenIntermittentOutage(turn);
    expect(turn.state.incident).toBe(INTERMITTENT_OUTAGE);
  });

  it('a hard outage keeps its own cause', () => {
    const hard = { ...INTERMITTENT_OUTAGE, cause: 'refused' };
    const turn = turnFor(downWith(hard), observation(9, J, 'x'), engine);
    hardenIntermittentOutage(turn);
    expect(turn.state.incident).toBe(hard);
  });
});
