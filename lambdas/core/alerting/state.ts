import type { Severity } from '../types';
import type { AlertEvent, Observation } from './types';
import type { FindingKind } from '../patrol/finding';
import type { IncidentAck } from './incident';

/**
 * The alert state of one subject (an uptime target or a capacity resource), kept on its STATE
 * item and written with a conditional write on the item's version. Plain JSON.
 *
 * The types live here; how one observation updates a region is region-streaks.ts, how the
 * regions add up to a status is tally.ts (both re-exported below for existing importers).
 */

export { foldRegion } from './region-streaks';
export { decideStatus, earliest, quorumSize, requiredAgreement, tallyRegions, type Tally } from './tally';
export { commonCause } from './outage-cause';

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
  /**
   * Set on a steady entry (passing cleanly, counters at their thresholds) when quiet writes are
   * on: the entry is rewritten only when something decision-relevant changes or it is this old,
   * so `ts` may lag the region's latest check by up to this many ms (quiet-writes.ts).
   */
  quietMs?: number;
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
  /** Set by `pantau ack`: someone has it in hand, so no more reminders. */
  ack?: IncidentAck;
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
  /** A security subject's finding and its latest evidence (kept after it clears: RESOLVED says what). */
  security?: SecurityFacts;
}

/** The finding a security subject watches, with the evidence of its latest failing observation. */
export interface SecurityFacts {
  target: string;
  finding: FindingKind;
  evidence: string;
  detail?: string;
}
