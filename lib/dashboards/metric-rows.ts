import {
  CAPACITY_DIMENSIONS,
  HEARTBEAT_DIMENSIONS,
  HEARTBEAT_METRIC,
  PROBE_DIMENSIONS,
  type CapacityMetricName,
  type ProbeMetricName,
} from '../../lambdas/contracts/metrics';
import type { MetricOptions, MetricRow } from './widgets';

/**
 * Metric rows of the dashboards, built from the metric catalogue (lambdas/contracts/metrics.ts):
 * the dashboards never spell a metric or dimension name. Metric names are typed, so a name the
 * Lambdas do not publish does not compile.
 */

/** Default period of dashboard metrics, seconds. */
export const DASHBOARD_PERIOD = 300;

export interface MetricRows {
  namespace: string;
  /** A probe metric of one app seen from one region (the per-app series). */
  probe(name: ProbeMetricName, app: string, region: string, options?: MetricOptions): MetricRow;
  /** A probe metric of one target with `metrics: detailed` (its own series). */
  probeTarget(name: ProbeMetricName, app: string, region: string, target: string, options?: MetricOptions): MetricRow;
  capacity(name: CapacityMetricName, site: string, resource: string, options?: MetricOptions): MetricRow;
  /** Every resource of a site, including those discovered at run time (node-exporter presets). */
  capacitySearch(name: CapacityMetricName, site: string, statistic: string, id: string): MetricRow;
  /** Heartbeats of every shard of one region, one line per shard (SEARCH: shards are numbered at synth time). */
  heartbeatSearch(region: string, id: string): MetricRow;
  /** `Up` samples a probe region sent for all apps (Metrics Insights: `Up` exists only per App and Region). */
  samplesFrom(region: string, id: string): MetricRow;
}

export function metricRows(namespace: string): MetricRows {
  const { app: App, region: Region } = PROBE_DIMENSIONS;
  const { site: Site, resource: Resource } = CAPACITY_DIMENSIONS;
  const up: ProbeMetricName = 'Up';
  return {
    namespace,
    probe: (name, app, region, options = {}) => [namespace, name, App, app, Region, region, options],
    probeTarget: (name, app, region, target, options = {}) => [namespace, name, App, app, Region, region, PROBE_DIMENSIONS.target, target, options],
    capacity: (name, site, resource, options = {}) => [namespace, name, Resource, resource, Site, site, options],
    capacitySearch: (name, site, statistic, id) => [
      {
        id,
        expression: `SEARCH('{${namespace},${Site},${Resource}} MetricName="${name}" ${Site}="${site}"', '${statistic}', ${DASHBOARD_PERIOD})`,
      },
    ],
    heartbeatSearch: (region, id) => [
      {
        id,
        expression: `SEARCH('{${namespace},${HEARTBEAT_DIMENSIONS.region},${HEARTBEAT_DIMENSIONS.shard}} MetricName="${HEARTBEAT_METRIC}" ${HEARTBEAT_DIMENSIONS.region}="${region}"', 'SampleCount', ${DASHBOARD_PERIOD})`,
        label: `heartbeats ${region}`,
      },
    ],
    samplesFrom: (region, id) => [
      {
        id,
        expression: `SELECT COUNT(${up}) FROM SCHEMA("${namespace}", ${App}, ${Region}) WHERE ${Region} = '${region}'`,
        label: `${up} samples from ${region}`,
      },
    ],
  };
}
