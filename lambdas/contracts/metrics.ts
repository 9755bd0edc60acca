/**
 * CloudWatch metric names and dimension names Pantau publishes. The Lambdas publish them
 * (core/metrics.ts, core/capacity/metrics.ts); the CDK app charts and alarms on them and counts
 * what they cost. A metric is found only by the exact (namespace, name, dimension set), so a name
 * spelt differently on one side is a dashboard that stays empty or an alarm that never fires.
 * The namespace itself is configurable (`metricsNamespace`, default in defaults.ts).
 */

/** Probe metrics, in the order they are listed everywhere (breakdowns, docs). */
export const PROBE_METRIC_NAMES = ['Up', 'LatencyMs', 'DnsMs', 'ConnectMs', 'TlsMs', 'TtfbMs', 'TransferMs', 'CertDaysLeft', 'SecurityFindings'] as const;
export type ProbeMetricName = (typeof PROBE_METRIC_NAMES)[number];

/**
 * Dimensions of probe metrics. Every result feeds its app's series (App, Region); a target with
 * `metrics: detailed` also feeds its own (App, Region, Target).
 */
export const PROBE_DIMENSIONS = { app: 'App', region: 'Region', target: 'Target' } as const;
export type ProbeDimension = (typeof PROBE_DIMENSIONS)[keyof typeof PROBE_DIMENSIONS];

/** Capacity metrics of one resource; hours because CloudWatch has no hour unit. */
export const CAPACITY_METRIC_NAMES = ['Utilisation', 'HeadroomPct', 'HoursToExhaustion'] as const;
export type CapacityMetricName = (typeof CAPACITY_METRIC_NAMES)[number];

export const CAPACITY_DIMENSIONS = { site: 'Site', resource: 'Resource' } as const;
export type CapacityDimension = (typeof CAPACITY_DIMENSIONS)[keyof typeof CAPACITY_DIMENSIONS];

/**
 * The dead-man metric: one value per probe round or capacity run of one shard, in the region the
 * schedule runs in. `Shard` is the probe shard's name or the capacity group's.
 */
export const HEARTBEAT_METRIC = 'Heartbeat';
export type HeartbeatMetricName = typeof HEARTBEAT_METRIC;

export const HEARTBEAT_DIMENSIONS = { region: 'Region', shard: 'Shard' } as const;
export type HeartbeatDimension = (typeof HEARTBEAT_DIMENSIONS)[keyof typeof HEARTBEAT_DIMENSIONS];

/** The dimension sets of the published series, each in the order the series carry it. */
export const SERIES_DIMENSIONS = {
  app: [PROBE_DIMENSIONS.app, PROBE_DIMENSIONS.region],
  target: [PROBE_DIMENSIONS.app, PROBE_DIMENSIONS.region, PROBE_DIMENSIONS.target],
  resource: [CAPACITY_DIMENSIONS.site, CAPACITY_DIMENSIONS.resource],
  shard: [HEARTBEAT_DIMENSIONS.region, HEARTBEAT_DIMENSIONS.shard],
} as const;

/** Every metric name Pantau publishes to its namespace. */
export type PantauMetricName = ProbeMetricName | CapacityMetricName | HeartbeatMetricName;
