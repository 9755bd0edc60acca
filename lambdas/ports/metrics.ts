import type { MetricSeries } from '../core/metrics';

/** Where a probe cycle's metric series go (CloudWatch in AWS, a counter in the CLI). */
export interface MetricsPublisher {
  /** Returns how many series were published. */
  publish(series: MetricSeries[]): Promise<number>;
}
