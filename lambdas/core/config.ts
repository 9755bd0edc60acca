import type { SecretRef, Severity, TargetSpec } from './types';
import type { CapacitySource } from './capacity/types';
import type { ChannelType } from './channels/registry';
import type { SloConfig } from './slo/types';
import type { Language } from './alerting/i18n/types';
import type { StatusPageConfig } from './status/types';

/**
 * The validated, defaulted configuration (output of lib/config/load.ts). Plain JSON data:
 * the CDK app builds the stacks from it and passes each Lambda the part it needs.
 *
 * This file is the contract between the config loader (lib/config), the pure core, the
 * adapters, the CDK app and the CLI. Durations are milliseconds; times are ISO-8601 strings.
 */
export interface ResolvedConfig {
  /** Name used as the stack / namespace prefix. */
  project: string;
  /** Home region: holds the table, topics and dashboards; the first probe region. */
  homeRegion: string;
  /** All probe regions, home first. */
  regions: string[];
  /**
   * Control checks (`regions.controls`): reference endpoints outside the monitored estate that
   * every probe run also checks; all failing means the prober's own network is impaired.
   * Empty by default: impairment then comes only from other regions contradicting a region.
   */
  controls?: TargetSpec[];
  /** CloudWatch namespace for every metric. */
  metricsNamespace: string;
  /** How many days history items live in DynamoDB (TTL). */
  historyDays: number;
  /**
   * History keeps every failing or degraded result but only about one plain pass per target and
   * region per this many minutes (core/history-sample.ts); 1 = every check. Absent: the probe
   * Lambda uses DEFAULTS.historySampleMinutes (5); local runs keep every result.
   */
  historySampleMinutes?: number;
  /** Days the Lambda log groups keep their logs (the loader fills DEFAULTS.logRetentionDays). */
  logRetentionDays?: number;
  /** Targets per probe Lambda invocation (one EventBridge schedule per shard). */
  shardSize: number;
  /** Concurrent checks inside one invocation. */
  concurrency: number;
  alerting: AlertingConfig;
  /** Maintenance windows: no page while one covers a target; the state still records. */
  maintenance: MaintenanceWindow[];
  /** Tags applied to every AWS resource. */
  tags: Record<string, string>;
  targets: TargetSpec[];
  /** Data-centre capacity sources (node_exporter, JSON endpoints, CloudWatch); empty when none are configured. */
  capacity: CapacitySource[];
  /** The existing VPC private sources and targets are reached through; absent: nothing is private. */
  vpc?: VpcConfig;
  /** Service level objectives per app (`slo:`); absent: every app has the default objective. */
  slo?: SloConfig;
  /** Who may assume the operator role (`oncall.operators`); absent: the account root. */
  oncall?: OnCallConfig;
  /** The public status page (on unless `statusPage: false`); absent in hand-built configs: on, nothing hidden. */
  statusPage?: StatusPageConfig;
}

export interface OnCallConfig {
  /** IAM principal ARNs allowed to assume the operator role; empty: the account root. */
  operators: string[];
}

/**
 * An existing VPC, by ids (imported, never looked up: synth stays offline), and which targets
 * and capacity sources need it: those on private addresses, under a private zone, or marked
 * `private: true`.
 */
export interface VpcConfig {
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  /** Given: DynamoDB is reached through a gateway endpoint on these route tables (free), not an interface endpoint. */
  routeTableIds: string[];
  /** DNS suffixes (lower case, no dots at the ends) whose names resolve only inside the VPC. */
  privateZones: string[];
  /** `create`: Pantau creates the VPC endpoints the placed Lambdas need; `existing-nat`: the subnets already reach AWS. */
  endpoints: 'create' | 'existing-nat';
  /** Ids of the targets that are private. */
  privateTargets: string[];
  /** Ids of the capacity sources that are private. */
  privateSources: string[];
}

export type TopicName = 'critical' | 'warning' | 'info';

