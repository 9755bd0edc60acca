import type { ChildProcess } from 'node:child_process';
import { childOf, request, runBench, stopChild } from './children';
import { makeCertificate } from '../test/support/servers';
import type { CaseInput, CaseOutput } from './prober';
import { median, round, seeded } from './stats';

/**
 * `npx tsx bench/https.ts`: CPU per HTTPS check and timing error of Pantau's probe engine on a
 * loopback HTTPS fleet (bench/fleet.ts with a generated certificate for 127.0.1.x, trusted as the
 * targets' tls.caPem), each case in a fresh process (bench/prober.ts).
 *
 * - CPU per check: the prober process's user + system CPU over the measured checks.
 * - Timing error: a check's measured total minus the time the server saw its connection (TCP
 *   accept → last response byte written), p50 / p99 over the successful checks.
 * - loopDelayMs: the results' own field (the prober's event-loop delay during each check).
 *
 * Env: BENCH_CHECKS (default 3000), BENCH_ROUNDS (3), BENCH_SERVERS (64), BENCH_CONCURRENCY
 * (comma list, default 100), BENCH_DELAY_MS (server delay, default 50 ± 20 ms jitter). Loopback only.
 */

const SERVERS = Number(process.env.BENCH_SERVERS ?? 64);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '100').split(',').map(Number);
const WARMUP = Math.min(500, CHECKS);
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 50);
const JITTER_MS = 20;
const CASE_TIMEOUT_MS = 60_000;

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Row {
  concurrency: number;
  round: number;
  checksPerSec: number;
  cpuMsPerCheck: number;
  ok: number;
  errorP50: number;
  errorP99: number;
  loopDelayMs?: CaseOutput['loopDelayMs'];
  eventLoopDelayP99: number;
}

async function runCase(fleet: ChildProcess, input: CaseInput, round_: number): Promise<Row> {
  const prober = childOf('prober.ts');
  try {
    const { output } = await request<{ output: CaseOutput }>(prober, input, CASE_TIMEOUT_MS);
    const { served } = await request<{ served: Record<number, number> }>(fleet, { served: true }, 10_000);
    const errors = (output.latencies ?? [])
      .map((measured, i) => (served[i] === undefined ? null : measured - served[i]!))
      .filter((e): e is number => e !== null)
      .sort((a, b) => a - b);
    return {
      concurrency: input.concurrency,
      round: round_,
      checksPerSec: output.checksPerSec,
      cpuMsPerCheck: output.cpuMsPerCheck,
      ok: output.ok,
      errorP50: round(percentile(errors, 50)),
      errorP99: round(percentile(errors, 99)),
      ...(output.loopDelayMs ? { loopDelayMs: output.loopDelayMs } : {}),
      eventLoopDelayP99: output.eventLoopDelayMs.p99,
    };
  } finally {
    if (prober.exitCode === null) prober.kill();
  }
}

async function main(): Promise<void> {
  const hosts = Array.from({ length: SERVERS }, (_, i) => `127.0.1.${i + 1}`);
  const cert = await makeCertificate({ days: 30, altNames: hosts });
  const fleet = childOf('fleet.ts');
  try {
    const { ready } = await request<{ ready: Array<{ host: string; port: number }> }>(fleet, { servers: SERVERS, tls: { cert: cert.cert, key: cert.key } }, 15_000);
    const random = seeded(20261124);
    const checks: Array<[string, number]> = Array.from({ length: CHECKS }, (_, i) => {
      const server = ready[i % ready.length]!;
      const delay = Math.round(DELAY_MS - JITTER_MS + random() * 2 * JITTER_MS);
      return [`https://${server.host}:${server.port}/d/${delay}/${i}`, delay];
    });
    const rows: Row[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      for (const concurrency of CONCURRENCY) {
        const row = await runCase(fleet, { client: 'pantau', concurrency, warmup: WARMUP, checks, caPem: cert.cert, keepLatencies: true }, r);
        rows.push(row);
        console.log(JSON.stringify(row));
      }
    }
    for (const concurrency of CONCURRENCY) {
      const of = rows.filter((x) => x.concurrency === concurrency);
      console.log(
        `${concurrency}-way HTTPS, median of ${of.length}: cpu ${median(of.map((x) => x.cpuMsPerCheck))} ms/check, ` +
          `${median(of.map((x) => x.checksPerSec))} checks/s, timing error p50 ${median(of.map((x) => x.errorP50))} ms / p99 ${median(of.map((x) => x.errorP99))} ms` +
          (of[0]?.loopDelayMs ? `, loopDelayMs p50 ${median(of.map((x) => x.loopDelayMs!.p50))} / p99 ${median(of.map((x) => x.loopDelayMs!.p99))}` : ''),
      );
    }
  } finally {
    stopChild(fleet);
  }
}

runBench(main);
