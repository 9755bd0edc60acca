import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../lib/config/load';
import { makeConfig, makeTarget } from '../support/config-fixture';

/** Defaults, inheritance and the mapping of every YAML section onto the ResolvedConfig contract. */

const FIXTURES = join(__dirname, '../fixtures/config');

function only(yaml: string) {
  const config = parseConfig(yaml);
  expect(config.targets).toHaveLength(1);
  return config.targets[0]!;
}

describe('the smallest valid config', () => {
  it('is one { id, url } and gets every default; the test fixtures mirror the loader', () => {
    const config = loadConfig(join(FIXTURES, 'minimal.yaml'));
    const target = makeTarget({ id: 'kpu-www', url: 'https://www.kpu.go.id/' });
    expect(config).toEqual(makeConfig({ targets: [target] }));
  });

  it('spells out each target default', () => {
    const t = only('targets: [{ id: a, url: "https://a.example/" }]');
    expect(t).toEqual({
      id: 'a',
      app: 'a',
      url: 'https://a.example/',
      kind: 'http',
      intervalMs: 60_000,
      timeoutMs: 10_000,
      severity: 'high',
      tags: {},
      metrics: 'app',
      method: 'GET',
      headers: {},
      secretHeaders: {},
      maxRedirects: 5,
      maxBodyBytes: 1_048_576,
      tls: { insecureSkipVerify: false },
      expect: {},
      alerting: {
        failureThreshold: 3,
        successThreshold: 2,
        renotifyMinutes: 30,
        quorum: null,
        freshnessMs: 180_000,
        flapping: { transitions: 6, windowMs: 1_800_000 },
        failureRate: { of: 10, atLeast: 5, then: 'down', warnAtLeast: 3 },
      },
    });
  });

  it('spells out each top-level default', () => {
    const config = parseConfig('targets: [{ id: a, url: "tcp://127.0.0.1:5432" }]');
    const { targets: _targets, ...rest } = config;
    expect(rest).toEqual({
      project: 'pantau',
      homeRegion: 'ap-southeast-3',
      regions: ['ap-southeast-3'],
      controls: [],
      metricsNamespace: 'Pantau',
      historyDays: 30,
      logRetentionDays: 365,
      shardSize: 25,
      concurrency: 50,
      alerting: {
        routes: { critical: 'critical', high: 'warning', low: 'info' },
        topics: { critical: { subscriptions: [] }, warning: { subscriptions: [] }, info: { subscriptions: [] } },
        storm: { threshold: 5, windowMs: 120_000 },
        timezone: 'Asia/Jakarta',
        language: 'en',
      },
      maintenance: [],
      tags: { project: 'pantau' },
      capacity: [],
    });
  });

  it('derives the kind, DNS type and resolver from the URL', () => {
    const config = parseConfig(`
targets:
  - { id: web, url: "http://127.0.0.1:8080/" }
  - { id: db, url: "tcp://127.0.0.1:5432" }
  - { id: cert, url: "tls://127.0.0.1:8443" }
  - { id: name, url: "dns://kpu.go.id" }
  - { id: name6, url: "dns://kpu.go.id?resolver=127.0.0.1:5353&type=AAAA" }
`);
    expect(config.targets.map((t) => [t.id, t.kind, t.dnsType, t.dnsResolver])).toEqual([
      ['web', 'http', undefined, undefined],
      ['db', 'tcp', undefined, undefined],
      ['cert', 'tls', undefined, undefined],
      ['name', 'dns', 'A', undefined],
      ['name6', 'dns', 'AAAA', '127.0.0.1:5353'],
    ]);
  });

  it('caps the default timeout at half the interval, so interval: 8s works alone', () => {
    const t = only('targets: [{ id: a, url: "http://127.0.0.1:1/", interval: 8s }]');
    expect(t.intervalMs).toBe(8_000);
    expect(t.timeoutMs).toBe(4_000);
    expect(t.alerting.freshnessMs).toBe(24_000);
  });

  it('refuses interval: 1s: a round (0.5 s timeout + 3 s sink margin) cannot finish before the next', () => {
    expect(() => parseConfig('targets: [{ id: a, url: "http://127.0.0.1:1/", interval: 1s }]')).toThrow(
      new ConfigError([
        'shard 1s-01: worst case 62.5 s = last round at +59 s + 1 wave (1 target, concurrency 50) × (0.5 s timeout) + 3 s sink margin, over its 1-minute schedule period (60 s) — use a longer interval (the shortest that fits: 4 s)',
      ]),
    );
  });

  it('accepts interval: 1s for the local runners, which probe in their own loop (shardBudgets: false)', () => {
    const [t] = parseConfig('targets: [{ id: a, url: "http://127.0.0.1:1/", interval: 1s }]', { shardBudgets: false }).targets;
    expect(t).toMatchObject({ intervalMs: 1_000, timeoutMs: 500 });
  });
});