export interface Subscription {
  /** A channel type of the registry (core/channels/registry.ts). */
  protocol: ChannelType;
  endpoint: string;
  /** SNS filter policy on message attributes, e.g. { app: ['sirekap'], kind: ['down','recovered'] }. */
  filter?: Record<string, string[]>;
  /** Telegram: where the bot token is (Secrets Manager or SSM), never the token itself. */
  tokenSecret?: SecretRef;
  /** Telegram: the Bot API base URL (default https://api.telegram.org; a stand-in in tests). */
  apiBase?: string;
  /** Slack through AWS Chatbot: the workspace (team) id, e.g. T0123ABCD. */
  workspace?: string;
  /** Microsoft Teams through AWS Chatbot: the team id (a GUID). */
  team?: string;
  /** Microsoft Teams through AWS Chatbot: the tenant id (a GUID). */
  tenant?: string;
}

export interface AlertingConfig {
  /** Which topic each target severity publishes to (default critical→critical, high→warning, low→info). */
  routes: Record<Severity, TopicName>;
  topics: Record<TopicName, { subscriptions: Subscription[] }>;
  /**
   * Alert-storm grouping: when at least `threshold` alerts of the same kind for the same topic
   * and app arise within one run (or `windowMs`), they go out as ONE message listing the targets.
   */
  storm: { threshold: number; windowMs: number };
  /** IANA time zone used in message text and as the default for maintenance windows. */
  timezone: string;
  /** Language of alert text: `id`, `en` or `both` (Indonesian first); absent: English. */
  language?: Language;
  /** `alerting.security`: where security patrol alerts and the daily digest go; absent: the defaults. */
  security?: SecurityAlerting;
}

/** Routing of the security patrol's alerts (docs/alerting.md, "Security alerts"). */
export interface SecurityAlerting {
  /** Every `security` alert goes to this topic; absent: the target's own route (its severity's topic). */
  topic?: TopicName;
  /** The daily `security_digest` goes to this topic (default info). */
  digestTopic: TopicName;
}

/**
 * Alert rules of one target (defaults from `defaults:` then per app / per target overrides).
 * Lives on TargetSpec.alerting.
 */
export interface AlertRules {
  /** Consecutive failures before UP → DOWN (default 3). */
  failureThreshold: number;
  /** Consecutive successes before DOWN → UP (default 2). */
  successThreshold: number;
  /** Reminder interval while DOWN, minutes; 0 = off (default 30). */
  renotifyMinutes: number;
  /** Regions that must see the target failing; null = majority of the configured regions. */
  quorum: number | null;
  /** A region's latest observation counts for quorum only if younger than this (default 3 × interval). */
  freshnessMs: number;
  /** More than `transitions` state changes within `windowMs` → one FLAPPING alert, then quiet. */
  flapping: { transitions: number; windowMs: number };
  /**
   * Intermittent failures, judged over each region's last `of` checks beside the
   * consecutive rule: `atLeast` failures → `then` (DOWN by default), `warnAtLeast` → DEGRADED.
   * Absent or null: off (capacity resources and Pantau's own checks do not use it).
   */
  failureRate?: FailureRate | null;
}

export interface FailureRate {
  /** Window size: the region's last `of` checks, whatever the interval. */
  of: number;
  /** Failures in the window that confirm the region as failing (default 5 of 10). */
  atLeast: number;
  /** What `atLeast` failures mean: `down` (default) or `degraded`. */
  then: 'down' | 'degraded';
  /** Fewer failures that still mean DEGRADED (default 3 of 10); null: none. */
  warnAtLeast: number | null;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/**
 * A maintenance window as the config states it (times are evaluated by
 * lambdas/core/alerting/maintenance.ts). Exactly one of the three forms is set:
 * - one-off: `start` and `end` (ISO local date-time in `timezone`, or with an offset);
 * - cron: `cron` (5-field, in `timezone`) + `durationMs`;
 * - weekly: `weekdays` + `at` ("HH:MM" in `timezone`) + `durationMs`.
 */
export interface MaintenanceWindow {
  name: string;
  /** Target ids covered; with `apps` both empty, the window covers every target. */
  targets: string[];
  /** Apps covered (every target of the app). */
  apps: string[];
  timezone: string;
  start?: string;
  end?: string;
  cron?: string;
  weekdays?: Weekday[];
  at?: string;
  durationMs?: number;
}
