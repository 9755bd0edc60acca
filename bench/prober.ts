import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Client } from 'undici';
import { mapWithConcurrency } from '../lambdas/core/concurrency';
import { runChecks } from '../lambdas/core/probe';
import type { TargetSpec } from '../lambdas/core/types';
import { makeTarget } from '../test/support/config-fixture';

/**
 * One benchmark case in a fresh process (so peak RSS and event-loop delay belong to this case
 * alone): Pantau's runChecks, or the undici baseline, over the same list of fleet URLs.
 *
 * Both clients open a fresh connection per check and read the whole body: Pantau with node's
 * http on its own socket (Connection: close), undici with a new Client for the check's origin,
 * `reset: true` (Connection: close), closed after the response. Pooled keep-alive would be
 * faster for both and is exactly what a probe must not do (it hides DNS, connect and TLS).
 */

export interface CaseInput {
  client: 'pantau' | 'undici';
  concurrency: number;
  warmup: number;
  /** [url, server delay ms] per check. */
  checks: Array<[string, number]>;
  /** The fleet's CA (PEM) when its URLs are https:// (Pantau only). */
  caPem?: string;
  /** Return every check's measured latency (to compare with the server-observed times). */
  keepLatencies?: boolean;
}

export interface CaseOutput {
  client: CaseInput['client'];
  concurrency: number;
  checks: number;
  ok: number;
  errors: Record<string, number>;
  wallMs: number;
  checksPerSec: number;
  cpuMsPerCheck: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** RSS after loading the modules, before any check (the runtime's own share). */
  baselineRssMb: number;
  peakRssMb: number;
  /** Measured latency minus the server's deliberate delay: connection + timing overhead. */
  overheadMs: { p50: number; p95: number; p99: number };
  /** Measured latency per check (input order), when asked for. */
  latencies?: number[];
  /** The results' loopDelayMs (the prober's event-loop delay during each check), Pantau only. */
  loopDelayMs?: { p50: number; p99: number; max: number };
}

interface Sample {
  ok: boolean;
  error?: string;
  latencyMs: number;
  loopDelayMs?: number;
}

function toTargets(checks: Array<[string, number]>, caPem: string | undefined): TargetSpec[] {
  const tls = { insecureSkipVerify: false, ...(caPem ? { caPem } : {}) };
  return checks.map(([url], i) => makeTarget({ id: `bench-${i}`, url, timeoutMs: 10_000, tls }));
}

async function runPantau(checks: Array<[string, number]>, concurrency: number, caPem?: string): Promise<Sample[]> {
  const results = await runChecks(toTargets(checks, caPem), { region: 'bench', concurrency });
  return results.map((r) => ({ ok: r.ok, error: r.error ?? undefined, latencyMs: r.latencyMs, loopDelayMs: r.loopDelayMs }));
}

async function undiciCheck(url: string): Promise<Sample> {
  const { origin, pathname } = new URL(url);
  const client = new Client(origin);
  const started = performance.now();
  try {
    const { statusCode, body } = await client.request({ path: pathname, method: 'GET', reset: true, headersTimeout: 10_000, bodyTimeout: 10_000 });
    let bytes = 0;
    for await (const chunk of body) bytes += (chunk as Buffer).length;
    const latencyMs = performance.now() - started;
    const ok = statusCode >= 200 && statusCode < 400 && bytes > 0;
    return { ok, error: ok ? undefined : `status ${statusCode}`, latencyMs };
  } catch (err) {
    return { ok: false, error: (err as { code?: string }).code ?? 'error', latencyMs: performance.now() - started };
  } finally {
    await client.close().catch(() => {});
  }
}

function runUndici(checks: Array<[string, number]>, concurrency: number): Promise<Sample[]> {
  return mapWithConcurrency(checks, concurrency, ([url]) => undiciCheck(url));
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function loopDelayStats(samples: Sample[]): Pick<CaseOutput, 'loopDelayMs'> {
  const delays = samples.flatMap((s) => (s.loopDelayMs === undefined ? [] : [s.loopDelayMs])).sort((a, b) => a - b);
  if (delays.length === 0) return {};
  return { loopDelayMs: { p50: percentile(delays, 50), p99: percentile(delays, 99), max: delays[delays.length - 1]! } };
}

async function runCase(input: CaseInput): Promise<CaseOutput> {
  const run = input.client === 'pantau' ? (checks: Array<[string, number]>, c: number) => runPantau(checks, c, input.caPem) : runUndici;
  const baselineRss = process.memoryUsage.rss();
  // Warm-up: JIT, TLS/HTTP module init, the fleet's accept queues.
  await run(input.checks.slice(0, input.warmup), input.concurrency);

  const eld = monitorEventLoopDelay({ resolution: 5 });
  const cpuBefore = process.cpuUsage();
  eld.enable();
  const started = performance.now();
  const samples = await run(input.checks, input.concurrency);
  const wallMs = performance.now() - started;
  eld.disable();
  const cpu = process.cpuUsage(cpuBefore);

  const errors: Record<string, number> = {};
  for (const s of samples) if (!s.ok) errors[s.error ?? 'unknown'] = (errors[s.error ?? 'unknown'] ?? 0) + 1;
  const overhead = samples
    .map((s, i) => s.latencyMs - input.checks[i]![1])
    .filter((_, i) => samples[i]!.ok)
    .sort((a, b) => a - b);
  return {
    client: input.client,
    concurrency: input.concurrency,
    checks: samples.length,
    ok: samples.filter((s) => s.ok).length,
    errors,
    wallMs: round2(wallMs),
    checksPerSec: Math.round((samples.length / wallMs) * 1000),
    cpuMsPerCheck: round2((cpu.user + cpu.system) / 1000 / samples.length),
    eventLoopDelayMs: {
      p50: round2(eld.percentile(50) / 1e6),
      p99: round2(eld.percentile(99) / 1e6),
      max: round2(eld.max / 1e6),
    },
    // Kernel-reported high-water mark of this process (KiB), warm-up included.
    baselineRssMb: round2(baselineRss / 1024 / 1024),
    peakRssMb: round2(process.resourceUsage().maxRSS / 1024),
    overheadMs: { p50: round2(percentile(overhead, 50)), p95: round2(percentile(overhead, 95)), p99: round2(percentile(overhead, 99)) },
    ...(input.keepLatencies ? { latencies: samples.map((s) => s.latencyMs) } : {}),
    ...loopDelayStats(samples),
  };
}

process.once('message', (input: CaseInput) => {
  runCase(input).then(
    (output) => process.send?.({ output }, () => process.exit(0)),
    (err: Error) => process.send?.({ error: err.stack ?? err.message }, () => process.exit(1)),
  );
});
