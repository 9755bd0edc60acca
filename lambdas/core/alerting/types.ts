import type { Severity } from '../types';
import type { AlertRules, TopicName } from '../config';
import type { ConfirmationNote } from './messages';
import type { ChannelDeliverer } from '../channels/delivery';
import type { Locale } from './i18n/types';
import type { AlertContact } from './contact';
import type { FindingKind } from '../patrol/finding';

/**
 * The alert engine's inputs and outputs. The engine is one state machine for everything that can
 * be "up" or "down": uptime targets and capacity resources alike (capacity reuses it; there is no
 * second engine).
 */

/** One observation of one subject from one region (a check result or a capacity reading). */
export interface Observation {
  /** Target id, or `capacity:<site>/<resource>` for a capacity resource. */
  subject: string;
  /**
   * `uptime` for targets, `capacity` for capacity resources, `ops` for Pantau's own health (a
   * dead probe shard, an impaired probe region, a relayed CloudWatch alarm): wording differs.
   */
  domain: AlertDomain;
  /** App (targets) or site (capacity). */
  app: string;
  severity: Severity;
  /** Hard assertions passed. */
  ok: boolean;
  /** Passed, but a soft bound broke (latency warning, cert under warnDays, capacity warn / forecast). */
  degraded: boolean;
  /** Failure class when not ok (timeout, refused, status … or capacity `critical`, `source`). */
  error: string | null;
  /** One-line human reason. */
  reason: string;
  region: string;
  /** ISO-8601 time of the observation. */
  ts: string;
  /** Display name for messages, e.g. the URL host ("pemilu2024.kpu.go.id"). */
  label?: string;
  /**
   * The probing region itself is impaired: every check it ran in this run failed (its own
   * network is the likely problem). Set by the probe cycle; the observation is recorded but does
   * not count against the subject.
   */
  regionImpaired?: boolean;
  /** Who owns the subject and its runbook (`owner:`, `runbook:`), carried onto its alerts. */
  contact?: AlertContact;
  /** Set on a security patrol observation (domain `security`): which finding of which target. */
  security?: SecurityObservation;
  /** A relayed SLO burn alarm: the budget left over the SLO window in percent, null when it could not be read. */
  budgetLeft?: number | null;
}

/** What a `security` observation is about (core/patrol/observations.ts builds it). */
export interface SecurityObservation {
  /** The target id (the subject is `security:<target>/<finding>`). */
  target: string;
  finding: FindingKind;
  /** Longer evidence (every matched term, a diff excerpt) for email and the JSON line. */
  detail?: string;
  /** `alerting.security.topic`: where security alerts go instead of the target's route. */
  topic?: TopicName;
}

/** What a subject is: an uptime target, a capacity resource, or Pantau itself (ops). */
export type AlertDomain = 'uptime' | 'capacity' | 'ops' | 'security';

/** What the engine's steps decide. */
export type EngineAlertKind = 'down' | 'recovered' | 'reminder' | 'flapping' | 'degraded';

/** `acknowledged`: someone on call took the incident (`pantau ack`), said once to the same audience. */
export type AlertKind = EngineAlertKind | SecurityAlertKind | 'acknowledged';

/**
 * `security`: a patrol finding opened, reminded or resolved (see `state`); `security_digest`: the
 * daily list of low-severity findings. The engine itself decides only the uptime kinds; a
 * security subject's decision is renamed `security` (core/alerting/security.ts).
 */
export type SecurityAlertKind = 'security' | 'security_digest';

/** One alert to publish. JSON field names are a contract (`watch --alerts-jsonl`). */
export interface AlertEvent {
  kind: AlertKind;
  target: string;
  app: string;
  severity: Severity;
  topic: TopicName;
  incidentId: string | null;
  ts: string;
  /** Subject line, ≤ 100 chars. */
  subject: string;
  /** Short first line, e.g. `DOWN Sirekap (pemilu2024.kpu.go.id): timeout from 2/3 regions since 10:42 WIB`. */
  message: string;
  /** Regions that saw the failure (down) or the recovery. */
  regions: string[];
  /** Downtime in ms (recovered). */
  downtimeMs?: number;
  /** Deduplication id: the same transition always carries the same id (retries included). */
  dedupId: string;
  /** Set when this event stands for several grouped ones (alert storm): the subjects it delivers. */
  grouped?: string[];
  /**
   * Set on a storm message grouped across runs (core/alerting/storm.ts): the storm window, which
   * part this is (`opening`: sent when the threshold was crossed, more may follow; `follow-up`:
   * the digest of the alerts held until the window ended) and the window's member count so far.
   */
  storm?: { window: string; part: 'opening' | 'follow-up'; total: number };
  /** `uptime`, `capacity` or `ops` (wording and consumers' routing). */
  domain?: AlertDomain;
  /** Display name of the subject (URL host, or `<site>/<resource>`). */
  label?: string;
  /** Failure class (down/reminder) or soft-failure reason class (degraded). */
  cause?: string | null;
  /** ISO start of the condition the alert is about (outage start, degradation start). */
  since?: string;
  /** Full plain-text body (email / default): the first line, then the details. */
  body?: string;
  /**
   * Set when fewer regions confirmed the alert than the configured quorum asks, because the
   * others were silent or impaired (quorum counts live regions): by, of, needed, absent[].
   */
  confirmation?: ConfirmationNote;
  /** The team or person in charge of the subject (`owner:` in the config). */
  owner?: string;
  /** The URL of the subject's runbook (`runbook:` in the config). */
  runbook?: string;
  /** The language of `message`, `subject` and the body's labels when it is not English (`id`). */
  locale?: Locale;
  /** `alerting.language: both`: the headline again in the second language (English). */
  altMessage?: string;
  /** Security alerts: the finding kind (`defacement`, `dns_unexpected` …). */
  finding?: FindingKind;
  /** Security alerts: what was seen and where (≤ 160 chars; in the SMS text too). */
  evidence?: string;
  /** Security alerts: the longer evidence, when the patrol gave one. */
  detail?: string;
  /** Security alerts: `open` when raised (and on reminders), `resolved` when it cleared. */
  state?: 'open' | 'resolved';
  /** SLO burn alerts: the app's budget left over the SLO window in percent; null when it could not be read. */
  budgetLeft?: number | null;
}

/**
 * Where alerts go: SNS in AWS (adapters/sns-notifier.ts), the console and a JSON-lines file
 * locally (adapters/local-notifier.ts). `publish` delivers on every channel and throws when any
 * did not accept the alert; the engine then keeps it pending and retries it with the same dedupId.
 */
export interface AlertNotifier {
  publish(event: AlertEvent): Promise<void>;
  /**
   * The named channels behind this notifier, when it has them: the alert cycle then delivers on
   * each separately, and a pending alert owes only the channels that failed. A notifier without
   * them is one channel.
   */
  readonly deliverers?: readonly ChannelDeliverer[];
}

/** The per-subject rules the engine needs (targets: TargetSpec.alerting). */
export type SubjectRules = AlertRules;
