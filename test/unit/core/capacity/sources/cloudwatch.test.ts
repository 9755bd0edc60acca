import { describe, expect, it } from 'vitest';
import { cloudWatchSource } from '../../../../../lambdas/core/capacity/sources/cloudwatch';
import { DEFAULT_THRESHOLDS } from '../../../../../lambdas/core/capacity/levels';
import type { CloudWatchSource } from '../../../../../lambdas/core/capacity/types';
import { fakeIo } from './fake-io';

const spec: CloudWatchSource = {
  type: 'cloudwatch',
  region: 'us-east-1',
  resources: [
    { name: 'db-storage', unit: 'bytes', namespace: 'AWS/RDS', metric: 'FreeStorageSpace', dimensions: { DBInstanceIdentifier: 'sirekap' }, stat: 'Average', meaning: 'free', total: 1000, periodSeconds: 300 },
  ],
};
const source = { id: 'aws/0', site: 'aws', intervalMs: 300_000, timeoutMs: 10_000, severity: 'high' as const, thresholds: DEFAULT_THRESHOLDS, lookbackMs: null, source: spec };

describe('cloudwatch source type', () => {
  it('sends one GetMetricData request in the source region and reads the newest datapoint', async () => {
    const io = fakeIo({
      metricData: [{ Id: 'm0', Timestamps: [new Date('2026-11-30T23:50:00Z'), new Date('2026-11-30T23:55:00Z')], Values: [500, 250] }],
    });
    const out = await cloudWatchSource.read(source, io);
    expect(io.calls).toEqual(['getMetricData us-east-1', 'history db-storage']);
    expect(io.metricInputs[0]!.input.MetricDataQueries).toEqual([
      {
        Id: 'm0',
        MetricStat: { Metric: { Namespace: 'AWS/RDS', MetricName: 'FreeStorageSpace', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'sirekap' }] }, Period: 300, Stat: 'Average' },
        ReturnData: true,
      },
    ]);
    expect(out.results).toEqual([{ ok: true, resource: 'db-storage', reading: expect.objectContaining({ used: 750, total: 1000, ts: '2026-12-01T00:00:00.000Z' }) }]);
  });

  it('needs GetMetricData on * (it has no resource-level permissions), with the reason cdk-nag is told', () => {
    const { secrets, statements } = cloudWatchSource.iam(spec);
    expect(secrets).toEqual([]);
    expect(statements).toEqual([{ actions: ['cloudwatch:GetMetricData'], resources: ['*'], wildcardReason: expect.stringContaining('does not support resource-level permissions') }]);
  });
});
