import type { AlertRules } from '../config';
import type { AlertStatus, RegionState } from './state';
import { rateVerdict } from './failure-rate';
import { isFresh } from './quiet-writes';

/**
 * From the regions' latest observations to one confirmed status: which regions are live, what
 * each confirms, how many must agree, and the status that follows.
 */

/** How many regions must agree: `quorum`, or a majority of the configured regions; never more than exist. */
export function quorumSize(rules: AlertRules, regionCount: number): number {
  const regions = Math.max(1, regionCount);
  const wanted = rules.quorum ?? Math.floor(regions / 2) + 1;
  return Math.min(Math.max(1, wanted), regions);
}

/** Regions whose latest observation is fresh and not impaired, by what they confirm. */
export interface Tally {
  /** Confirm a failure: ≥ failureThreshold failures in a row, or the failure rate's `atLeast`. */
  failing: Array<[string, RegionState]>;
  /** Of `failing`, those with ≥ failureThreshold failures in a row (a hard outage). */
  hardFailing: string[];
  /** ≥ successThreshold passes in a row (and, after an intermittent outage, a drained rate). */
  recovered: Array<[string, RegionState]>;
  /** Live regions that have not (yet) shown successThreshold passes: they hold a DOWN. */
  unrecovered: string[];
  /** ≥ failureThreshold degraded passes in a row, or the failure rate's `warnAtLeast`. */
  degraded: Array<[string, RegionState]>;
  /** ≥ successThreshold clean passes in a row and no warning-level failure rate. */
  clean: Array<[string, RegionState]>;
  /** Live regions that have not (yet) shown successThreshold clean passes: they hold a DEGRADED. */
  unclean: string[];
  /** Fresh and not impaired: the regions whose word counts now. */
  live: string[];
  stale: string[];
  impaired: string[];
}

/**
 * Sorts the regions by what they confirm. `holdingIntermittentOutage`: the subject is DOWN for
 * intermittent failures, so recovering needs the failure rate to drain as well.
 */
export function tallyRegions(
  regions: Record<string, RegionState>,
  rules: AlertRules,
  nowMs: number,
  holdingIntermittentOutage = false,
): Tally {
  const tally: Tally = {
    failing: [],
    hardFailing: [],
    recovered: [],
    unrecovered: [],
    degraded: [],
    clean: [],
    unclean: [],
    live: [],
    stale: [],
    impaired: [],
  };
  for (const entry of Object.entries(regions).sort(([a], [b]) => a.localeCompare(b))) {
    const [name, r] = entry;
    if (!isFresh(r, rules.freshnessMs, nowMs)) {
      tally.stale.push(name);
      continue;
    }
    if (r.impaired) {
      tally.impaired.push(name);
      continue;
    }
    tally.live.push(name);
    const hard = !r.ok && r.consecutiveFailures >= rules.failureThreshold;
    const rate = rateVerdict(r, rules, holdingIntermittentOutage);
    if (hard) tally.hardFailing.push(name);
    if (hard || rate === 'down') tally.failing.push(entry);
    if (r.ok && r.consecutiveSuccesses >= rules.successThreshold && rate !== 'down') tally.recovered.push(entry);
    else tally.unrecovered.push(name);
    const softDegraded = r.ok && r.degraded && r.consecutiveDegraded >= rules.failureThreshold;
    if (softDegraded || rate === 'degraded') tally.degraded.push(entry);
    if (r.ok && !r.degraded && r.consecutiveClean >= rules.successThreshold && rate === null) tally.clean.push(entry);
    else tally.unclean.push(name);
  }
  return tally;
}

/**
 * How many regions must agree now: the configured quorum, but never more than the regions that
 * are live (fresh and not impaired), and at least one. A region that stopped reporting, or whose
 * own network is impaired, must not turn a real outage into silence: prefer a page to a miss.
 */
export function requiredAgreement(configuredQuorum: number, tally: Pick<Tally, 'live'>): number {
  return Math.max(1, Math.min(configuredQuorum, tally.live.length));
}

/**
 * The confirmed status after a tally, with `quorum` = requiredAgreement(…):
 * - DOWN when at least `quorum` live regions confirm a failure (failureThreshold in a row, or
 *   the failure rate). Once DOWN it stays DOWN while `quorum` live regions have not yet shown
 *   `successThreshold` passes in a row, and while no region has (no recovery without evidence):
 *   a region's first pass after failing does not end the outage, just as one failure does not
 *   start it.
 * - DEGRADED when `quorum` regions saw `failureThreshold` degraded passes in a row (or the
 *   warning failure rate); it ends the same way, on `successThreshold` clean passes.
 * - UP otherwise.
 */
export function decideStatus(previous: AlertStatus, tally: Tally, quorum: number): AlertStatus {
  if (tally.failing.length >= quorum) return 'down';
  if (previous === 'down' && (tally.recovered.length === 0 || tally.unrecovered.length >= quorum)) return 'down';
  if (tally.degraded.length >= quorum) return 'degraded';
  if (previous === 'degraded' && (tally.clean.length === 0 || tally.unclean.length >= quorum)) return 'degraded';
  return 'up';
}

/** The earliest of some ISO times (they sort as strings). */
export function earliest(times: Array<string | undefined>, fallback: string): string {
  const known = times.filter((t): t is string => Boolean(t)).sort();
  return known[0] ?? fallback;
}
