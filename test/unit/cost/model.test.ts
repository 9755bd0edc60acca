import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config/load';
import { estimateCost } from '../../../lib/cost/model';
import { applyKnobs } from '../../../lib/cost/synthetic-fleet';
import { withKnobs } from '../../../lib/cost/knobs';

/**
 * One example worked out by hand, line by line, from the price table in docs/cost.md: one https
 * target checked every minute from one region (Jakarta), probe memory 512 MB, no capacity, no
 * secrets, one email subscription. A month is 730 h = 43,800 minutes.
 */
const CONFIG = `
targets:
  - id: kpu-www
    url: https://www.kpu.go.id/
alerting:
  topics:
    critical:
      subscriptions:
        - { protocol: email, endpoint: ops@example.com }
`;

const usdOf = (services: Array<{ service: string; usdPerMonth: number }>, name: string): number => services.find((s) => s.service === name)!.usdPerMonth;

describe('estimateCost: the hand-checked example', () => {
  const estimate = estimateCost(parseConfig(CONFIG), 512);

  it('matches the arithmetic written out service by service', () => {
    const s = estimate.services;
    // Invocations: one shard, rate(1 minute) → 43,800 per month.
    // Billed duration: max(1 wave × 300 ms, 2.0 ms CPU ÷ (512/1769 vCPU) = 6.9 ms) + 150 ms sinks = 450 ms.
    // GB-s: 43,800 × 0.45 s × 0.5 GB = 9,855 → × $0.0000133334 = $0.1314
    expect(usdOf(s, 'Lambda duration')).toBeCloseTo(9_855 * 0.0000133334, 4);
    // Requests: 43,800 × $0.20/million = $0.00876
    expect(usdOf(s, 'Lambda requests')).toBeCloseTo(0.0088, 4);
    // Quiet writes and sampled history (failureThreshold 3, freshness 3 × 1 min, historySampleMinutes 5 by default, 30 alerts):
    // History: 43,800 ÷ 5 = 8,760 sampled passes + 30 alerts × 3 failing checks = 90 → 8,850 items.
    // State: one refresh at the first check ≥ half the 3-minute freshness after the last write, i.e. every
    // 2nd minute = 43,800 ÷ 2 = 21,900, + 30 alerts × (3 failures + 1 outbox settle) = 120 → 22,020.
    // Writes: 8,850 + 22,020 = 30,870 units × $0.625/million = $0.01929
    expect(usdOf(s, 'DynamoDB writes')).toBeCloseTo(0.0193, 4);
    // Reads: every check still reads the state: 43,800 × $0.125/million = $0.005475
    expect(usdOf(s, 'DynamoDB reads')).toBeCloseTo(0.0055, 4);
    // Storage: 8,850 ÷ 30.4167 days = 290.96 items/day × 30 days × 0.6 KB = 5,237 KB = 0.004995 GB × $0.25 = $0.00125
    expect(usdOf(s, 'DynamoDB storage')).toBeCloseTo(0.0012, 4);
    // Metrics: app series Up, LatencyMs, DnsMs, ConnectMs, TlsMs, TtfbMs, TransferMs, CertDaysLeft,
    // SecurityFindings (9) + 1 heartbeat = 10 × $0.30
    expect(usdOf(s, 'CloudWatch metrics')).toBeCloseTo(3.0, 4);
    // PutMetricData: one per round, 43,800 × $0.01/1000 = $0.438
    expect(usdOf(s, 'CloudWatch PutMetricData')).toBeCloseTo(0.438, 4);
    // Alarms: 1 dead-man + errors of probe and relay (2) + the probe's 2 queues + the relay's 2 = 7 × $0.10 = $0.70;
    // SLO: 1 app × 2 objectives (availability, latency) × 3 burn rules × 2 windows = 12 window alarms, each reading
    // one metric of 1 region (Up, or LatencyMs's percentile rank) = 12 metrics × $0.10 = $1.20;
    // 1 app × 2 objectives × 3 rules = 6 composite alarms × $0.50 = $3.00 (no critical app: no leadership alarm).
    // 0.70 + 1.20 + 3.00 = $4.90
    expect(usdOf(s, 'CloudWatch alarms')).toBeCloseTo(4.9, 4);
    // Dashboards (lib/dashboards/bodies.ts): overview, the app's own, monitor health = 3 × $3, the free three counted
    expect(usdOf(s, 'CloudWatch dashboards')).toBe(9);
    // Logs: 43,800 × 1.5 KB = 0.06266 GB × $0.50 = $0.03133, kept 365 days = 12 months → 0.7519 GB × $0.03 = $0.02256
    expect(usdOf(s, 'CloudWatch Logs')).toBeCloseTo(0.0539, 4);
    // SNS: 30 alerts × ($0.0000005 + 1 email × $0.00002) = $0.000615
    expect(usdOf(s, 'SNS')).toBeCloseTo(0.0006, 4);
    // Scheduler: 43,800 × $1/million = $0.0438
    expect(usdOf(s, 'EventBridge Scheduler')).toBeCloseTo(0.0438, 4);
    expect(usdOf(s, 'Secrets Manager')).toBe(0);
    // No VPC, no status page: no such lines.
    expect(s.map((x) => x.service)).not.toContain('VPC endpoints');
    expect(s.map((x) => x.service)).not.toContain('CloudFront (status page)');
    // Total ≈ 0.1314 + 0.0088 + 0.0193 + 0.0055 + 0.0012 + 3.0 + 0.438 + 4.9 + 9 + 0.0539 + 0.0006 + 0.0438 = 17.603
    expect(estimate.totalUsdPerMonth).toBeCloseTo(17.603, 2);
    expect(estimate.perEndpointUsdPerMonth).toBeCloseTo(17.603, 2);
    // Synthetics: 43,800 canary runs × $0.0012 = $52.56
    expect(estimate.syntheticsUsdPerMonth).toBeCloseTo(52.56, 4);
  });
});

