import { describe, expect, it } from 'vitest';
import { buildMetricSeries } from '../../../lambdas/core/metrics';
import { makeResult } from '../../support/results';

const NOW = new Date('2026-11-24T03:00:00Z');

describe('buildMetricSeries', () => {
  const results = [
    makeResult({ target: 'a1', app: 'sirekap', latencyMs: 100, phases: { dns: 2, connect: 3, tls: 10, ttfb: 80, transfer: 5, total: 100 }, certDaysLeft: 40 }),
    makeResult({ target: 'a2', app: 'sirekap', latencyMs: 200 }),
    makeResult({ target: 'b1', app: 'sipol', ok: false, error: 'timeout', latencyMs: 10_000, phases: { dns: null, connect: null, tls: null, ttfb: null, transfer: null, total: 10_000 } }),
  ];

  it('publishes per-app series only, by default', () => {
    const series = buildMetricSeries(results, new Set(), NOW);
    const up = series.filter((s) => s.name === 'Up');
    expect(up).toEqual([
      { name: 'Up', dimensions: { App: 'sirekap', Region: 'ap-southeast-3' }, unit: 'Count', values: [1, 1], timestamp: NOW },
      { name: 'Up', dimensions: { App: 'sipol', Region: 'ap-southeast-3' }, unit: 'Count', values: [0], timestamp: NOW },
    ]);
    expect(series.every((s) => !('Target' in s.dimensions))).toBe(true);
  });

  it('leaves failed checks out of latency series but counts them in Up', () => {
    const series = buildMetricSeries(results, new Set(), NOW);
    expect(series.find((s) => s.name === 'LatencyMs' && s.dimensions.App === 'sipol')).toBeUndefined();
    expect(series.find((s) => s.name === 'LatencyMs' && s.dimensions.App === 'sirekap')?.values).toEqual([100, 200]);
    expect(series.find((s) => s.name === 'TlsMs')?.values).toEqual([10]);
    expect(series.find((s) => s.name === 'CertDaysLeft')?.values).toEqual([40]);
  });

  it('adds per-target series only for detailed targets', () => {
    const series = buildMetricSeries(results, new Set(['a1']), NOW);
    const perTarget = series.filter((s) => s.dimensions.Target);
    expect(new Set(perTarget.map((s) => s.dimensions.Target))).toEqual(new Set(['a1']));
    expect(perTarget.map((s) => s.name).sort()).toEqual(
      ['CertDaysLeft', 'ConnectMs', 'DnsMs', 'LatencyMs', 'TlsMs', 'TransferMs', 'TtfbMs', 'Up'],
    );
  });
});
