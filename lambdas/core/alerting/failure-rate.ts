import type { AlertRules } from '../config';
import type { RegionState } from './state';
import type { Tally } from './tally';

/**
 * Intermittent failures (config `failureRate`): each region keeps its last `of` outcomes and a
 * region whose failures there reach `atLeast` confirms a failure as if it had failed
 * `failureThreshold` times in a row (docs/alerting.md "Intermittent failures").
 */

/**
 * The recent-outcome window after one more outcome. Failures of a streak that reached
 * failureThreshold are re-marked `H` (hard): the consecutive rule owns them, so a long outage's
 * failures do not keep the failure rate high after it recovered.
 */
export function recentWindow(previous: string, ok: boolean, failuresInRow: number, failureThreshold: number, size: number): string {
  let window = `${previous}${ok ? 'P' : 'F'}`;
  if (failuresInRow >= failureThreshold) {
    const hard = Math.min(failuresInRow, window.length);
    window = window.slice(0, window.length - hard) + 'H'.repeat(hard);
  }
  return window.slice(-size);
}

/** Intermittent failures among a region's recent outcomes (hard streaks not counted). */
export function recentFailures(r: RegionState): number {
  let n = 0;
  for (const c of r.recent ?? '') if (c === 'F') n++;
  return n;
}

/** The status a failure rate alone gives a region: its failures are intermittent, not in a row. */
export function rateVerdict(r: RegionState, rules: AlertRules, holdingIntermittentOutage = false): 'down' | 'degraded' | null {
  const rate = rules.failureRate;
  if (!rate) return null;
  const failures = recentFailures(r);
  // Hysteresis: an intermittent outage ends only once its failures have drained to under half
  // the threshold, so a site failing about half the time does not flip DOWN/UP every check.
  const atLeast = holdingIntermittentOutage ? Math.ceil(rate.atLeast / 2) : rate.atLeast;
  if (failures >= atLeast) return rate.then;
  if (rate.warnAtLeast !== null && failures >= rate.warnAtLeast) return 'degraded';
  return null;
}

/** The one-line reason of a region whose failures are intermittent. */
export function intermittentReason(r: RegionState, rules: AlertRules): string {
  const of = Math.min(rules.failureRate?.of ?? 0, r.recent?.length ?? 0);
  const last = r.lastError ? ` (last: ${r.lastError}${r.lastFailureReason ? `: ${r.lastFailureReason}` : ''})` : '';
  return `intermittent: ${recentFailures(r)} of the last ${of} checks failed${last}`;
}

/** The cause of an outage confirmed only by failure rates (no region failing in a row). */
export const INTERMITTENT = 'intermittent';

/** The one-line reason a failing region gives: its latest failure, or its failure rate. */
export function failureReason([name, r]: [string, RegionState], tally: Tally, rules: AlertRules): string {
  return tally.hardFailing.includes(name) ? r.reason : intermittentReason(r, rules);
}
