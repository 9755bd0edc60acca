import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config/load';
import { customMetricCount, formatMetricCount, monthlyCostUsd, targetMetricNames } from '../../lib/config/metric-count';
import { buildMetricSeries } from '../../lambdas/core/metrics';
import { makeResult } from '../support/results';
import { makeConfig, makeTarget } from '../support/config-fixture';

/**
 * Two probe regions; counted by hand:
 *   web  (https + http)       App×Region: Up Latency Dns Connect Tls Ttfb Transfer Cert SecurityFindings = 9 × 2 = 18
 *   db   (tcp, IP literal)    Up Latency Connect                                   = 3 × 2 =  6
 *   ns   (dns)                Up Latency Dns SecurityFindings                      = 4 × 2 =  8
 *   cert (tls, detailed)      Up Latency Dns Connect Tls Cert SecurityFindings = 7 × 2 = 14, and per target 7 × 2 = 14
 *   capacity dc  (2 resources) × 3 metrics                                                 =  6
 *   capacity pdn (preset ≈ cpu, memory, filesystem:/, network:eth0, plus ups) 5 × 3        = 15
 *   Heartbeat (Region, Shard): 1 probe shard (5 × 1 min, shardSize 25) × 2 regions          =  2
 *                              1 capacity group (all 1 min)                                =  1
 *   total 84 metrics → 84 × $0.30 = $25.20 a month
 */
const config = parseConfig(`
regions: { home: ap-southeast-3, probes: [ap-southeast-3, ap-southeast-1] }
targets:
  - { id: a, app: web, url: "https://a.example/" }
  - { id: b, app: web, url: "http://b.example/" }
  - { id: pg, app: db, url: "tcp://127.0.0.1:5432" }
  - { id: kpu-ns, app: ns, url: "dns://kpu.go.id" }
  - { id: c, app: cert, url: "tls://c.example:443", metrics: detailed }
capacity:
  - site: dc
    source: { type: http-json, url: "https://dcim.example/", resources: [{ name: rack, unit: units, used: u, total: 42 }, { name: power, unit: watts, used: w, total: 9000 }] }
  - { site: pdn, source: { type: prometheus, url: "http://127.0.0.1:9100/metrics", preset: node-exporter } }
  - site: pdn
    source: { type: prometheus, url: "http://127.0.0.1:9116/metrics", resources: [{ name: ups, unit: watts, used: ups_load_watts, total: 3000 }, { name: cpu, unit: percent, used: x, total: 100 }] }
`);

