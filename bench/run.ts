import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AlertBenchInput, AlertBenchOutput } from './alerts';
import type { CapacityBenchInput, CapacityBenchOutput } from './capacity';
import type { CaseInput, CaseOutput } from './prober';
import { childOf, request } from './child';
import { alertTable, capacityTable } from './report';
import { median, seeded } from './stats';

/**
 * `npm run bench`: Pantau's probe engine against an undici baseline on a loopback fleet, then
 * the alert cycle on dynalite (bench/alerts.ts) and capacity parsing and forecasting
 * (bench/capacity.ts), each in a fresh process.
 *
 * - Fleet: FLEET_SERVERS HTTP servers on 127.0.1.x in a child process, answering after
 *   50 ms ± 20 ms (seeded jitter: equal delays would make responses arrive in bursts that the
 *   event loop times late).
 * - Cases: {pantau, undici} × {100, 500}-way concurrency, interleaved, each in a fresh process,
 *   repeated ROUNDS times; the summary takes the median round.
 * - Measures checks/s, CPU per check, the prober's event-loop delay, peak RSS and timing
 *   overhead (measured latency minus the server's delay).
 * - Bounded: CHECKS checks per case, and no new round starts after BUDGET_MS.
 * - Alerts: 300 subjects, steady / outage / RACERS concurrent outage runs, ALERT_ROUNDS rounds
 *   (no new round after ALERT_BUDGET_MS). Capacity: CAPACITY_ROUNDS batches per figure.
 *
 * Writes bench/results.json and prints a table. Loopback only.
 */

const FLEET_SERVERS = Number(process.env.BENCH_SERVERS ?? 64);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 6000);
const WARMUP = Math.min(500, CHECKS);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = [100, 500];
const CLIENTS: CaseInput['client'][] = ['pantau', 'undici'];
const DELAY_MS = 50;
const JITTER_MS = 20;
const BUDGET_MS = 45_000;
const CASE_TIMEOUT_MS = 30_000;
const ALERT_ROUNDS = Number(process.env.BENCH_ALERT_ROUNDS ?? 3);
const ALERT_RACERS = 10;
const ALERT_BUDGET_MS = 25_000;
const CAPACITY: CapacityBenchInput = { rounds: 5, scrapeIterations: 200, forecastIterations: 200 };


