import { buildMetricSeries } from '../../../lambdas/core/metrics';
import type { CheckResult } from '../../../lambdas/core/types';
import { CAPACITY_DIMENSIONS, type CapacityMetricName } from '../../../lambdas/contracts/metrics';
import type { Datapoint } from './statistics';

/**
 * The local metric source: the datapoints Pantau would have published to CloudWatch, rebuilt from
 * what the local store keeps. Probe metrics come from the stored check results through the
 * Lambda's own `buildMetricSeries` (same names, dimensions and the same rule that failed checks
 * carry no latency), so a dashboard widget finds locally exactly the series it would find in
 * CloudWatch. Capacity metrics come from the stored samples (utilisation, headroom) and each
 * resource's state (hours to exhaustion, the latest forecast only: the store keeps no history of it).
 */

export interface StoredCapacity {
  site: string;
  resource: string;
  /** Utilisation samples (0–100), oldest first. */
  points: Array<{ tMs: number; value: number }>;
  /** The resource's latest forecast, when it has one. */
  hoursToExhaustion?: { tMs: number; value: number } | null;
}

export interface LocalMetricInput {
  namespace: string;
  results: readonly CheckResult[];
  /** Targets with `metrics: detailed`, which also publish per-target series. */
  detailedTargets: ReadonlySet<string>;
  capacity: readonly StoredCapacity[];
}

export interface LocalSeries {
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
  points: Datapoint[];
}

const keyOf = (namespace: string, name: string, dimensions: Record<string, string>): string =>
  [namespace, name, ...Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`)].join('\u0000');

export class LocalMetricSource {
  private readonly byKey = new Map<string, LocalSeries>();

  add(namespace: string, name: string, dimensions: Record<string, string>, point: Datapoint): void {
    const key = keyOf(namespace, name, dimensions);
    let series = this.byKey.get(key);
    if (!series) this.byKey.set(key, (series = { namespace, name, dimensions, points: [] }));
    series.points.push(point);
  }

  /** The datapoints of exactly this metric (CloudWatch matches the whole dimension set). */
  lookup(namespace: string, name: string, dimensions: Record<string, string>): Datapoint[] {
    return this.byKey.get(keyOf(namespace, name, dimensions))?.points ?? [];
  }

  series(): LocalSeries[] {
    return [...this.byKey.values()];
  }

  /** First and last datapoint times, or null when there is no data at all. */
  span(): { fromMs: number; toMs: number } | null {
    let fromMs = Infinity;
    let toMs = -Infinity;
    for (const s of this.byKey.values()) {
      for (const p of s.points) {
        fromMs = Math.min(fromMs, p.tMs);
        toMs = Math.max(toMs, p.tMs);
      }
    }
    return Number.isFinite(fromMs) ? { fromMs, toMs } : null;
  }
}

export function localMetricSource(input: LocalMetricInput): LocalMetricSource {
  const source = new LocalMetricSource();
  for (const result of input.results) {
    const at = new Date(result.ts);
    for (const series of buildMetricSeries([result], input.detailedTargets, at)) {
      for (const value of series.values) source.add(input.namespace, series.name, series.dimensions, { tMs: at.getTime(), value });
    }
  }
  for (const resource of input.capacity) {
    const dimensions = { [CAPACITY_DIMENSIONS.site]: resource.site, [CAPACITY_DIMENSIONS.resource]: resource.resource };
    const add = (name: CapacityMetricName, point: Datapoint) => source.add(input.namespace, name, dimensions, point);
    for (const p of resource.points) {
      add('Utilisation', { tMs: p.tMs, value: p.value });
      add('HeadroomPct', { tMs: p.tMs, value: 100 - p.value });
    }
    if (resource.hoursToExhaustion) add('HoursToExhaustion', resource.hoursToExhaustion);
  }
  return source;
}
