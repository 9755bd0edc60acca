import type { CheckResult, Phases } from './types';
import { digestFindings } from './patrol/observations';
import {
  HEARTBEAT_DIMENSIONS,
  HEARTBEAT_METRIC,
  PROBE_DIMENSIONS,
  PROBE_METRIC_NAMES,
  type ProbeMetricName,
} from '../contracts/metrics';

// The names live in contracts (the CDK app reads them too); re-exported for importers of the core.
export { HEARTBEAT_METRIC, PROBE_METRIC_NAMES, type ProbeMetricName };

/**
 * Turns check results into CloudWatch metric data, choosing dimensions for cost.
 *
 * Every distinct (metric name, dimension set) is a billed custom metric ($0.30/month), so by
 * default a result only feeds its app's series (`App`, `Region`): CloudWatch statistics over the
 * datapoints of all the app's targets give availability (Average of `Up`) and latency
 * percentiles. A target with `metrics: detailed` also feeds its own series (`App`, `Region`,
 * `Target`). Per-target history always lives in DynamoDB, which costs cents.
 */

export type MetricUnit = 'Count' | 'Milliseconds' | 'Percent' | 'None';

/** One metric series with all the values observed in this run (sent as Values/Counts). */
export interface MetricSeries {
  name: ProbeMetricName | typeof HEARTBEAT_METRIC;
  dimensions: Record<string, string>;
  unit: MetricUnit;
  values: number[];
  timestamp: Date;
}

/** The unit of each probe metric (names: contracts/metrics.ts); phase metrics are named after the phase. */
export const PROBE_METRICS = {
  Up: 'Count',
  LatencyMs: 'Milliseconds',
  DnsMs: 'Milliseconds',
  ConnectMs: 'Milliseconds',
  TlsMs: 'Milliseconds',
  TtfbMs: 'Milliseconds',
  TransferMs: 'Milliseconds',
  CertDaysLeft: 'None',
  SecurityFindings: 'Count',
} as const satisfies Record<ProbeMetricName, MetricUnit>;

const PHASE_METRICS: ReadonlyArray<[keyof Omit<Phases, 'total'>, ProbeMetricName]> = [
  ['dns', 'DnsMs'],
  ['connect', 'ConnectMs'],
  ['tls', 'TlsMs'],
  ['ttfb', 'TtfbMs'],
  ['transfer', 'TransferMs'],
];

/** The values one result contributes, by metric name (phases only when they happened). */
export function metricValues(result: CheckResult): Array<[ProbeMetricName, number]> {
  const values: Array<[ProbeMetricName, number]> = [
    ['Up', result.ok ? 1 : 0],
    ['LatencyMs', result.latencyMs],
  ];
  for (const [phase, name] of PHASE_METRICS) {
    const ms = result.phases[phase];
    if (ms !== null) values.push([name, ms]);
  }
  if (result.certDaysLeft !== null) values.push(['CertDaysLeft', result.certDaysLeft]);
  // The patrol's paging findings (a count: 0 is a judged, clean check); digest findings are not counted.
  if (result.patrol) values.push(['SecurityFindings', pageFindingCount(result)]);
  return values;
}

function pageFindingCount(result: CheckResult): number {
  return (result.patrol?.findings.length ?? 0) - digestFindings(result).length;
}

/**
 * Groups results into series. `detailed` is the set of target ids that also get per-target
 * series. Latency of failed checks is left out of latency series: a 10 s timeout is not a
 * latency figure, and `Up` already counts it.
 */
export function buildMetricSeries(
  results: CheckResult[],
  detailed: ReadonlySet<string>,
  now: Date = new Date(),
): MetricSeries[] {
  const byKey = new Map<string, MetricSeries>();
  const add = (name: ProbeMetricName, dimensions: Record<string, string>, value: number): void => {
    const key = `${name}|${Object.entries(dimensions).map(([k, v]) => `${k}=${v}`).join(',')}`;
    let series = byKey.get(key);
    if (!series) {
      series = { name, dimensions, unit: PROBE_METRICS[name], values: [], timestamp: now };
      byKey.set(key, series);
    }
    series.values.push(value);
  };

  for (const result of results) {
    const appDims = { [PROBE_DIMENSIONS.app]: result.app, [PROBE_DIMENSIONS.region]: result.region };
    const targetDims = detailed.has(result.target) ? { ...appDims, [PROBE_DIMENSIONS.target]: result.target } : null;
    for (const [name, value] of metricValues(result)) {
      if (!result.ok && name !== 'Up' && name !== 'CertDaysLeft') continue;
      add(name, appDims, value);
      if (targetDims) add(name, targetDims, value);
    }
  }
  return [...byKey.values()];
}

/**
 * The dead-man metric: one value per probe round (or capacity run) of one shard, dimensions
 * `Region` and `Shard`. A CloudWatch alarm per shard and region watches it with a period that
 * follows the shard's schedule (lib/constructs/dead-man.ts), so one dead schedule among live
 * ones is seen. It is its own series (not `Up`) because an app's `Up` keeps arriving from the
 * app's other shards while one shard is dead.
 */
export function heartbeatSeries(region: string, shard: string, now: Date = new Date()): MetricSeries {
  return { name: HEARTBEAT_METRIC, dimensions: { [HEARTBEAT_DIMENSIONS.region]: region, [HEARTBEAT_DIMENSIONS.shard]: shard }, unit: 'Count', values: [1], timestamp: now };
}
