import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCertificate } from '../../test/support/servers';
import { childOf, request } from '../children';
import { Blackbox } from './blackbox';
import { measureBundles } from './bundles';
import { blackboxCase, caseTargets, pantauCase, wrkCase, type CaseTargets, type Timing } from './cases';
import { renderTable, replaceTable } from './docs-table';
import { round } from '../stats';
import { FLEET_SUBNETS, assembleRuns, percentile, type CaseRecord, type FleetInput, type FleetReady, type Protocol } from './shape';
import { clockTicksPerSec, ensureTools, type ToolState } from './tools';

/**
 * The comparison against the tools people would pick instead: Pantau's probe engine,
 * blackbox_exporter through /probe, and wrk (Connection: close) as the machine's limit, on one
 * loopback fleet, per protocol and concurrency, alternating tool by tool within each round
 * (so drift in the machine's load hits all three alike); the summary takes medians over rounds.
 *
 * Full mode writes bench/results/latest.json and the table in docs/performance.md. Small mode
 * (CI: `--small` or BENCH_SMALL=1) runs one short round at 100-way and writes
 * bench/results/small.json only, so a CI run never replaces the committed figures.
 */

const PROTOCOLS: Protocol[] = ['http', 'https', 'tcp', 'dns'];
const TIMING: Timing = { delayMs: 50, jitterMs: 20, seed: 20261124 };
const FLEET_ADDRESSES = 100;

export interface CompareMode {
  small: boolean;
}

function settings({ small }: CompareMode) {
  return small
    ? { checks: 300, warmup: 100, rounds: 1, concurrency: [100], wrkSeconds: 1, initSamples: 1 }
    : // Warm-up as long as the measurement: the exporter is one long-lived process, warm from the
      // cases before, and a Lambda container is warm after its first invocations; a fresh
      // process's first thousands of HTTPS checks still pay V8's optimisation and OpenSSL's
      // first-use costs (docs/performance.md "Method").
      { checks: Number(process.env.BENCH_COMPARE_CHECKS ?? 3000), warmup: Number(process.env.BENCH_COMPARE_CHECKS ?? 3000), rounds: Number(process.env.BENCH_COMPARE_ROUNDS ?? 3), concurrency: [100, 500], wrkSeconds: 5, initSamples: 5 };
}

type Settings = ReturnType<typeof settings>;

const log = (line: string) => process.stdout.write(`${line}\n`);

async function startFleet(input: FleetInput) {
  const fleet = childOf('compare/fleet.ts');
  const { ready } = await request<{ ready: FleetReady }>(fleet, { start: input }, 30_000);
  return { fleet, ready };
}

/** One round: every protocol and concurrency, tools alternating pantau → blackbox → wrk. */
async function runRound(round: number, s: Settings, all: CaseTargets[], env: { caPem: string; box: Blackbox | null; tools: ToolState; ticks: number }): Promise<CaseRecord[]> {
  const records: CaseRecord[] = [];
  for (const targets of all) {
    for (const concurrency of s.concurrency) {
      const ctx = { round, concurrency, targets };
      records.push(await pantauCase(ctx, env.caPem, s.warmup));
      if (env.box) records.push(await blackboxCase(ctx, env.box, env.ticks));
      const wrk = env.tools.wrk ? await wrkCase(ctx, s.wrkSeconds) : null;
      if (wrk) records.push(wrk);
      const line = records.filter((r) => r.protocol === targets.protocol && r.concurrency === concurrency && r.round === round);
      log(`round ${round}: ${targets.protocol} ×${concurrency}: ${line.map((r) => `${r.tool} ${r.perSec}/s${r.failed ? ` (${r.failed} failed)` : ''}`).join(', ')}`);
    }
  }
  return records;
}

