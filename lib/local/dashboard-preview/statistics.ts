/**
 * CloudWatch statistics over raw datapoints, per period: what a dashboard shows for a metric is a
 * statistic of the datapoints that fell in each period, so the preview computes the same.
 */

export interface Datapoint {
  /** Epoch ms. */
  tMs: number;
  value: number;
}

/** A series on a time grid: `values[i]` belongs to the period starting at `times[i]` (epoch s); NaN = no data. */
export interface GridSeries {
  times: number[];
  values: number[];
}

/** The periods a chart spans: starts at `fromMs` (aligned to the period), `count` periods of `periodS`. */
export interface TimeGrid {
  fromMs: number;
  periodS: number;
  count: number;
}

export function gridFor(fromMs: number, toMs: number, periodS: number): TimeGrid {
  const periodMs = periodS * 1000;
  const start = Math.floor(fromMs / periodMs) * periodMs;
  return { fromMs: start, periodS, count: Math.max(1, Math.floor((toMs - start) / periodMs) + 1) };
}

export const gridTimes = (grid: TimeGrid): number[] =>
  Array.from({ length: grid.count }, (_, i) => Math.round(grid.fromMs / 1000) + i * grid.periodS);

/** The statistic of each period's datapoints, NaN where a period has none. */
export function aggregate(points: readonly Datapoint[], stat: string, grid: TimeGrid): GridSeries {
  const buckets: number[][] = Array.from({ length: grid.count }, () => []);
  const periodMs = grid.periodS * 1000;
  for (const p of points) {
    const i = Math.floor((p.tMs - grid.fromMs) / periodMs);
    if (i >= 0 && i < grid.count) buckets[i]!.push(p.value);
  }
  const reduce = statistic(stat);
  return { times: gridTimes(grid), values: buckets.map((b) => (b.length === 0 ? NaN : reduce(b))) };
}

/** The reducer of a CloudWatch statistic name; an unknown one reads as Average (CloudWatch's default). */
export function statistic(stat: string): (values: number[]) => number {
  const percentile = /^p(\d+(?:\.\d+)?)$/i.exec(stat);
  if (percentile) return (values) => percentileOf(values, Number(percentile[1]));
  const trimmed = /^tm(\d+(?:\.\d+)?)$/i.exec(stat);
  if (trimmed) return (values) => trimmedMean(values, Number(trimmed[1]));
  switch (stat.toLowerCase()) {
    case 'sum':
      return sum;
    case 'minimum':
    case 'min':
      return (values) => Math.min(...values);
    case 'maximum':
    case 'max':
      return (values) => Math.max(...values);
    case 'samplecount':
      return (values) => values.length;
    default:
      return (values) => sum(values) / values.length;
  }
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/** Nearest-rank percentile, as CloudWatch reports on raw values. */
export function percentileOf(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Mean of the values at or below the p-th percentile. */
function trimmedMean(values: number[], p: number): number {
  const limit = percentileOf(values, p);
  const kept = values.filter((v) => v <= limit);
  return sum(kept) / kept.length;
}
