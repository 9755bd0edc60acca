import { describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { buildMetricSeries } from '../../../lambdas/core/metrics';
import { CloudWatchMetrics, toMetricData } from '../../../lambdas/adapters/cloudwatch-metrics';
import { makeResult } from '../../support/results';

const NOW = new Date('2026-11-24T03:00:00Z');

describe('CloudWatchMetrics', () => {
  it('sends Values/Counts datums, at most 1000 per request', async () => {
    const cw = mockClient(CloudWatchClient);
    cw.on(PutMetricDataCommand).resolves({});
    const many = Array.from({ length: 1200 }, (_, i) =>
      makeResult({ target: `t${i}`, app: `app${i}`, phases: { dns: null, connect: null, tls: null, ttfb: null, transfer: null, total: 5 }, latencyMs: 5 }),
    );
    const series = buildMetricSeries(many, new Set(), NOW); // 1200 apps × (Up, LatencyMs)
    const requests = await new CloudWatchMetrics(new CloudWatchClient({ region: 'ap-southeast-3' }), 'Pantau').publish(series);
    expect(requests).toBe(3);
    const calls = cw.commandCalls(PutMetricDataCommand);
    expect(calls.map((c) => c.args[0].input.MetricData!.length)).toEqual([1000, 1000, 400]);
    expect(calls[0]!.args[0].input).toMatchObject({ Namespace: 'Pantau' });
    expect(calls[0]!.args[0].input.MetricData![0]).toEqual({
      MetricName: 'Up',
      Dimensions: [{ Name: 'App', Value: 'app0' }, { Name: 'Region', Value: 'ap-southeast-3' }],
      Unit: 'Count',
      Timestamp: NOW,
      Values: [1],
      Counts: [1],
    });
    cw.restore();
  });

  it('collapses repeated values into counts and splits beyond 150 distinct values', () => {
    const values = [...Array.from({ length: 200 }, (_, i) => i), 1, 1];
    const data = toMetricData([{ name: 'LatencyMs', dimensions: { App: 'x' }, unit: 'Milliseconds', values, timestamp: NOW }]);
    expect(data).toHaveLength(2);
    expect(data[0]!.Values).toHaveLength(150);
    expect(data[0]!.Counts![1]).toBe(3);
    expect(data[1]!.Values).toHaveLength(50);
  });
});