async function measure(s: Settings, tools: ToolState, dir: string) {
  const https = Array.from({ length: FLEET_ADDRESSES }, (_, i) => `127.0.${FLEET_SUBNETS.https}.${i + 1}`);
  const cert = await makeCertificate({ days: 30, altNames: ['localhost', ...https] });
  const caFile = path.join(dir, 'fleet-ca.pem');
  writeFileSync(caFile, cert.cert);
  const { fleet, ready } = await startFleet({ addresses: FLEET_ADDRESSES, ...TIMING, certPem: cert.cert, keyPem: cert.key });
  const box = tools.blackbox ? await Blackbox.start(dir, caFile) : null;
  try {
    const all = PROTOCOLS.map((p) => caseTargets(p, ready, s.checks, TIMING));
    // blackbox's warm-up: its first probes of each module pay for Go's TLS and DNS set-up.
    if (box) for (const t of all) await box.probe(t.protocol, t.blackbox.slice(0, s.warmup), Math.min(100, s.warmup));
    const cases: CaseRecord[] = [];
    const env = { caPem: cert.cert, box, tools, ticks: clockTicksPerSec() };
    for (let round = 1; round <= s.rounds; round++) cases.push(...(await runRound(round, s, all, env)));
    const { holds } = await request<{ holds: number[] }>(fleet, { holds: true }, 10_000);
    const sorted = holds.sort((a, b) => a - b);
    return { cases, tcpServerHoldMs: { p50: round(percentile(sorted, 50), 2), p99: round(percentile(sorted, 99), 2) } };
  } finally {
    box?.stop();
    fleet.disconnect();
    fleet.kill();
  }
}

export async function runComparison(mode: CompareMode, machine: { node: string; platform: string; cpus: number; cpuModel: string }) {
  const s = settings(mode);
  const tools = ensureTools(log);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pantau-compare-'));
  try {
    log(`comparison (${mode.small ? 'small' : 'full'}): ${PROTOCOLS.join(', ')} × ${s.concurrency.join('/')}-way, ${s.checks} checks per case, ${s.rounds} round(s)`);
    const loadBefore = os.loadavg()[0]!;
    const { cases, tcpServerHoldMs } = await measure(s, tools, dir);
    // Other work on the machine skews every tool (threaded ones get more of a contended CPU): say how loaded it was.
    const loadNote = `1-minute load average ${loadBefore.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end of the cases (${machine.cpus} CPUs)`;
    log('bundling the Lambdas …');
    const bundles = await measureBundles(s.initSamples);
    const runs = assembleRuns(cases);
    const results = {
      generatedAt: new Date().toISOString(),
      command: mode.small ? 'npm run bench -- --small' : 'npm run bench',
      mode: mode.small ? 'small' : 'full',
      machine,
      setup: { ...setup(s, tools), load: loadNote },
      runs,
      tcpServerHoldMs,
      bundles: bundles.map(({ name, bytes, initMs }) => ({ name, bytes, initMs })),
      bundleDetails: bundles,
      cases,
    };
    writeResults(results, mode);
    if (!mode.small) writeDocsTable({ generatedAt: results.generatedAt, mode: 'full', machine, runs, bundles, notes: [...tools.notes, loadNote] });
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function setup(s: Settings, tools: ToolState) {
  return {
    fleet: {
      addressesPerProtocol: FLEET_ADDRESSES,
      subnets: Object.fromEntries(Object.entries(FLEET_SUBNETS).map(([p, n]) => [p, `127.0.${n}.1-127.0.${n}.${FLEET_ADDRESSES}`])),
      delayMs: `${TIMING.delayMs} ± ${TIMING.jitterMs} (uniform, seeded) for HTTP, HTTPS and DNS; TCP has none (connect only)`,
    },
    checksPerCase: s.checks,
    warmupChecks: s.warmup,
    rounds: s.rounds,
    concurrency: s.concurrency,
    order: 'per round, per protocol and concurrency: pantau, blackbox, wrk',
    pantau: 'runChecks in a fresh process per case, fresh connection per check',
    blackbox: 'prometheus-blackbox-exporter on 127.0.0.1, N concurrent /probe requests over a keep-alive agent; CPU from /proc/<pid>/stat',
    wrk: `wrk -t2 -cN -d${s.wrkSeconds}s -H 'Connection: close' against one fleet server (http, https)`,
    tools: tools.notes,
  };
}

function writeResults(results: object, mode: CompareMode): void {
  const dir = path.join(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, mode.small ? 'small.json' : 'latest.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${path.relative(path.join(__dirname, '..', '..'), file)}`);
}

function writeDocsTable(input: Parameters<typeof renderTable>[0]): void {
  const file = path.join(__dirname, '..', '..', 'docs', 'performance.md');
  writeFileSync(file, replaceTable(readFileSync(file, 'utf8'), renderTable(input)));
  log('updated the table in docs/performance.md');
}
