import type { Severity, TargetSpec } from './types';

/**
 * The validated, defaulted configuration (output of lib/config/load.ts). Plain JSON data:
 * the CDK app builds the stacks from it and passes each Lambda the part it needs.
 */
export interface ResolvedConfig {
  /** Name used as the stack / namespace prefix. */
  project: string;
  /** Home region: holds the table, topics and dashboards; the first probe region. */
  homeRegion: string;
  /** All probe regions, home first. */
  regions: string[];
  /** CloudWatch namespace for every metric. */
  metricsNamespace: string;
  /** How many days history items live in DynamoDB (TTL). */
  historyDays: number;
  /** Targets per probe Lambda invocation (one EventBridge schedule per shard). */
  shardSize: number;
  /** Concurrent checks inside one invocation. */
  concurrency: number;
  alerting: AlertingConfig;
  /** Tags applied to every AWS resource. */
  tags: Record<string, string>;
  targets: TargetSpec[];
}

export type TopicName = 'critical' | 'warning' | 'info';

export interface Subscription {
  protocol: 'email' | 'sms' | 'https';
  endpoint: string;
  /** SNS filter policy on message attributes, e.g. { app: ['sirekap'] }. */
  filter?: Record<string, string[]>;
}

export interface AlertingConfig {
  /** Which topic each target severity publishes to. */
  routes: Record<Severity, TopicName>;
  topics: Record<TopicName, { subscriptions: Subscription[] }>;
}
