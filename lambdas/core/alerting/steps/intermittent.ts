import { INTERMITTENT } from '../failure-rate';
import { causeOf } from '../outage-cause';
import type { Turn } from './turn';

/**
 * The failure-rate hook: an outage confirmed by intermittent failures that has since turned
 * hard (a region now failing in a row) is renamed after the hard cause. From then on it
 * recovers on passes alone, without waiting for the failure rate to drain.
 */
export function hardenIntermittentOutage(turn: Turn): void {
  const { state, tally } = turn;
  if (turn.transitioned || state.status !== 'down') return;
  if (state.incident?.cause !== INTERMITTENT || tally.hardFailing.length === 0) return;
  state.incident = { ...state.incident, cause: causeOf(tally) };
}
