import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { MetricMathQuery } from '../core/slo/budget-query';
import type { MetricMathReader } from '../ports/metric-math';

/** The expression's id in the request; the metrics keep theirs (the expression refers to them). */
export const RESULT_ID = 'result';

/** The GetMetricData request of one metric-math query: the metrics hidden, the expression returned. */
export function metricMathRequest(query: MetricMathQuery) {
  const metrics: MetricDataQuery[] = query.metrics.map((m) => ({
    Id: m.id,
    MetricStat: {
      Metric: { Namespace: query.namespace, MetricName: m.metricName, Dimensions: Object.entries(m.dimensions).map(([Name, Value]) => ({ Name, Value })) },
      Period: query.periodSeconds,
      Stat: m.stat,
    },
    ReturnData: false,
  }));
  return {
    MetricDataQueries: [...metrics, { Id: RESULT_ID, Expression: query.expression, ReturnData: true }],
    StartTime: query.startTime,
    EndTime: query.endTime,
    ScanBy: 'TimestampDescending' as const,
  };
}

export class CloudWatchMetricMath implements MetricMathReader {
  constructor(private readonly client: CloudWatchClient) {}

  async latestValue(query: MetricMathQuery): Promise<number | null> {
    const out = await this.client.send(new GetMetricDataCommand(metricMathRequest(query)));
    const result = out.MetricDataResults?.find((r) => r.Id === RESULT_ID);
    const value = result?.Values?.[0];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
}
