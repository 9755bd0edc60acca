import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CloudWatchClient, GetMetricDataCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, fetchText } from '../../lambdas/adapters/capacity-fetch';
import { CapacityStore, type CapacityState } from '../../lambdas/adapters/capacity-store';
import { CloudWatchMetrics } from '../../lambdas/adapters/cloudwatch-metrics';
import { getMetricData } from '../../lambdas/adapters/cloudwatch-capacity';
import { DynamoStore, createDocumentClient } from '../../lambdas/adapters/dynamo-store';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import type { LogSink } from '../../lambdas/adapters/logger';
import { envSecretResolver } from '../../lambdas/adapters/secrets';
import { runCapacityCycle, type CapacityCycleDeps } from '../../lambdas/app/capacity-cycle';
import type { AlertEvent } from '../../lambdas/core/alerting/types';
import { DEFAULT_THRESHOLDS } from '../../lambdas/core/capacity/levels';
import { makeReading } from '../../lambdas/core/capacity/readings';
import type { CapacitySource } from '../../lambdas/core/capacity/types';
import { capacityStateKey } from '../../lambdas/adapters/dynamo/keys';
import { makeConfig } from '../support/config-fixture';

/**
 * The capacity cycle end to end on loopback: a Prometheus text endpoint and a JSON API served by
 * the test, the store on dynalite, CloudWatch through aws-sdk-client-mock (exact requests).
 */

const TABLE = 'capacity-cycle-test';
const FIXTURES = join(__dirname, '../fixtures/node-exporter');
const scrape1 = readFileSync(join(FIXTURES, 'scrape-1.prom'), 'utf8');
const scrape2 = readFileSync(join(FIXTURES, 'scrape-2.prom'), 'utf8');
const H = 3_600_000;

let dynamo: LocalDynamo;
let server: Server;
let base: string;
/** What the loopback server answers, per path; each request is recorded. */
const routes = new Map<string, () => { status?: number; body: string; type?: string }>();
const requests: Array<{ path: string; headers: IncomingHttpHeaders }> = [];

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  await ensureTable(dynamo.client, TABLE);
  server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    const route = routes.get(req.url ?? '');
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    const { status = 200, body, type = 'text/plain; version=0.0.4' } = route();
    res.writeHead(status, { 'content-type': type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await dynamo.close();
});

const cw = mockClient(CloudWatchClient);
afterEach(() => cw.reset());

const silent: LogSink = { info: () => {}, warn: () => {}, error: () => {} };

function source(id: string, site: string, s: CapacitySource['source'], extra: Partial<CapacitySource> = {}): CapacitySource {
  return { id, site, intervalMs: 60_000, timeoutMs: 2_000, severity: 'high', thresholds: DEFAULT_THRESHOLDS, lookbackMs: null, source: s, ...extra };
}

