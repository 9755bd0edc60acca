import { PROBE_DIMENSIONS, type ProbeMetricName } from '../../contracts/metrics';
import { errorBudget } from './math';
import { objectivePct, type SloObjective } from './objectives';
import type { SloSpec } from './types';

/**
 * CloudWatch metric math for an app's objective, built once for every reader: the burn-rate
 * alarms (lib/constructs/slo-alarms.ts), the overview's budget tile (lib/dashboards/overview.ts)
 * and the alarm relay's GetMetricData (adapters/cloudwatch-slo-budget.ts). Pure strings and plain
 * objects: each reader wraps them in its own shape (CDK metric, dashboard row, SDK query).
 *
 * The share of good events per probe region, averaged over the regions:
 * - availability: `Average` of `Up` (1 good, 0 failed) — a fraction;
 * - latency: `PR(:thresholdMs)` of `LatencyMs`, the percentile rank, the percent of successful
 *   checks at or under the threshold. It works because the probe publishes raw values
 *   (Values/Counts), not statistic sets, and a failed check has no latency value.
 */

export interface SloMetricQuery {
  /** Metric-math id (a lower-case letter, then letters and digits). */
  id: string;
  metricName: ProbeMetricName;
  dimensions: Record<string, string>;
  stat: string;
}

export interface SloMath {
  /** One query per probe region. */
  metrics: SloMetricQuery[];
  /** The good share over all regions as a fraction (0..1), referring to the metrics' ids. */
  goodFraction: string;
}

/** The metric queries and the good-share expression of one app's objective. `key` prefixes the ids. */
export function sloMath(regions: readonly string[], app: string, slo: SloSpec, objective: SloObjective, key: string): SloMath {
  const ids = regions.map((_, r) => `${key}${r}`);
  const metricName: ProbeMetricName = objective === 'availability' ? 'Up' : 'LatencyMs';
  const stat = objective === 'availability' ? 'Average' : `PR(:${slo.latency.thresholdMs})`;
  const metrics = regions.map((region, r) => ({
    id: ids[r]!,
    metricName,
    dimensions: { [PROBE_DIMENSIONS.app]: app, [PROBE_DIMENSIONS.region]: region },
    stat,
  }));
  const mean = `AVG([${ids.join(', ')}])`;
  return { metrics, goodFraction: objective === 'availability' ? mean : `${mean} / 100` };
}

/** Burn rate: the bad share over the budget (1 spends the budget exactly over the SLO window). */
export function burnRateExpression(goodFraction: string, slo: SloSpec, objective: SloObjective): string {
  return `(1 - ${goodFraction}) / ${errorBudget(objectivePct(slo, objective)).toPrecision(6)}`;
}

/** Budget left in percent over the window read: 100 untouched, 0 exactly met, below 0 missed. */
export function budgetLeftPctExpression(goodFraction: string, slo: SloSpec, objective: SloObjective): string {
  return `100 * (1 - ${burnRateExpression(goodFraction, slo, objective)})`;
}
