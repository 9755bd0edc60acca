import { CAPACITY_DIMENSIONS, type CapacityDimension, type CapacityMetricName } from '../../contracts/metrics';
import type { MetricUnit } from '../metrics';
import type { CapacityReading } from './types';

/**
 * CloudWatch series of a capacity run: `Utilisation`, `HeadroomPct` and (when known)
 * `HoursToExhaustion`, dimensions (Site, Resource). Each (metric, Site, Resource) is one billed
 * custom metric: 3 × resources × $0.30/month. Structurally a SeriesLike
 * (lambdas/adapters/cloudwatch-metrics.ts), so CloudWatchMetrics.publish() takes it as is.
 */

export interface CapacityMetricSeries {
  name: CapacityMetricName;
  dimensions: Record<CapacityDimension, string>;
  unit: MetricUnit;
  values: number[];
  timestamp: Date;
}

export function capacitySeries(readings: readonly CapacityReading[]): CapacityMetricSeries[] {
  const series: CapacityMetricSeries[] = [];
  for (const r of readings) {
    const dimensions = { [CAPACITY_DIMENSIONS.site]: r.site, [CAPACITY_DIMENSIONS.resource]: r.resource };
    const timestamp = new Date(r.ts);
    series.push({ name: 'Utilisation', dimensions, unit: 'Percent', values: [round(r.utilisation)], timestamp });
    series.push({ name: 'HeadroomPct', dimensions, unit: 'Percent', values: [round(r.headroomPct)], timestamp });
    // Hours: CloudWatch has no hour unit (only Seconds); the metric name carries it.
    // Unknown is left out rather than sent as 0 or a sentinel: 0 would read as "full now".
    if (r.hoursToExhaustion !== null) {
      series.push({ name: 'HoursToExhaustion', dimensions, unit: 'None', values: [round(r.hoursToExhaustion)], timestamp });
    }
  }
  return series;
}

const round = (v: number): number => Math.round(v * 1000) / 1000;
