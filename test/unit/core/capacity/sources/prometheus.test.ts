import { describe, expect, it } from 'vitest';
import { baselineMaxAgeMs, PROMETHEUS_ACCEPT, prometheusSource } from '../../../../../lambdas/core/capacity/sources/prometheus';
import { DEFAULT_THRESHOLDS } from '../../../../../lambdas/core/capacity/levels';
import type { PrometheusSource } from '../../../../../lambdas/core/capacity/types';
import { counterSnapshot } from '../../../../../lambdas/core/capacity/counters';
import { parsePromText } from '../../../../../lambdas/core/capacity/prom-text';
import { fakeIo } from './fake-io';

const spec: PrometheusSource = {
  type: 'prometheus',
  url: 'http://10.0.0.5:9100/metrics',
  resources: [
    { name: 'uplink', unit: 'bps', used: { metric: 'rx_bytes_total', aggregate: 'sum', scale: 8 }, total: 1000, rate: true },
    { name: 'pdu', unit: 'watts', used: { metric: 'pdu_watts', aggregate: 'sum' }, total: 8000 },
  ],
};
const source = { id: 'DC-A/0', site: 'DC-A', intervalMs: 60_000, timeoutMs: 2_000, severity: 'high' as const, thresholds: DEFAULT_THRESHOLDS, lookbackMs: null, source: spec };
const START = Date.parse('2026-12-01T00:00:00.000Z');

describe('prometheus source type', () => {
  it('without a stored counter baseline: scrapes, waits, scrapes again, and takes the rate between the two', async () => {
    const io = fakeIo({ texts: ['rx_bytes_total 1000\npdu_watts 2000\n', 'rx_bytes_total 1050\npdu_watts 2100\n'], startMs: START });
    const out = await prometheusSource.read(source, io);
    expect(io.calls).toEqual([`fetchText ${spec.url}`, 'history uplink', 'history pdu', 'sleep 1000', `fetchText ${spec.url}`]);
    expect(io.requests[0]!.request).toEqual({ timeoutMs: 2_000, headers: { accept: PROMETHEUS_ACCEPT } });
    expect(out.ts).toBe(new Date(START + 1_000).toISOString());
    // 50 bytes in 1 s × 8 = 400 bit/s of 1000; the gauge is read from the second scrape.
    expect(out.results.map((r) => (r.ok ? [r.resource, r.reading.used] : [r.resource, r.reason]))).toEqual([
      ['uplink', 400],
      ['pdu', 2100],
    ]);
  });

  it('with a fresh stored baseline: one scrape, the rate from the stored counters (1250 B in 10 s × 8)', async () => {
    const counters = counterSnapshot(parsePromText('rx_bytes_total 0\n'), spec.resources[0]!.used!, START - 10_000);
    const stored = { points: [], latest: { tsMs: START - 10_000, counters } };
    const io = fakeIo({ texts: ['rx_bytes_total 1250\npdu_watts 2000\n'], histories: { uplink: stored }, startMs: START });
    const out = await prometheusSource.read(source, io);
    expect(io.calls.filter((c) => c.startsWith('fetchText') || c.startsWith('sleep'))).toEqual([`fetchText ${spec.url}`]);
    expect(out.results[0]).toMatchObject({ ok: true, reading: { used: 1000 } });
  });

  it('a stored baseline older than 3 intervals (at least 5 min) is stale', () => {
    expect(baselineMaxAgeMs({ intervalMs: 60_000 })).toBe(300_000);
    expect(baselineMaxAgeMs({ intervalMs: 600_000 })).toBe(1_800_000);
  });

  it('needs no IAM; a node-exporter preset is claimed once per site', () => {
    expect(prometheusSource.iam(spec)).toEqual({ secrets: [], statements: [] });
    expect(prometheusSource.siteClaim?.(spec)).toBeUndefined();
    const claim = prometheusSource.siteClaim?.({ ...spec, preset: 'node-exporter' });
    expect(claim?.message('DC-A', 2)).toBe('site DC-A already has a node-exporter preset in capacity[2] — both would report cpu and memory; give each host its own site');
  });
});