function harness(clock: { ms: number }, extra: Partial<CapacityCycleDeps> = {}) {
  const doc = createDocumentClient(dynamo.client);
  const store = new DynamoStore(doc, { tableName: TABLE, historyDays: 30, sleep: async () => {} });
  const capacity = new CapacityStore(doc, store, { historyDays: 30 });
  const sleeps: number[] = [];
  const cwClient = new CloudWatchClient({ region: 'ap-southeast-3', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const deps: CapacityCycleDeps = {
    store: capacity,
    metrics: new CloudWatchMetrics(cwClient, 'Pantau'),
    fetchText,
    fetchJson,
    getMetricData: (region, input) => getMetricData(() => cwClient, region, input),
    log: silent,
    region: 'ap-southeast-3',
    now: () => clock.ms,
    // The "1 s apart" second scrape: the clock moves, nobody waits.
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.ms += 2_000;
    },
    ...extra,
  };
  return { deps, store, capacity, sleeps };
}

const idleSum = (text: string) =>
  ['0', '1']
    .map((cpu) => text.split('\n').find((l) => l.startsWith(`node_cpu_seconds_total{cpu="${cpu}",mode="idle"} `))!)
    .reduce((sum, line) => sum + Number(line.split(' ')[1]), 0);

/** scrape-2 with every idle counter advanced by `seconds` × 1.5 of 2 CPUs (75 % idle → 25 % busy). */
function laterScrape(seconds: number): string {
  return scrape2.replace(/^(node_cpu_seconds_total\{cpu="\d",mode="idle"\}) (\S+)$/gm, (_, k: string, v: string) => `${k} ${(Number(v) + seconds * 0.75).toFixed(2)}`);
}

describe('capacity cycle: prometheus preset on dynalite', () => {
  it('first run: two scrapes for cpu; samples (with counters), state and metrics are written', async () => {
    const clock = { ms: Date.parse('2026-11-24T03:00:00.000Z') };
    const texts = [scrape1, scrape2];
    routes.set('/node-a', () => ({ body: texts.shift() ?? scrape2 }));
    const { deps, capacity, sleeps } = harness(clock);
    cw.on(PutMetricDataCommand).resolves({});
    const before = requests.length;

    const report = await runCapacityCycle([source('dc-a/0', 'dc-a', { type: 'prometheus', url: `${base}/node-a`, preset: 'node-exporter', resources: [] })], deps);

    expect(requests.length - before).toBe(2);
    expect(sleeps).toEqual([1_000]);
    expect(report.failures).toEqual([]);
    // eth0 of the fixture host reports no link speed: it is read against an assumed 1 Gb/s, and says so.
    expect(report.readings.map((r) => r.resource)).toEqual(['cpu', 'memory', 'filesystem:/', 'network:eth0']);
    expect(report.readings.find((r) => r.resource === 'network:eth0')).toMatchObject({ total: 1e9, note: expect.stringContaining('assumed 1 Gb/s') });
    const cpu = report.readings.find((r) => r.resource === 'cpu')!;
    const busy = 2 - (idleSum(scrape2) - idleSum(scrape1)) / 2;
    expect(cpu.used).toBeCloseTo(busy, 9);
    expect(cpu.ts).toBe('2026-11-24T03:00:02.000Z');
    expect(cpu.forecastNote).toBe('not enough data');

    const history = await capacity.history('dc-a', 'cpu', clock.ms - H, clock.ms);
    expect(history.points).toEqual([{ tMs: Date.parse('2026-11-24T03:00:02.000Z'), value: cpu.utilisation }]);
    expect(Object.keys(history.latest!.counters!.values)).toEqual([
      'node_cpu_seconds_total{cpu="0",mode="idle"}',
      'node_cpu_seconds_total{cpu="1",mode="idle"}',
    ]);
    const state = await capacity.getState('dc-a', 'memory');
    expect(state).toMatchObject({ site: 'dc-a', resource: 'memory', unit: 'bytes', level: 'ok', exhaustionAt: null, forecastNote: 'not enough data' });

    // Metrics: exactly one PutMetricData with Utilisation and HeadroomPct per resource.
    const puts = cw.commandCalls(PutMetricDataCommand);
    expect(puts).toHaveLength(1);
    const data = puts[0]!.args[0].input.MetricData!;
    expect(puts[0]!.args[0].input.Namespace).toBe('Pantau');
    expect(data.map((d) => `${d.MetricName}:${d.Dimensions!.map((x) => x.Value).join('/')}`)).toEqual([
      'Utilisation:dc-a/cpu', 'HeadroomPct:dc-a/cpu',
      'Utilisation:dc-a/memory', 'HeadroomPct:dc-a/memory',
      'Utilisation:dc-a/filesystem:/', 'HeadroomPct:dc-a/filesystem:/',
      'Utilisation:dc-a/network:eth0', 'HeadroomPct:dc-a/network:eth0',
    ]);
    expect(data[0]).toMatchObject({ Dimensions: [{ Name: 'Site', Value: 'dc-a' }, { Name: 'Resource', Value: 'cpu' }], Values: [Math.round(cpu.utilisation * 1000) / 1000], Counts: [1] });

    // Second run a minute later: ONE scrape, the rate comes from the stored sample.
    clock.ms = Date.parse('2026-11-24T03:01:02.000Z');
    routes.set('/node-a', () => ({ body: laterScrape(60) }));
    const second = harness(clock);
    const mid = requests.length;
    const next = await runCapacityCycle([source('dc-a/0', 'dc-a', { type: 'prometheus', url: `${base}/node-a`, preset: 'node-exporter', resources: [] })], second.deps);
    expect(requests.length - mid).toBe(1);
    expect(second.sleeps).toEqual([]);
    const cpu2 = next.readings.find((r) => r.resource === 'cpu')!;
    expect(cpu2.used).toBeCloseTo(0.5, 6); // 2 CPUs × 25 % busy
    expect(cpu2.utilisation).toBeCloseTo(25, 4);
  });

  it('a counter reset between runs (host reboot) gives no negative rate', async () => {
    const clock = { ms: Date.parse('2026-11-24T05:00:00.000Z') };
    const { deps, capacity } = harness(clock);
    // Stored baseline: idle counters far above what the rebooted host now reports.
    await capacity.saveSamples([
      {
        reading: makeReading('dc-reset', 'cpu', 'cores', 1, 2, '2026-11-24T04:59:00.000Z'),
        counters: { tsMs: Date.parse('2026-11-24T04:59:00.000Z'), values: { 'node_cpu_seconds_total{cpu="0",mode="idle"}': 1e6, 'node_cpu_seconds_total{cpu="1",mode="idle"}': 1e6 } },
      },
    ]);
    routes.set('/node-reset', () => ({ body: 'node_cpu_seconds_total{cpu="0",mode="idle"} 45\nnode_cpu_seconds_total{cpu="1",mode="idle"} 45\n' }));
    const report = await runCapacityCycle([source('dc-reset/0', 'dc-reset', { type: 'prometheus', url: `${base}/node-reset`, preset: 'node-exporter', resources: [] })], deps);
    const cpu = report.readings.find((r) => r.resource === 'cpu')!;
    // Increase since the reset = 45 s per CPU over 60 s → 1.5 idle cores of 2 → 0.5 busy.
    expect(cpu.used).toBeCloseTo(0.5, 9);
    expect(report.failures.map((f) => f.resource)).toEqual(['memory']); // this tiny exporter has no memory metrics
  });

  it('forecast from the stored history: level forecast, state with the exhaustion time, reason in words', async () => {
    const now = Date.parse('2026-11-24T12:00:00.000Z');
    const clock = { ms: now };
    const { deps, capacity } = harness(clock);
    const TB = 1e12;
    // 50, 52, 54 % stored an hour apart; 56 % now → +2 points/h → full in 22 h, 90 % in 17 h.
    await capacity.saveSamples([3, 2, 1].map((h, i) => ({ reading: makeReading('PDN-Cikarang', 'sirekap-db', 'bytes', (0.5 + i * 0.02) * TB, TB, new Date(now - h * H).toISOString()) })));
    routes.set('/db', () => ({ body: `db_used_bytes{db="sirekap"} ${0.56 * TB}\n` }));
    const src = source('PDN-Cikarang/0', 'PDN-Cikarang', {
      type: 'prometheus',
      url: `${base}/db`,
      resources: [{ name: 'sirekap-db', unit: 'bytes', used: { metric: 'db_used_bytes', labels: { db: 'sirekap' }, aggregate: 'sum' }, total: TB }],
    });
    const report = await runCapacityCycle([src], deps);
    const r = report.readings[0]!;
    expect(r.utilisation).toBeCloseTo(56, 9);
    expect(r.hoursToExhaustion).toBeCloseTo(22, 6);
    expect(r.hoursToCritical).toBeCloseTo(17, 6);
    expect(report.levels).toEqual(['forecast']);
    const obs = report.observations.find((o) => o.subject === 'capacity:PDN-Cikarang/sirekap-db')!;
    expect(obs).toMatchObject({ ok: true, degraded: true, reason: 'storage on PDN-Cikarang/sirekap-db full in ~22 h at the current rate (now 56 %)' });
    const state = (await capacity.getState('PDN-Cikarang', 'sirekap-db')) as CapacityState;
    expect(state.level).toBe('forecast');
    expect(Date.parse(state.exhaustionAt!)).toBeCloseTo(now + 22 * H, -3);
    expect(report.changes).toEqual([{ site: 'PDN-Cikarang', resource: 'sirekap-db', level: 'forecast', previousLevel: null }]);
  });
});

describe('capacity cycle: other sources and failures', () => {
  it('http-json: JMESPath on a loopback DCIM API, secret header from the local resolver', async () => {
    routes.set('/dcim', () => ({ type: 'application/json', body: JSON.stringify({ power: { drawW: 6400, ratingW: 8000 }, racks: { freeU: 4, totalU: 42 } }) }));
    const clock = { ms: Date.parse('2026-11-24T06:00:00.000Z') };
    const { deps } = harness(clock, { secrets: envSecretResolver({ PANTAU_SECRET_PANTAU_DCIM_TOKEN: 's3cret' }) });
    const before = requests.length;
    const report = await runCapacityCycle(
      [
        source('DC-Jakarta/0', 'DC-Jakarta', {
          type: 'http-json',
          url: `${base}/dcim`,
          headers: { 'x-client': 'pantau' },
          secretHeaders: { authorization: { ssm: '/pantau/dcim/token' } },
          resources: [
            { name: 'pdu-a', unit: 'watts', used: 'power.drawW', total: 'power.ratingW' },
            { name: 'rack-space', unit: 'units', free: 'racks.freeU', total: 'racks.totalU' },
          ],
        }),
      ],
      deps,
    );
    expect(requests[before]!.headers).toMatchObject({ 'x-client': 'pantau', authorization: 's3cret', accept: 'application/json' });
    expect(report.readings.map((r) => [r.resource, r.used, r.total, r.utilisation])).toEqual([
      ['pdu-a', 6400, 8000, 80],
      ['rack-space', 38, 42, (38 / 42) * 100],
    ]);
    expect(report.levels).toEqual(['warn', 'critical']);
  });

  it('cloudwatch: one exact GetMetricData request, newest datapoint per resource', async () => {
    const clock = { ms: Date.parse('2026-11-24T07:00:00.000Z') };
    const { deps } = harness(clock);
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'm0', Timestamps: [new Date('2026-11-24T06:55:00Z'), new Date('2026-11-24T06:50:00Z')], Values: [100e9, 110e9], StatusCode: 'Complete' },
      ],
    });
    cw.on(PutMetricDataCommand).resolves({});
    const report = await runCapacityCycle(
      [
        source('aws/0', 'aws-jakarta', {
          type: 'cloudwatch',
          resources: [
            { name: 'sirekap-db', unit: 'bytes', namespace: 'AWS/RDS', metric: 'FreeStorageSpace', dimensions: { DBInstanceIdentifier: 'sirekap' }, stat: 'Minimum', meaning: 'free', total: 400e9, periodSeconds: 300 },
          ],
        }),
      ],
      deps,
    );
    const calls = cw.commandCalls(GetMetricDataCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      MetricDataQueries: [
        {
          Id: 'm0',
          MetricStat: {
            Metric: { Namespace: 'AWS/RDS', MetricName: 'FreeStorageSpace', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'sirekap' }] },
            Period: 300,
            Stat: 'Minimum',
          },
          ReturnData: true,
        },
      ],
      StartTime: new Date('2026-11-24T06:35:00.000Z'),
      EndTime: new Date('2026-11-24T07:00:00.000Z'),
      ScanBy: 'TimestampDescending',
    });
    expect(report.readings[0]).toMatchObject({ site: 'aws-jakarta', resource: 'sirekap-db', used: 300e9, total: 400e9, utilisation: 75 });
  });

  it('unreachable, HTTP error and non-Prometheus sources are failures, never zero readings', async () => {
    routes.set('/broken', () => ({ status: 503, body: 'upstream down' }));
    routes.set('/html', () => ({ type: 'text/html', body: '<html><body>login</body></html>' }));
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/metrics`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const clock = { ms: Date.parse('2026-11-24T08:00:00.000Z') };
    const { deps, capacity } = harness(clock);
    const prom = (url: string) => ({ type: 'prometheus' as const, url, preset: 'node-exporter' as const, resources: [] });
    const report = await runCapacityCycle(
      [source('dc-x/0', 'dc-x', prom(closedUrl)), source('dc-y/0', 'dc-y', prom(`${base}/broken`)), source('dc-z/0', 'dc-z', prom(`${base}/html`))],
      deps,
    );
    expect(report.readings).toEqual([]);
    expect(report.failures).toEqual([
      { sourceId: 'dc-x/0', site: 'dc-x', resource: null, reason: `${closedUrl} unreachable: connection refused` },
      { sourceId: 'dc-y/0', site: 'dc-y', resource: null, reason: `${base}/broken answered HTTP 503 Service Unavailable` },
      { sourceId: 'dc-z/0', site: 'dc-z', resource: null, reason: expect.stringMatching(/^not Prometheus text format/) },
    ]);
    expect(report.observations[0]).toMatchObject({
      subject: 'capacity:dc-x/source:dc-x/0',
      domain: 'capacity',
      app: 'dc-x',
      ok: false,
      error: 'source',
      reason: `capacity source dc-x/0 on dc-x failed: ${closedUrl} unreachable: connection refused`,
    });
    expect((await capacity.history('dc-x', 'memory', 0, clock.ms)).points).toEqual([]);
  });

  it('a failing source alerts through the shared alert engine: DOWN after two runs, exactly once', async () => {
    routes.set('/flaky', () => ({ status: 500, body: 'oops' }));
    const clock = { ms: Date.parse('2026-11-24T09:00:00.000Z') };
    const sent: AlertEvent[] = [];
    const config = makeConfig();
    const build = () => {
      const h = harness(clock);
      h.deps.alerts = {
        store: h.store,
        notifier: { publish: async (e) => void sent.push(e) },
        log: silent,
        alerting: config.alerting,
        maintenance: [],
        regions: ['ap-southeast-3'],
        now: () => new Date(clock.ms),
      };
      return h;
    };
    const src = source('dc-flaky/0', 'dc-flaky', { type: 'prometheus', url: `${base}/flaky`, preset: 'node-exporter', resources: [] });
    for (let run = 0; run < 3; run++) {
      const report = await runCapacityCycle([src], build().deps);
      expect(report.sinkErrors).toEqual([]);
      clock.ms += 60_000;
    }
    const down = sent.filter((e) => e.kind === 'down');
    expect(down).toHaveLength(1);
    expect(down[0]).toMatchObject({ target: 'capacity:dc-flaky/source:dc-flaky/0', app: 'dc-flaky', topic: 'warning' });
    const state = await build().store.getVersioned<Record<string, unknown>>(capacityStateKey('dc-flaky', 'source:dc-flaky/0'));
    expect(state?.value.status).toBe('down');
  });
});