describe('expect.body (the short form of the body assertions)', () => {
  const expectOf = (body: string) => parseConfig(`targets:\n  - { id: a, url: "https://a.example/", expect: { body: ${body}, bodyContains: [KPU] } }`).targets[0]!.expect;

  it('a keyword or a list of keywords must all appear', () => {
    expect(expectOf('Sirekap')).toEqual({ bodyContains: ['KPU', 'Sirekap'] });
    expect(expectOf('[Sirekap, "Hasil Hitung"]')).toEqual({ bodyContains: ['KPU', 'Sirekap', 'Hasil Hitung'] });
  });

  it('the long form sets present/absent keywords and regexes', () => {
    expect(expectOf("{ notContains: [hacked by], matches: ['v\\d+'], notMatches: [error] }")).toEqual({
      bodyContains: ['KPU'],
      bodyNotContains: ['hacked by'],
      bodyMatches: ['v\\d+'],
      bodyNotMatches: ['error'],
    });
  });

  it('is refused on a kind without a body, and a bad value names the forms', () => {
    expect(() => parseConfig('targets:\n  - { id: db, url: "tcp://10.0.0.5:5432", expect: { body: KPU } }')).toThrow(
      'targets[0].expect.body: a tcp:// target cannot check body',
    );
    expect(() => parseConfig('targets:\n  - { id: a, url: "https://a.example/", expect: { body: 5 } }')).toThrow(
      'targets[0].expect.body: expected a keyword, a list of keywords or { contains, notContains, matches, notMatches }, got 5',
    );
  });
});

describe('expect.json', () => {
  const jsonOf = (json: string) => parseConfig(`targets:\n  - { id: a, url: "https://a.example/", expect: { json: ${json} } }`).targets[0]!.expect.json;

  it('the list form keeps each assertion; the map form means path equals value', () => {
    expect(jsonOf('[{ path: status, equals: ok }, { path: data.version, exists: true }]')).toEqual([
      { path: 'status', equals: 'ok' },
      { path: 'data.version', exists: true },
    ]);
    expect(jsonOf('{ status: ok, "data.count": 3, "items[0].up": true }')).toEqual([
      { path: 'status', equals: 'ok' },
      { path: 'data.count', equals: 3 },
      { path: 'items[0].up', equals: true },
    ]);
  });

  it('a bad path in the map form is named by its key', () => {
    expect(() => jsonOf('{ "bad[": 1 }')).toThrow('targets[0].expect.json["bad["]: "bad[" is not a valid JMESPath expression');
  });
});

describe('defaults < apps < target', () => {
  const yaml = `
defaults:
  interval: 2m
  severity: low
  owner: team-web
  tags: { tier: bronze, zone: jakarta }
  expect: { bodyNotContains: [hacked by], warnLatencyMs: 3000, minCertDays: 7 }
  renotifyMinutes: 60
apps:
  sirekap:
    severity: critical
    owner: team-sirekap
    metrics: detailed
    tags: { tier: gold }
    expect: { bodyContains: [KPU] }
targets:
  - { id: sirekap-web, app: sirekap, url: "https://sirekap-web.kpu.go.id/", owner: team-oncall, expect: { warnLatencyMs: 1000 } }
  - { id: jdih, url: "https://jdih.kpu.go.id/", interval: 30s }
  - { id: db, url: "tcp://127.0.0.1:5432" }
`;
  const [sirekap, jdih, db] = parseConfig(yaml).targets;

  it('the target wins over its app, the app over defaults, defaults over built-ins', () => {
    expect(sirekap).toMatchObject({ app: 'sirekap', severity: 'critical', owner: 'team-oncall', metrics: 'detailed', intervalMs: 120_000 });
    expect(sirekap!.alerting.renotifyMinutes).toBe(60);
    expect(jdih).toMatchObject({ app: 'jdih', severity: 'low', owner: 'team-web', metrics: 'app', intervalMs: 30_000 });
    expect(jdih!.alerting.freshnessMs).toBe(90_000);
  });

  it('maps (tags, expect) merge key by key', () => {
    expect(sirekap!.tags).toEqual({ tier: 'gold', zone: 'jakarta' });
    expect(sirekap!.expect).toEqual({ bodyNotContains: ['hacked by'], warnLatencyMs: 1000, minCertDays: 7, bodyContains: ['KPU'] });
    expect(jdih!.expect).toEqual({ bodyNotContains: ['hacked by'], warnLatencyMs: 3000, minCertDays: 7 });
  });

  it('drops inherited expectations a kind cannot check (no body on tcp://)', () => {
    expect(db!.expect).toEqual({ warnLatencyMs: 3000 });
  });
});

