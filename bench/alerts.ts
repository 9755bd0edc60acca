import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient, DynamoStore } from '../lambdas/adapters/dynamo-store';
import { ensureTable, localDynamoClient } from '../lambdas/adapters/local-dynamo';
import type { LogSink } from '../lambdas/adapters/logger';
import { evaluateObservations, type AlertCycleReport, type AlertDeps, type SubjectObservation } from '../lambdas/app/alert-cycle';
import type { AlertEvent, AlertNotifier } from '../lambdas/core/alerting/types';
import type { AlertRules } from '../lambdas/core/config';
import { targetSubject } from '../lambdas/ports';
import type { Severity } from '../lambdas/core/types';
import { ALERTING_DEFAULTS } from '../lib/config/alerting';
import { TARGET_DEFAULTS } from '../lib/config/targets';
import { p50max, ratio, round } from './stats';

/**
 * The alert cycle (lambdas/app/alert-cycle.ts evaluateObservations) on dynalite, in its own
 * process; dynalite runs in another (bench/dynamo.ts). Only the public API is used: the store,
 * a notifier that records, and an injected clock.
 *
 * 300 subjects in four apps (regional KPU sites, as a data-centre outage would hit them), one
 * probe region, the config's default rules (3 failures to go DOWN) and storm grouping. Each
 * round uses fresh tables and the same timeline, one run per minute:
 *   m0 all UP (state created) · m1 all UP  → (a) steady run, measured
 *   m2, m3 all failing (counting, no alert) · m4 third failure → (b) outage run, measured
 *   (c) a second table, same history, and the m4 run started RACERS times at once (duplicate
 *       Lambda runs): every subject's DOWN must be published once, in as many messages as (b).
 * After (b) and (c) a later run (still DOWN, after the storm window and the publish lease)
 * collects anything deferred or retried, so "messages" counts everything the outage caused.
 *
 * DynamoDB requests are counted by a middleware on the client (one per API call; dynalite never
 * throttles, so there are no SDK retries to hide).
 */

export interface AlertBenchInput {
  endpoint: string;
  rounds: number;
  racers: number;
  /** No new round starts after this many ms. */
  budgetMs: number;
}

export interface RequestCounts {
  total: number;
  byOperation: Record<string, number>;
  /** Conditional writes that lost (another writer got in first). */
  conditionalFailures: number;
  otherErrors: number;
}

export interface AlertRun {
  wallMs: number;
  /** CPU of the alert process (engine + SDK), not dynalite's. */
  cpuMs: number;
  requests: RequestCounts;
  /** Messages published by the measured run(s). */
  published: number;
  /** Messages published by the later run (deferred storms, retried pending alerts). */
  publishedLater: number;
  /** The later run itself (outage scenarios): what collecting deferred messages costs. */
  later?: { wallMs: number; cpuMs: number; requests: RequestCounts };
  /** All those messages per app (one storm key per app here: kind down, one topic per app). */
  messagesByApp: Record<string, number>;
  /** Individual DOWN alerts covered by all those messages, per subject: min and max. */
  downPerSubject: { min: number; max: number };
  /** Failed publishes reported by the runs. */
  failed: number;
  /** Warnings the engine logged (lost settles, incident writes). */
  warnings: number;
}

export interface AlertRound {
  round: number;
  steady: AlertRun;
  outage: AlertRun;
  race: AlertRun;
}

export interface AlertBenchOutput {
  setup: Record<string, unknown>;
  rounds: AlertRound[];
  summary: AlertSummary;
}

interface ScenarioSummary {
  wallMs: { p50: number; max: number };
  cpuMs: { p50: number; max: number };
  requests: { p50: number; max: number };
  requestsPerSubject: number;
  conditionalFailures: { p50: number; max: number };
  /** Messages: published by the measured run(s), by the later run, and both together. */
  messages: { min: number; max: number };
  messagesInRun: { min: number; max: number };
  messagesLater: { min: number; max: number };
  /** The later run (still DOWN, after the storm window): p50 wall time and requests. */
  laterRun?: { wallMs: number; requests: number };
}

export interface AlertSummary {
  subjects: number;
  rounds: number;
  steady: ScenarioSummary;
  outage: ScenarioSummary;
  race: ScenarioSummary & { racers: number };
  /** Every round, (b) and (c): each subject's DOWN went out in exactly one message. */
  oncePerSubject: boolean;
  /** Every round: (c) published as many messages as (b) (storm grouping survives duplicate runs). */
  raceMessagesEqualOutage: boolean;
  /**
   * Every round: (c) stayed within storm-delivery's promise per (kind, topic, app) and window:
   * at most threshold − 1 single messages + 1 opening + 1 digest.
   */
  raceWithinStormBound: boolean;
  /** Largest number of messages one app got in (c), over all rounds. */
  raceMaxMessagesPerApp: number;
  ratios: {
    outageVsSteadyWall: number | null;
    outageVsSteadyRequests: number | null;
    raceVsOutageWall: number | null;
    raceVsOutageRequests: number | null;
    /** Individual alerts per published message in the outage run (what storm grouping saves). */
    alertsPerMessage: number | null;
  };
}

