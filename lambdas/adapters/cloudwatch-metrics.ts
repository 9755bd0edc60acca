import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import type { MetricSeries } from '../core/metrics';

/**
 * Publishes metric series with PutMetricData, batched: a datum carries up to 150 values
 * (Values/Counts), a request up to 1000 datums. Values are grouped per series by the core, so a
 * run over hundreds of targets costs a handful of requests.
 */

const MAX_VALUES_PER_DATUM = 150;
const MAX_DATUMS_PER_REQUEST = 1000;

/** Anything shaped like a metric series (probe or capacity metrics). */
export type SeriesLike = Pick<MetricSeries, 'dimensions' | 'unit' | 'values' | 'timestamp'> & { name: string };

export function toMetricData(series: SeriesLike[]): MetricDatum[] {
  const data: MetricDatum[] = [];
  for (const s of series) {
    // Values and Counts: repeated values are sent once with a count, which is cheaper and
    // keeps statistics exact.
    const counts = new Map<number, number>();
    for (const v of s.values) counts.set(v, (counts.get(v) ?? 0) + 1);
    const entries = [...counts.entries()];
    for (let i = 0; i < entries.length; i += MAX_VALUES_PER_DATUM) {
      const chunk = entries.slice(i, i + MAX_VALUES_PER_DATUM);
      data.push({
        MetricName: s.name,
        Dimensions: Object.entries(s.dimensions).map(([Name, Value]) => ({ Name, Value })),
        Unit: s.unit,
        Timestamp: s.timestamp,
        Values: chunk.map(([v]) => v),
        Counts: chunk.map(([, c]) => c),
      });
    }
  }
  return data;
}

export class CloudWatchMetrics {
  constructor(
    private readonly client: CloudWatchClient,
    private readonly namespace: string,
  ) {}

  /** Sends every series; returns the number of PutMetricData requests made. */
  async publish(series: SeriesLike[]): Promise<number> {
    const data = toMetricData(series);
    let requests = 0;
    for (let i = 0; i < data.length; i += MAX_DATUMS_PER_REQUEST) {
      await this.client.send(
        new PutMetricDataCommand({
          Namespace: this.namespace,
          MetricData: data.slice(i, i + MAX_DATUMS_PER_REQUEST),
        }),
      );
      requests++;
    }
    return requests;
  }
}
