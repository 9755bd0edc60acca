import type { Severity } from '../types';
import type { AlertRules } from '../config';
import type { AlertEvent, Observation } from './types';
import { rateVerdict, recentWindow } from './failure-rate';

/**
 * The alert state of one subject (an uptime target or a capacity resource), kept on its STATE
 * item and written with a conditional write on the item's version. Plain JSON.
 */

/** Confirmed status: what on-call staff were (or would have been) told. */
export type AlertStatus = 'up' | 'down' | 'degraded';

/** The latest observation of one probe region, with that region's own streaks. */
export interface RegionState {
  ok: boolean;
  degraded: boolean;
  error: string | null;
  reason: string;
  /** ISO time of the observation. */
  ts: string;
  /**
   * The region itself was judged impaired in that run (its control checks failed, or other
   * regions contradicted its failures: lambdas/core/alerting/impairment.ts). The observation is
   * folded into the streaks, but the region is not *live* while its latest observation is
   * impaired: it neither confirms nor holds a status.
   */
  impaired: boolean;
  /** Failing observations in a row. */
  consecutiveFailures: number;
  /** Passing observations in a row (degraded or not). */
  consecutiveSuccesses: number;
  /** Passing-but-degraded observations in a row. */
  consecutiveDegraded: number;
  /** Passing and clean observations in a row. */
  consecutiveClean: number;
  /** First observation of the current failing streak. */
  failingSince?: string;
  /** First observation of the current passing streak. */
  passingSince?: string;
  /** First observation of the current degraded streak. */
  degradedSince?: string;
  /**
   * The latest outcomes, oldest first, one character each: `F` failed, `H` failed in a streak
   * that reached failureThreshold, `P` passed (degraded or not). Kept as long as the
   * failure-rate window (`failureRate.of`) for intermittent failures.
   */
  recent?: string;
  /** Failure class and reason of the region's latest failure (intermittent failures' cause). */
  lastError?: string | null;
  lastFailureReason?: string;
}

/** The DOWN period in progress (mirrored to an incident item). */
export interface OpenIncident {
  id: string;
  /** When the outage began: the first failure of the regions that confirmed it. */
  start: string;
  cause: string;
  regions: string[];
  /** Alerts decided for this incident (down, reminders, flapping, recovered). */
  alertsSent: number;
  /** Set when the outage began inside a maintenance window. */
  maintenance?: string;
}

export interface ClosedIncident {
  id: string;
  start: string;
  end: string;
  durationMs: number;
}

/** An alert decided but not yet confirmed published (see lambdas/app/alert-cycle.ts). */
export interface PendingAlert {
  event: AlertEvent;
  /**
   * The subject's `epoch` when the alert was decided. A retry whose epoch is older than the
   * subject's is superseded by a newer transition and dropped: a DOWN must never arrive after
   * the RECOVERED that followed it.
   */
  epoch?: number;
  /** Until this ISO time the run that claimed it owns the publish; after it, anyone may retry. */
  leaseUntil: string;
  /** Failed publish attempts so far. */
  attempts: number;
  lastError?: string;
  /**
   * The delivery channels that still owe this alert, once some channel took it and another
   * failed: the retry goes to these alone. Absent: every channel owes it (nothing delivered yet).
   */
  channels?: string[];
}

/** What happened while a maintenance window silenced the subject. */
export interface MaintenanceRecord {
  window: string;
  startedAt: string;
  statusAtStart: AlertStatus;
  changes: Array<{ to: AlertStatus; ts: string }>;
}

export interface AlertState {
  subject: string;
  domain: Observation['domain'];
  app: string;
  label?: string;
  severity: Severity;
  status: AlertStatus;
  /** When `status` last changed (for DOWN: the outage start). */
  since: string;
  /** Counts status transitions (and flapping on/off): pending alerts of an older epoch are stale. */
  epoch: number;
  regions: Record<string, RegionState>;
  /** Newest observation time seen. */
  lastTs: string;
  incident: OpenIncident | null;
  lastIncident: ClosedIncident | null;
  /** Last time a DOWN-type alert (down, reminder) was decided: the reminder clock. */
  lastAlertAt: string | null;
  /** Reminders sent in the current incident. */
  reminders: number;
  /** Times of recent status transitions (flapping detection), oldest first. */
  transitions: string[];
  flapping: boolean;
  maintenance: MaintenanceRecord | null;
  /** Said in the next message sent (what changed during a maintenance window). */
  note: string | null;
  pending: PendingAlert[];
}

/**
 * Folds one observation into its region's entry (streaks, streak starts and the recent-outcome
 * window). A region silent for longer than `freshnessMs` starts over: failures an hour apart are
 * not "in a row". An impaired observation is folded like any other (it is a real outcome); the
 * region just does not count while impaired (tallyRegions).
 */
export function foldRegion(
  previous: RegionState | undefined,
  obs: Observation,
  freshnessMs = Infinity,
  windowSize = 0,
  failureThreshold = Infinity,
): RegionState {
  const p = previous && Date.parse(obs.ts) - Date.parse(previous.ts) <= freshnessMs ? previous : undefined;
  const failuresInRow = obs.ok ? 0 : (p?.consecutiveFailures ?? 0) + 1;
  const recent = windowSize > 0 ? recentWindow(p?.recent ?? '', obs.ok, failuresInRow, failureThreshold, windowSize) : undefined;
  const base = {
    ok: obs.ok,
    degraded: obs.ok && obs.degraded,
    error: obs.ok ? null : obs.error,
    reason: obs.reason,
    ts: obs.ts,
    impaired: Boolean(obs.regionImpaired),
    ...(recent !== undefined ? { recent } : {}),
    lastError: obs.ok ? (p?.lastError ?? null) : obs.error,
    ...(obs.ok ? (p?.lastFailureReason !== undefined ? { lastFailureReason: p.lastFailureReason } : {}) : { lastFailureReason: obs.reason }),
  };
  if (!obs.ok) {
    return {
      ...base,
      consecutiveFailures: failuresInRow,
      consecutiveSuccesses: 0,
      consecutiveDegraded: 0,
      consecutiveClean: 0,
      failingSince: p && !p.ok ? (p.failingSince ?? p.ts) : obs.ts,
    };
  }
  const passingSince = p?.ok ? (p.passingSince ?? p.ts) : obs.ts;
  if (obs.degraded) {
    return {
      ...base,
      consecutiveFailures: 0,
      consecutiveSuccesses: (p?.consecutiveSuccesses ?? 0) + 1,
      consecutiveDegraded: (p?.consecutiveDegraded ?? 0) + 1,
      consecutiveClean: 0,
      passingSince,
      degradedSince: p?.ok && p.degraded ? (p.degradedSince ?? p.ts) : obs.ts,
    };
  }
  return {
    ...base,
    consecutiveFailures: 0,
    consecutiveSuccesses: (p?.consecutiveSuccesses ?? 0) + 1,
    consecutiveDegraded: 0,
    consecutiveClean: (p?.consecutiveClean ?? 0) + 1,
    passingSince,
  };
}

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
    if (nowMs - Date.parse(r.ts) > rules.freshnessMs) {
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

/** The most common failure class among regions (first seen wins a tie). */
export function commonCause(regions: Array<[string, RegionState]>): string {
  const counts = new Map<string, number>();
  for (const [, r] of regions) counts.set(r.error ?? 'error', (counts.get(r.error ?? 'error') ?? 0) + 1);
  let best = 'error';
  let bestCount = 0;
  for (const [cause, count] of counts) {
    if (count > bestCount) {
      best = cause;
      bestCount = count;
    }
  }
  return best;
}