const REGION = 'ap-southeast-3';
const T0 = Date.parse('2026-11-24T03:00:00.000Z');
const MINUTE = 60_000;

/** 300 subjects: what one data centre hosting the regional sites would take down. */
const APPS: Array<{ app: string; prefix: string; count: number; severity: Severity }> = [
  { app: 'kpu-kabkota', prefix: 'kab', count: 250, severity: 'high' },
  { app: 'kpu-provinsi', prefix: 'prov', count: 38, severity: 'high' },
  { app: 'sirekap', prefix: 'sirekap', count: 6, severity: 'critical' },
  { app: 'jdih', prefix: 'jdih', count: 6, severity: 'low' },
];

interface Subject {
  id: string;
  app: string;
  severity: Severity;
}

const SUBJECTS: Subject[] = APPS.flatMap(({ app, prefix, count, severity }) =>
  Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${String(i + 1).padStart(3, '0')}`, app, severity })),
);

const RULES: AlertRules = {
  failureThreshold: TARGET_DEFAULTS.failureThreshold,
  successThreshold: TARGET_DEFAULTS.successThreshold,
  renotifyMinutes: TARGET_DEFAULTS.renotifyMinutes,
  quorum: null,
  freshnessMs: TARGET_DEFAULTS.freshnessIntervals * MINUTE,
  flapping: { ...TARGET_DEFAULTS.flapping },
};

const ALERTING: AlertDeps['alerting'] = {
  routes: { ...ALERTING_DEFAULTS.routes },
  storm: { ...ALERTING_DEFAULTS.storm },
  timezone: ALERTING_DEFAULTS.timezone,
};

function observations(minute: number, ok: boolean): SubjectObservation[] {
  const ts = new Date(T0 + minute * MINUTE).toISOString();
  return SUBJECTS.map((s) => ({
    obs: {
      subject: s.id,
      domain: 'uptime',
      app: s.app,
      severity: s.severity,
      ok,
      degraded: false,
      error: ok ? null : 'timeout',
      reason: ok ? 'HTTP 200 in 180 ms' : 'no answer within 10 s',
      region: REGION,
      ts,
      label: `${s.id}.kpu.go.id`,
    },
    rules: RULES,
    subject: targetSubject(s.id),
  }));
}

class RecordingNotifier implements AlertNotifier {
  readonly published: AlertEvent[] = [];
  async publish(event: AlertEvent): Promise<void> {
    this.published.push(event);
  }
}

class CountingLog implements LogSink {
  warnings = 0;
  info(): void {}
  warn(): void {
    this.warnings++;
  }
  error(): void {
    this.warnings++;
  }
}

/** Counts every DynamoDB API call the client sends, and the conditional writes that lost. */
function countRequests(client: DynamoDBClient): { snapshot(): RequestCounts } {
  const counts: RequestCounts = { total: 0, byOperation: {}, conditionalFailures: 0, otherErrors: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const op = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      counts.total++;
      counts.byOperation[op] = (counts.byOperation[op] ?? 0) + 1;
      try {
        return await next(args);
      } catch (err) {
        if ((err as { name?: string }).name === 'ConditionalCheckFailedException') counts.conditionalFailures++;
        else counts.otherErrors++;
        throw err;
      }
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  );
  return { snapshot: () => ({ ...counts, byOperation: { ...counts.byOperation } }) };
}

function delta(after: RequestCounts, before: RequestCounts): RequestCounts {
  const byOperation: Record<string, number> = {};
  for (const [op, n] of Object.entries(after.byOperation)) {
    const d = n - (before.byOperation[op] ?? 0);
    if (d > 0) byOperation[op] = d;
  }
  return {
    total: after.total - before.total,
    byOperation,
    conditionalFailures: after.conditionalFailures - before.conditionalFailures,
    otherErrors: after.otherErrors - before.otherErrors,
  };
}

interface Bench {
  client: DynamoDBClient;
  counter: { snapshot(): RequestCounts };
  tables: number;
}

/** A store on a fresh table: rounds and scenarios never see each other's state. */
async function freshStore(bench: Bench): Promise<DynamoStore> {
  const tableName = `bench-alerts-${++bench.tables}`;
  await ensureTable(bench.client, tableName);
  return new DynamoStore(createDocumentClient(bench.client), { tableName, historyDays: 30 });
}

function depsFor(store: DynamoStore, notifier: AlertNotifier, log: LogSink, minute: number): AlertDeps {
  // The run starts a few seconds after the observations' minute, as a scheduled Lambda would.
  const now = () => new Date(T0 + minute * MINUTE + 5_000);
  return { store, notifier, log, alerting: ALERTING, maintenance: [], regions: [REGION], now };
}

async function measure(bench: Bench, work: () => Promise<AlertCycleReport[]>) {
  const before = bench.counter.snapshot();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const reports = await work();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    reports,
    wallMs: round(wallMs, 1),
    cpuMs: round((cpu.user + cpu.system) / 1000, 1),
    requests: delta(bench.counter.snapshot(), before),
  };
}

/** m0, m1 UP; returns the measured m1 run and what it published. Then m2, m3 failing. */
async function prepare(store: DynamoStore, log: LogSink, notifier: RecordingNotifier, bench: Bench) {
  await evaluateObservations(observations(0, true), depsFor(store, notifier, log, 0));
  const before = notifier.published.length;
  const steady = await measure(bench, async () => [await evaluateObservations(observations(1, true), depsFor(store, notifier, log, 1))]);
  const published = notifier.published.length - before;
  for (const minute of [2, 3]) await evaluateObservations(observations(minute, false), depsFor(store, notifier, log, minute));
  return { ...steady, published };
}

const OUTAGE_MINUTE = 4;
/** The later run: after the storm window and the publish lease, so deferred or leased alerts are due. */
const LATER_MINUTE = OUTAGE_MINUTE + Math.ceil((ALERTING.storm.windowMs + 120_000) / MINUTE) + 1;

function downPerSubject(events: AlertEvent[]): { min: number; max: number } {
  const counts = new Map<string, number>(SUBJECTS.map((s) => [s.id, 0]));
  for (const e of events) {
    if (e.kind !== 'down') continue;
    for (const target of e.grouped ?? [e.target]) counts.set(target, (counts.get(target) ?? 0) + 1);
  }
  const values = [...counts.values()];
  return { min: Math.min(...values), max: Math.max(...values) };
}

function byApp(events: AlertEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) out[e.app] = (out[e.app] ?? 0) + 1;
  return out;
}

async function outageScenario(bench: Bench, racers: number): Promise<{ steady: AlertRun; outage: AlertRun }> {
  const store = await freshStore(bench);
  const notifier = new RecordingNotifier();
  const log = new CountingLog();
  const steady = await prepare(store, log, notifier, bench);
  const prepared = notifier.published.length;
  const warningsBefore = log.warnings;

  const run = await measure(bench, async () => {
    if (racers === 1) return [await evaluateObservations(observations(OUTAGE_MINUTE, false), depsFor(store, notifier, log, OUTAGE_MINUTE))];
    // Duplicate runs of the same schedule: the same 300 transitions, all at once.
    return Promise.all(
      Array.from({ length: racers }, () =>
        evaluateObservations(observations(OUTAGE_MINUTE, false), depsFor(store, notifier, log, OUTAGE_MINUTE)),
      ),
    );
  });
  const published = notifier.published.length - prepared;
  const later = await measure(bench, async () => [
    await evaluateObservations(observations(LATER_MINUTE, false), depsFor(store, notifier, log, LATER_MINUTE)),
  ]);
  const outageEvents = notifier.published.slice(prepared);

  const toRun = (m: Awaited<ReturnType<typeof measure>>, extra: Omit<AlertRun, 'wallMs' | 'cpuMs' | 'requests'>): AlertRun => ({
    wallMs: m.wallMs,
    cpuMs: m.cpuMs,
    requests: m.requests,
    ...extra,
  });
  return {
    steady: toRun(steady, {
      published: steady.published,
      publishedLater: 0,
      messagesByApp: {},
      downPerSubject: { min: 0, max: 0 },
      failed: steady.reports.reduce((n, r) => n + r.failed.length, 0),
      warnings: 0,
    }),
    outage: toRun(run, {
      published,
      publishedLater: outageEvents.length - published,
      later: { wallMs: later.wallMs, cpuMs: later.cpuMs, requests: later.requests },
      messagesByApp: byApp(outageEvents),
      downPerSubject: downPerSubject(outageEvents),
      failed: [...run.reports, ...later.reports].reduce((n, r) => n + r.failed.length, 0),
      warnings: log.warnings - warningsBefore,
    }),
  };
}

async function runRound(bench: Bench, round: number, racers: number): Promise<AlertRound> {
  const { steady, outage } = await outageScenario(bench, 1);
  const { outage: race } = await outageScenario(bench, racers);
  return { round, steady, outage, race };
}

function scenarioSummary(runs: AlertRun[]): ScenarioSummary {
  const messages = runs.map((r) => r.published + r.publishedLater);
  const requests = runs.map((r) => r.requests.total);
  const minMax = (values: number[]) => ({ min: Math.min(...values), max: Math.max(...values) });
  const later = runs.flatMap((r) => (r.later ? [r.later] : []));
  return {
    wallMs: p50max(runs.map((r) => r.wallMs)),
    cpuMs: p50max(runs.map((r) => r.cpuMs)),
    requests: p50max(requests, 0),
    requestsPerSubject: round(p50max(requests, 0).p50 / SUBJECTS.length, 2),
    conditionalFailures: p50max(runs.map((r) => r.requests.conditionalFailures), 0),
    messages: minMax(messages),
    messagesInRun: minMax(runs.map((r) => r.published)),
    messagesLater: minMax(runs.map((r) => r.publishedLater)),
    ...(later.length > 0
      ? { laterRun: { wallMs: p50max(later.map((l) => l.wallMs)).p50, requests: p50max(later.map((l) => l.requests.total), 0).p50 } }
      : {}),
  };
}

function summarise(rounds: AlertRound[], racers: number): AlertSummary {
  const steady = scenarioSummary(rounds.map((r) => r.steady));
  const outage = scenarioSummary(rounds.map((r) => r.outage));
  const race = { ...scenarioSummary(rounds.map((r) => r.race)), racers };
  const once = (run: AlertRun) => run.downPerSubject.min === 1 && run.downPerSubject.max === 1;
  const messages = (run: AlertRun) => run.published + run.publishedLater;
  return {
    subjects: SUBJECTS.length,
    rounds: rounds.length,
    steady,
    outage,
    race,
    oncePerSubject: rounds.every((r) => once(r.outage) && once(r.race)),
    raceMessagesEqualOutage: rounds.every((r) => messages(r.race) === messages(r.outage)),
    raceWithinStormBound: rounds.every((r) => Object.values(r.race.messagesByApp).every((n) => n <= ALERTING.storm.threshold + 1)),
    raceMaxMessagesPerApp: Math.max(...rounds.flatMap((r) => Object.values(r.race.messagesByApp))),
    ratios: {
      outageVsSteadyWall: ratio(outage.wallMs.p50, steady.wallMs.p50),
      outageVsSteadyRequests: ratio(outage.requests.p50, steady.requests.p50),
      raceVsOutageWall: ratio(race.wallMs.p50, outage.wallMs.p50),
      raceVsOutageRequests: ratio(race.requests.p50, outage.requests.p50),
      alertsPerMessage: ratio(SUBJECTS.length, outage.messages.max, 1),
    },
  };
}

export async function runAlertBench(input: AlertBenchInput): Promise<AlertBenchOutput> {
  const started = Date.now();
  const client = localDynamoClient(input.endpoint);
  const bench: Bench = { client, counter: countRequests(client), tables: 0 };
  try {
    // Warm-up (JIT, SDK and dynalite start-up): one outage scenario, not reported.
    await outageScenario(bench, 1);
    const rounds: AlertRound[] = [];
    for (let round = 1; round <= input.rounds; round++) {
      if (round > 1 && Date.now() - started > input.budgetMs) break;
      rounds.push(await runRound(bench, round, input.racers));
    }
    return {
      setup: {
        subjects: SUBJECTS.length,
        apps: Object.fromEntries(APPS.map((a) => [a.app, { subjects: a.count, severity: a.severity }])),
        regions: [REGION],
        rules: RULES,
        storm: ALERTING.storm,
        racers: input.racers,
        timeline: `m0,m1 UP (m1 = steady run) · m2,m3 failing · m4 third failure (outage run) · m${LATER_MINUTE} later run (deferred/retried messages)`,
        store: 'dynalite in a separate process (bench/dynamo.ts), fresh table per scenario and round',
        notifier: 'records in memory (no SNS latency)',
        warmup: 'one unreported outage scenario',
      },
      rounds,
      summary: summarise(rounds, input.racers),
    };
  } finally {
    client.destroy();
  }
}

process.once('message', (input: AlertBenchInput) => {
  runAlertBench(input).then(
    (output) => process.send?.({ output }, () => process.exit(0)),
    (err: Error) => process.send?.({ error: err.stack ?? err.message }, () => process.exit(1)),
  );
});