describe('every section of a full config', () => {
  const config = loadConfig(join(FIXTURES, 'full.yaml'));
  const target = (id: string) => config.targets.find((t) => t.id === id)!;

  it('top level: project, regions home first, namespace, sizes, tags (project added, numbers as text)', () => {
    expect(config).toMatchObject({
      project: 'pantau-test',
      homeRegion: 'ap-southeast-3',
      regions: ['ap-southeast-3', 'ap-southeast-1'],
      metricsNamespace: 'PantauTest',
      historyDays: 14,
      shardSize: 10,
      concurrency: 20,
      tags: { project: 'pantau-test', team: 'pusdatin', costCentre: '1234' },
    });
  });

  it('an http target with every request and expectation field', () => {
    const t = target('sirekap-web');
    expect(t).toMatchObject({
      method: 'POST',
      headers: { Accept: 'application/json', 'X-Probe': '1' },
      secretHeaders: {
        Authorization: { ssm: '/pantau/sirekap/token' },
        'X-Api-Key': { secretsManager: 'pantau/sirekap', jsonKey: 'apiKey' },
      },
      body: '{"ping":true}',
      maxRedirects: 0,
      maxBodyBytes: 262_144,
      intervalMs: 30_000,
      timeoutMs: 5_000,
    });
    expect(t.expect).toEqual({
      bodyNotContains: ['hacked by'],
      warnCertDays: 30,
      bodyContains: ['KPU'],
      status: [200, 202, 203, 204],
      bodyMatches: ['"status":\\s*"ok"'],
      bodyNotMatches: ['(?:error|exception)'],
      json: [
        { path: 'status', equals: 'ok' },
        { path: 'data.version', exists: true },
        { path: 'data.region', matches: '^ap-' },
      ],
      headers: { 'content-type': '^application/json', 'x-request-id': '' },
      maxLatencyMs: 2000,
      warnLatencyMs: 800,
      minCertDays: 10,
    });
    expect(t.alerting).toEqual({
      failureThreshold: 4,
      successThreshold: 3,
      renotifyMinutes: 0,
      quorum: 2,
      freshnessMs: 300_000,
      flapping: { transitions: 8, windowMs: 3_600_000 },
      // merged key by key: `of` from defaults, atLeast/then from the target, warnAtLeast built in
      failureRate: { of: 20, atLeast: 8, then: 'degraded', warnAtLeast: 3 },
    });
  });

  it('reads tls.ca relative to the config file into caPem', () => {
    const t = target('sirekap-web');
    expect(t.tls).toEqual({
      insecureSkipVerify: false,
      caPem: readFileSync(join(FIXTURES, 'certs/test-ca.pem'), 'utf8'),
      caFile: 'certs/test-ca.pem',
      serverName: 'sirekap.internal',
    });
    expect(target('kpu-cert').tls).toEqual({ insecureSkipVerify: true });
  });

  it('quorum: majority is null; tcp, tls and dns targets keep only what they can check', () => {
    expect(target('kpu-cert').alerting.quorum).toBeNull();
    expect(target('kpu-cert').expect).toEqual({ warnCertDays: 30 });
    expect(target('db').expect).toEqual({});
    expect(target('kpu-dns')).toMatchObject({ dnsType: 'AAAA', dnsResolver: '127.0.0.1:5353', expect: { values: ['2001:db8::1'] } });
  });

  it('alerting: routes, subscriptions with filters (one text becomes a list), storm, canonical time zone', () => {
    expect(config.alerting).toEqual({
      routes: { critical: 'critical', high: 'critical', low: 'warning' },
      topics: {
        critical: {
          subscriptions: [
            { protocol: 'email', endpoint: 'noc@example.com' },
            { protocol: 'sms', endpoint: '+6281234567890', filter: { kind: ['down', 'recovered'], app: ['sirekap'] } },
          ],
        },
        warning: {
          subscriptions: [
            { protocol: 'https', endpoint: 'https://chat.example.com/hooks/pantau', filter: { severity: ['low'], region: ['ap-southeast-1'] } },
          ],
        },
        info: { subscriptions: [] },
      },
      storm: { threshold: 10, windowMs: 300_000 },
      timezone: 'Asia/Makassar',
      language: 'en',
    });
  });

  it('maintenance: the three forms, time zone defaulting to alerting.timezone', () => {
    expect(config.maintenance).toEqual([
      { name: 'one-off', targets: ['sirekap-web'], apps: [], timezone: 'Asia/Makassar', start: '2026-02-14T22:00', end: '2026-02-15T02:00' },
      { name: 'nightly', targets: [], apps: ['sirekap'], timezone: 'Asia/Jayapura', cron: '30 3 * * *', durationMs: 2_700_000 },
      { name: 'weekly', targets: [], apps: [], timezone: 'Asia/Makassar', weekdays: ['sat', 'sun'], at: '01:30', durationMs: 7_200_000 },
    ]);
  });

  it('capacity: a node-exporter preset needs no resources and gets every default', () => {
    expect(config.capacity[0]).toEqual({
      id: 'PDN-Cikarang/0',
      site: 'PDN-Cikarang',
      intervalMs: 300_000,
      timeoutMs: 10_000,
      severity: 'high',
      thresholds: { warnPct: 80, criticalPct: 90, forecastHours: 72, forecastAlerts: 'storage' },
      lookbackMs: null,
      source: { type: 'prometheus', url: 'http://127.0.0.1:9100/metrics', preset: 'node-exporter', resources: [] },
    });
  });

  it('capacity: prometheus selectors (shorthand and full), thresholds, lookback', () => {
    expect(config.capacity[1]).toEqual({
      id: 'cikarang-power',
      site: 'PDN-Cikarang',
      intervalMs: 60_000,
      timeoutMs: 5_000,
      severity: 'critical',
      thresholds: { warnPct: 70, criticalPct: 85, forecastHours: 24, forecastAlerts: 'storage' },
      lookbackMs: 7_200_000,
      source: {
        type: 'prometheus',
        url: 'http://127.0.0.1:9116/snmp',
        linkSpeedBps: 10_000_000_000,
        resources: [
          {
            name: 'pdu-a',
            unit: 'watts',
            used: { metric: 'pdu_load_watts', labels: { pdu: 'a', rack: '~^r1' }, notLabels: { state: 'off' }, aggregate: 'max' },
            total: 7400,
          },
          { name: 'uplink', unit: 'bps', used: { metric: 'ifHCInOctets', aggregate: 'sum', scale: 8 }, total: 10_000_000_000, rate: true },
          {
            name: 'filesystem:/data',
            unit: 'bytes',
            free: { metric: 'node_filesystem_avail_bytes', aggregate: 'sum' },
            total: { metric: 'node_filesystem_size_bytes', aggregate: 'sum' },
          },
        ],
      },
    });
  });

  it('capacity: http-json (JMESPath, secret headers) and cloudwatch (stat, meaning, period defaults)', () => {
    expect(config.capacity[2]!.source).toEqual({
      type: 'http-json',
      url: 'https://dcim.example.com/api/racks/12',
      headers: { Accept: 'application/json' },
      secretHeaders: { Authorization: { ssm: '/pantau/dcim/token' } },
      resources: [
        { name: 'rack-space', unit: 'units', used: 'racks[0].usedU', total: 'racks[0].totalU' },
        { name: 'power', unit: 'watts', free: 'power.available', total: 22000 },
      ],
    });
    expect(config.capacity[3]).toMatchObject({ id: 'aws-jakarta/0', site: 'aws-jakarta' });
    expect(config.capacity[3]!.source).toEqual({
      type: 'cloudwatch',
      region: 'ap-southeast-3',
      resources: [
        {
          name: 'sirekap-db-storage', unit: 'bytes', namespace: 'AWS/RDS', metric: 'FreeStorageSpace',
          dimensions: { DBInstanceIdentifier: 'sirekap' }, stat: 'Average', meaning: 'free', total: 500_000_000_000, periodSeconds: 300,
        },
        {
          name: 'lambda-concurrency', unit: 'units', namespace: 'AWS/Lambda', metric: 'ConcurrentExecutions',
          dimensions: {}, stat: 'Maximum', meaning: 'used', total: 1000, periodSeconds: 60,
        },
      ],
    });
  });

  it('is plain JSON data (the CDK app bundles it as pantau-config.json)', () => {
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
  });
});

describe('regions', () => {
  it('puts home first and lists each region once', () => {
    const config = parseConfig(`
regions: { home: ap-southeast-3, probes: [ap-southeast-1, ap-southeast-3, us-east-1] }
targets: [{ id: a, url: "https://a.example/", quorum: 3 }]
`);
    expect(config.regions).toEqual(['ap-southeast-3', 'ap-southeast-1', 'us-east-1']);
    expect(config.targets[0]!.alerting.quorum).toBe(3);
  });

  it('adds home when probes leave it out', () => {
    const config = parseConfig('regions: { home: ap-southeast-3, probes: [ap-southeast-1] }\ntargets: [{ id: a, url: "https://a.example/" }]');
    expect(config.regions).toEqual(['ap-southeast-3', 'ap-southeast-1']);
  });
});

it('a capacity-only config is valid', () => {
  const config = parseConfig('capacity: [{ site: local, source: { type: prometheus, url: "http://127.0.0.1:9100/metrics", preset: node-exporter } }]');
  expect(config.targets).toEqual([]);
  expect(config.capacity).toHaveLength(1);
});
