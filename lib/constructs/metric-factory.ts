import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  CAPACITY_DIMENSIONS,
  CAPACITY_METRIC_NAMES,
  HEARTBEAT_DIMENSIONS,
  HEARTBEAT_METRIC,
  PROBE_DIMENSIONS,
  PROBE_METRIC_NAMES,
  type CapacityMetricName,
  type PantauMetricName,
  type ProbeMetricName,
} from '../../lambdas/contracts/metrics';

/**
 * The CloudWatch metrics the Lambdas publish, as CDK metric objects: dashboards and alarms ask for
 * `probe.up(app, region)` or `heartbeat(shard, region, …)` and never spell a metric or dimension
 * name themselves. Names and dimensions come from the shared contracts; the namespace is the
 * config's `metricsNamespace`.
 */

/** Default period of dashboard metrics. */
export const PERIOD = Duration.minutes(5);

/** Every metric name the factory can build, for checks that a published name is charted one way. */
export const KNOWN_METRIC_NAMES: ReadonlySet<string> = new Set<PantauMetricName>([
  ...PROBE_METRIC_NAMES,
  ...CAPACITY_METRIC_NAMES,
  HEARTBEAT_METRIC,
]);

export interface ProbeMetrics {
  /** Any probe metric of one app seen from one region (the per-app series). */
  metric(name: ProbeMetricName, app: string, region: string, statistic: string, label?: string): cloudwatch.Metric;
  /** Average of `Up` is the share of good checks. */
  up(app: string, region: string, label?: string): cloudwatch.Metric;
  latency(app: string, region: string, statistic: string, label?: string): cloudwatch.Metric;
  /** The lowest days left of any certificate of the app. */
  certDaysLeft(app: string, region: string, label?: string): cloudwatch.Metric;
  /**
   * Number of `Up` samples a probe region sent for all apps — a Metrics Insights query, because
   * `Up` exists only per (App, Region) and a metric of one app would miss the others.
   */
  samplesFrom(region: string, label?: string): cloudwatch.MathExpression;
}

export interface CapacityMetrics {
  metric(name: CapacityMetricName, site: string, resource: string, statistic: string): cloudwatch.Metric;
  usedPct(site: string, resource: string, statistic?: string): cloudwatch.Metric;
  headroomPct(site: string, resource: string, statistic?: string): cloudwatch.Metric;
  hoursToExhaustion(site: string, resource: string, statistic?: string): cloudwatch.Metric;
  /** Every resource of a site, including those only discovered at run time (node-exporter presets). */
  searchSite(name: CapacityMetricName, site: string, statistic: string): cloudwatch.MathExpression;
}

export interface MetricFactory {
  readonly namespace: string;
  readonly probe: ProbeMetrics;
  readonly capacity: CapacityMetrics;
  /** Heartbeats of one schedule (a probe shard in a region, or a capacity group), counted per `period`. */
  heartbeat(shard: string, region: string, period: Duration): cloudwatch.Metric;
}

export function metricFactory(namespace: string): MetricFactory {
  return {
    namespace,
    probe: probeMetrics(namespace),
    capacity: capacityMetrics(namespace),
    heartbeat: (shard, region, period) =>
      new cloudwatch.Metric({
        namespace,
        metricName: HEARTBEAT_METRIC,
        dimensionsMap: { [HEARTBEAT_DIMENSIONS.region]: region, [HEARTBEAT_DIMENSIONS.shard]: shard },
        statistic: 'SampleCount',
        period,
      }),
  };
}

function probeMetrics(namespace: string): ProbeMetrics {
  const { app: App, region: Region } = PROBE_DIMENSIONS;
  const metric: ProbeMetrics['metric'] = (name, app, region, statistic, label) =>
    new cloudwatch.Metric({ namespace, metricName: name, dimensionsMap: { [App]: app, [Region]: region }, statistic, period: PERIOD, label });
  const up: ProbeMetricName = 'Up';
  return {
    metric,
    up: (app, region, label) => metric(up, app, region, 'Average', label),
    latency: (app, region, statistic, label) => metric('LatencyMs', app, region, statistic, label),
    certDaysLeft: (app, region, label) => metric('CertDaysLeft', app, region, 'Minimum', label),
    samplesFrom: (region, label) =>
      new cloudwatch.MathExpression({
        expression: `SELECT COUNT(${up}) FROM SCHEMA("${namespace}", ${App}, ${Region}) WHERE ${Region} = '${region}'`,
        period: PERIOD,
        label: label ?? `${up} samples from ${region}`,
      }),
  };
}

function capacityMetrics(namespace: string): CapacityMetrics {
  const { site: Site, resource: Resource } = CAPACITY_DIMENSIONS;
  const metric: CapacityMetrics['metric'] = (name, site, resource, statistic) =>
    new cloudwatch.Metric({
      namespace,
      metricName: name,
      dimensionsMap: { [Site]: site, [Resource]: resource },
      statistic,
      period: PERIOD,
      label: `${site} ${resource}`,
    });
  return {
    metric,
    usedPct: (site, resource, statistic = 'Maximum') => metric('Utilisation', site, resource, statistic),
    headroomPct: (site, resource, statistic = 'Minimum') => metric('HeadroomPct', site, resource, statistic),
    hoursToExhaustion: (site, resource, statistic = 'Minimum') => metric('HoursToExhaustion', site, resource, statistic),
    searchSite: (name, site, statistic) =>
      new cloudwatch.MathExpression({
        expression: `SEARCH('{${namespace},${Site},${Resource}} MetricName="${name}" ${Site}="${site}"', '${statistic}', ${PERIOD.toSeconds()})`,
        period: PERIOD,
      }),
  };
}