/** Runs one benchmark part in a fresh process and returns its output. */
async function runChild<I, O>(file: string, input: I, timeoutMs: number): Promise<O> {
  const child = childOf(file);
  try {
    const { output } = await request<{ output: O }>(child, input, timeoutMs);
    return output;
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

const runCase = (input: CaseInput) => runChild<CaseInput, CaseOutput>('prober.ts', input, CASE_TIMEOUT_MS);

/** The alert part: dynalite in one process, the alert cycle in another. */
async function runAlerts(): Promise<AlertBenchOutput> {
  const dynamo = childOf('dynamo.ts');
  try {
    const { endpoint } = await request<{ endpoint: string }>(dynamo, {}, 15_000);
    const input: AlertBenchInput = { endpoint, rounds: ALERT_ROUNDS, racers: ALERT_RACERS, budgetMs: ALERT_BUDGET_MS };
    return await runChild<AlertBenchInput, AlertBenchOutput>('alerts.ts', input, 60_000);
  } finally {
    dynamo.disconnect();
    dynamo.kill();
  }
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

function table(runs: CaseOutput[]): string {
  const header = `${'client'.padEnd(7)} ${pad('conc', 5)} ${pad('checks/s', 9)} ${pad('cpu ms/chk', 10)} ${pad('ELD p50', 8)} ${pad('ELD p99', 8)} ${pad('ELD max', 8)} ${pad('RSS base/peak', 13)} ${pad('ovh p50', 8)} ${pad('ovh p95', 8)} ${pad('errors', 6)}`;
  const lines = runs.map((r) => {
    const errors = Object.values(r.errors).reduce((a, b) => a + b, 0);
    return `${r.client.padEnd(7)} ${pad(r.concurrency, 5)} ${pad(r.checksPerSec, 9)} ${pad(r.cpuMsPerCheck, 10)} ${pad(r.eventLoopDelayMs.p50, 8)} ${pad(r.eventLoopDelayMs.p99, 8)} ${pad(r.eventLoopDelayMs.max, 8)} ${pad(`${Math.round(r.baselineRssMb)}/${Math.round(r.peakRssMb)}`, 13)} ${pad(r.overheadMs.p50, 8)} ${pad(r.overheadMs.p95, 8)} ${pad(errors, 6)}`;
  });
  return [header, '-'.repeat(header.length), ...lines].join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  const probe = await probeBench(started);
  process.stdout.write('alert cycle on dynalite …\n');
  const alerts = await runAlerts();
  process.stdout.write('capacity parsing and forecast …\n');
  const capacity = await runChild<CapacityBenchInput, CapacityBenchOutput>('capacity.ts', CAPACITY, 60_000);

  const results = {
    generatedAt: new Date().toISOString(),
    command: 'npm run bench',
    machine: { node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '' },
    setup: probe.setup,
    runs: probe.runs,
    summary: probe.summary,
    alerts,
    capacity,
    totalMs: Date.now() - started,
  };
  writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

  console.log(`\n${table(probe.runs)}\n`);
  for (const s of probe.summary) {
    console.log(
      `${s.concurrency}-way: pantau ${s.pantau.checksPerSec} checks/s vs undici ${s.undici.checksPerSec} → ratio ${s.throughputRatio}`,
    );
  }
  console.log(`\n${alertTable(alerts.summary)}\n`);
  console.log(`${capacityTable(capacity)}\n`);
  console.log(`wrote bench/results.json in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The probe engine against undici on the loopback fleet (the original benchmark). */
async function probeBench(started: number) {
  const fleet = childOf('fleet.ts');
  try {
    const { ready } = await request<{ ready: Array<{ host: string; port: number }> }>(fleet, { servers: FLEET_SERVERS }, 15_000);
    const random = seeded(20261124);
    const checks: Array<[string, number]> = Array.from({ length: CHECKS }, (_, i) => {
      const server = ready[i % ready.length]!;
      const delay = Math.round(DELAY_MS - JITTER_MS + random() * 2 * JITTER_MS);
      return [`http://${server.host}:${server.port}/d/${delay}`, delay];
    });

    const runs: Array<CaseOutput & { round: number }> = [];
    for (let round = 1; round <= ROUNDS; round++) {
      if (round > 1 && Date.now() - started > BUDGET_MS) {
        console.log(`time budget reached: stopping after ${round - 1} round(s)`);
        break;
      }
      for (const concurrency of CONCURRENCY) {
        for (const client of CLIENTS) {
          const output = await runCase({ client, concurrency, warmup: WARMUP, checks });
          runs.push({ ...output, round });
          process.stdout.write(`round ${round}: ${client} ×${concurrency}: ${output.checksPerSec} checks/s\n`);
        }
      }
    }

    const summary = CONCURRENCY.map((concurrency) => {
      const of = (client: string) => runs.filter((r) => r.client === client && r.concurrency === concurrency);
      const stats = (client: string) => {
        const rs = of(client);
        return {
          checksPerSec: median(rs.map((r) => r.checksPerSec)),
          eventLoopDelayP99Ms: median(rs.map((r) => r.eventLoopDelayMs.p99)),
          baselineRssMb: median(rs.map((r) => r.baselineRssMb)),
          peakRssMb: Math.max(...rs.map((r) => r.peakRssMb)),
          overheadP95Ms: median(rs.map((r) => r.overheadMs.p95)),
          cpuMsPerCheck: median(rs.map((r) => r.cpuMsPerCheck)),
        };
      };
      const pantau = stats('pantau');
      const undici = stats('undici');
      return { concurrency, pantau, undici, throughputRatio: Math.round((pantau.checksPerSec / undici.checksPerSec) * 100) / 100 };
    });

    return {
      setup: {
        fleet: { servers: ready.length, addresses: `127.0.1.1-127.0.1.${ready.length}`, delayMs: `${DELAY_MS} ± ${JITTER_MS} (uniform, seeded)` },
        checksPerCase: CHECKS,
        warmupChecks: WARMUP,
        rounds: runs.length / (CONCURRENCY.length * CLIENTS.length),
        connection: 'fresh per check, Connection: close, body read in full, for both clients',
        undici: 'new Client(origin) per check, request({ reset: true }), client.close() after',
      },
      runs,
      summary,
    };
  } finally {
    fleet.disconnect();
    fleet.kill();
  }
}

main().catch((err: Error) => {
  console.error(`bench failed: ${err.message}`);
  process.exit(1);
});