describe('customMetricCount', () => {
  it('counts a small config the way it was counted by hand', () => {
    const count = customMetricCount(config);
    expect(count.series).toBe(84);
    expect(count.monthlyUsd).toBe(25.2);
    expect(count.breakdown.map((l) => [l.scope, l.name, l.combinations, l.series, l.estimated])).toEqual([
      ['app', 'web', 2, 18, false],
      ['app', 'db', 2, 6, false],
      ['app', 'ns', 2, 8, false],
      ['app', 'cert', 2, 14, false],
      ['target', 'c', 2, 14, false],
      ['capacity', 'dc', 2, 6, false],
      ['capacity', 'pdn', 5, 15, true],
      ['heartbeat', 'probe shards', 2, 2, false],
      ['heartbeat', 'capacity groups', 1, 1, false],
    ]);
    expect(count.breakdown.find((l) => l.name === 'web')!.metrics).toEqual([
      'Up', 'LatencyMs', 'DnsMs', 'ConnectMs', 'TlsMs', 'TtfbMs', 'TransferMs', 'CertDaysLeft', 'SecurityFindings',
    ]);
    expect(count.breakdown.find((l) => l.scope === 'target')!.dimensions).toEqual(['App', 'Region', 'Target']);
  });

  it('phase metrics follow the kind; DnsMs only when a name is resolved', () => {
    expect(targetMetricNames({ kind: 'http', url: 'http://127.0.0.1:8080/' })).toEqual(['Up', 'LatencyMs', 'ConnectMs', 'TtfbMs', 'TransferMs', 'SecurityFindings']);
    expect(targetMetricNames({ kind: 'tls', url: 'tls://[::1]:443' })).toEqual(['Up', 'LatencyMs', 'ConnectMs', 'TlsMs', 'CertDaysLeft', 'SecurityFindings']);
    expect(targetMetricNames({ kind: 'dns', url: 'dns://kpu.go.id?resolver=127.0.0.1:53' })).toEqual(['Up', 'LatencyMs', 'DnsMs', 'SecurityFindings']);
  });

  it('never undercounts what buildMetricSeries actually emits for the same targets', () => {
    // Results with every phase the kind can have, from both regions, ok and failing.
    const results = config.targets.flatMap((t) =>
      config.regions.flatMap((region) =>
        [true, false].map((ok) => {
          const names = targetMetricNames(t);
          const phase = (n: string) => (names.includes(n as never) ? 5 : null);
          return makeResult({
            target: t.id, app: t.app, kind: t.kind, region, ok, error: ok ? null : 'timeout',
            phases: { dns: phase('DnsMs'), connect: phase('ConnectMs'), tls: phase('TlsMs'), ttfb: phase('TtfbMs'), transfer: phase('TransferMs'), total: 20 },
            certDaysLeft: names.includes('CertDaysLeft') ? 30 : null,
            ...(names.includes('SecurityFindings') ? { patrol: { judged: ['defacement' as const], findings: [] } } : {}),
          });
        }),
      ),
    );
    const emitted = buildMetricSeries(results, new Set(config.targets.filter((t) => t.metrics === 'detailed').map((t) => t.id)));
    const probeSeries = customMetricCount(config).breakdown.filter((l) => l.scope === 'app' || l.scope === 'target').reduce((s, l) => s + l.series, 0);
    expect(emitted).toHaveLength(probeSeries);
  });

  it('prices the CloudWatch tiers', () => {
    expect(monthlyCostUsd(0)).toBe(0);
    expect(monthlyCostUsd(96)).toBe(28.8);
    expect(monthlyCostUsd(10_000)).toBe(3_000);
    expect(monthlyCostUsd(10_001)).toBe(3_000.1);
    expect(monthlyCostUsd(250_000)).toBe(27_000);
    expect(monthlyCostUsd(250_010)).toBe(27_000.5);
  });

  it('prints one summary line', () => {
    expect(formatMetricCount(customMetricCount(config))).toBe(
      'CloudWatch custom metrics: 84 ≈ $25.20/month (per app 46, per target 14, capacity 21, heartbeats 3) (capacity presets estimated)',
    );
  });
});

describe('metric count with a VPC fleet', () => {
  it('counts private targets and the VPC shards in the home region only', () => {
    const config = makeConfig({ ...{ regions: ['ap-southeast-3', 'ap-southeast-1'], homeRegion: 'ap-southeast-3' }, targets: [makeTarget({ id: 'kpu', url: 'https://www.kpu.go.id/' }), makeTarget({ id: 'db', url: 'tcp://10.0.0.5:5432', kind: 'tcp', app: 'pdn', metrics: 'detailed' })], vpc: { vpcId: 'vpc-0a1b2c3d4e5f60718', subnetIds: ['subnet-0a1b2c3d4e5f60718'], securityGroupIds: ['sg-0a1b2c3d4e5f60718'], routeTableIds: [], privateZones: [], endpoints: 'create', privateTargets: ['db'], privateSources: [] } });
    const lines = customMetricCount(config).breakdown;
    expect(lines.find((l) => l.scope === 'app' && l.name === 'pdn')!.combinations).toBe(1);
    expect(lines.find((l) => l.scope === 'target' && l.name === 'db')!.combinations).toBe(1);
    expect(lines.find((l) => l.scope === 'app' && l.name !== 'pdn')!.combinations).toBe(2);
    // one internet shard × 2 regions + one VPC shard × 1 region
    expect(lines.find((l) => l.scope === 'heartbeat' && l.name === 'probe shards')!.series).toBe(3);
  });
});