describe('knobs', () => {
  const base = parseConfig(CONFIG);

  it('a synthetic fleet of N https targets from two regions doubles the checks per region added', () => {
    const one = estimateCost(applyKnobs(base, { targets: 100, intervalMs: 60_000, regions: 1 }), 512);
    const two = estimateCost(applyKnobs(base, { targets: 100, intervalMs: 60_000, regions: 2 }), 512);
    expect(one.endpoints).toBe(100);
    expect(two.regions).toEqual(['ap-southeast-3', 'ap-southeast-1']);
    expect(two.checksPerMonth).toBe(2 * one.checksPerMonth);
    expect(one.checksPerMonth).toBe(100 * 43_800);
  });

  it('a longer interval and a bigger shard cut the per-endpoint figure', () => {
    const fleet = { targets: 200, intervalMs: 60_000, regions: 2 };
    const every1m = estimateCost(applyKnobs(base, fleet), 512).perEndpointUsdPerMonth;
    const every2m = estimateCost(applyKnobs(base, { ...fleet, intervalMs: 120_000 }), 512).perEndpointUsdPerMonth;
    const bigShards = estimateCost(applyKnobs(base, { ...fleet, shardSize: 100 }), 512).perEndpointUsdPerMonth;
    expect(every2m).toBeLessThan(every1m);
    expect(bigShards).toBeLessThan(every1m);
  });

  it('prices each knob on the fleet: EMF checked by hand on 552 targets × 2 regions × 1 minute', () => {
    const fleet = applyKnobs(base, { targets: 552, intervalMs: 60_000, regions: 2 });
    const estimate = withKnobs(fleet, 512);
    const emf = estimate.knobs!.find((k) => k.knob === 'emf')!;
    // 552 targets in shards of 25 = 23 shards × 2 regions × 43,800 rounds = 2,014,800 shard rounds.
    // PutMetricData: 2,014,800 × $0.01/1000 = $20.148 saved;
    // EMF: 2,014,800 × 1 KB = 1.9215 GB more logs × ($0.50 ingested + 12 months kept × $0.03) = $1.6525 more.
    // Saves 20.148 − 1.6525 = $18.50.
    expect(emf.savesUsdPerMonth).toBeCloseTo(18.5, 2);
    expect(emf.perEndpointUsdPerMonthAfter).toBeCloseTo((estimate.totalUsdPerMonth - 18.4955) / 552, 3);
    // One region instead of two is a knob; the fleet's metrics are already per app, so that knob saves nothing and is left out.
    expect(estimate.knobs!.map((k) => k.knob)).toContain('regions');
    expect(estimate.knobs!.map((k) => k.knob)).not.toContain('metrics');
    for (const k of estimate.knobs!) expect(k.perEndpointUsdPerMonthAfter).toBeLessThan(estimate.perEndpointUsdPerMonth);
  });
});
