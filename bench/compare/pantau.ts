import { CHECK_KINDS, kindOf, type CheckKindRegistry } from '../../lambdas/core/checks/kinds/registry';
import { runChecks } from '../../lambdas/core/probe';
import type { CheckResult, TargetSpec } from '../../lambdas/core/types';
import { makeTarget } from '../../test/support/config-fixture';
import { CHECK_TIMEOUT_MS, decodeHoldFromAddress, percentile, SERVED_HEADER, type Protocol } from './shape';

/**
 * Pantau's side of one comparison case, in a fresh process (so peak RSS and CPU belong to the
 * case alone): the real probe engine (runChecks) over the case's targets at the configured
 * concurrency, a fresh connection per check as in production.
 *
 * The server's stamp is read through the engine's public seam for kinds (RunCheckOptions.kinds):
 * the http kind is wrapped to keep SERVED_HEADER of each response, nothing else changes. (The
 * patrol's `observe` hook would also see the headers, but it makes every TLS check collect
 * handshake details, which is not what a plain check costs.)
 */

export interface PantauCaseInput {
  protocol: Protocol;
  concurrency: number;
  warmup: number;
  urls: string[];
  caPem: string;
}

export interface PantauCaseOutput {
  checks: number;
  failed: number;
  errors: Record<string, number>;
  wallMs: number;
  checksPerSec: number;
  cpuMsPerCheck: number;
  latencyErrorMs: { p50: number; p99: number };
  peakRssMb: number;
}

function stampingKinds(stamps: Map<string, number>): CheckKindRegistry {
  const http = CHECK_KINDS.http;
  return {
    ...CHECK_KINDS,
    http: {
      ...http,
      async run(target, input, ctx) {
        const observation = await http.run(target, input, ctx);
        const served = observation.http?.headers[SERVED_HEADER];
        if (typeof served === 'string') stamps.set(target.id, Number(served));
        return observation;
      },
    },
  };
}

/** A target as the config loader makes it: the kind's URL settings (dns resolver and type) read from the URL. */
function toTarget(url: string, id: string, caPem: string): TargetSpec {
  const kind = kindOf(url);
  if (!kind) throw new Error(`bench URL ${url} names no check kind`);
  const parsed = CHECK_KINDS[kind].parseUrl(new URL(url), url);
  if (!parsed.ok) throw new Error(`bench URL ${url}: ${parsed.problem ?? 'not usable'}`);
  return makeTarget({ id, url, kind, timeoutMs: CHECK_TIMEOUT_MS, tls: { insecureSkipVerify: false, caPem }, ...parsed.settings });
}

function toTargets(input: PantauCaseInput, prefix: string): TargetSpec[] {
  return input.urls.map((url, i) => toTarget(url, `${prefix}-${i}`, input.caPem));
}

/** What the server saw of a check: its HTTP stamp, its DNS hold, or nothing for TCP (no delay). */
function serverMs(result: CheckResult, stamps: Map<string, number>): number | null {
  if (result.kind === 'http') return stamps.get(result.target) ?? null;
  if (result.kind === 'dns') return decodeHoldFromAddress(result.answers?.[0] ?? '');
  return 0;
}

async function runCase(input: PantauCaseInput): Promise<PantauCaseOutput> {
  const stamps = new Map<string, number>();
  const options = { region: 'bench', concurrency: input.concurrency, kinds: stampingKinds(stamps) };
  // Warm-up: JIT, TLS and DNS module init, the fleet's accept queues.
  await runChecks(toTargets({ ...input, urls: input.urls.slice(0, input.warmup) }, 'warm'), options);
  stamps.clear();

  const targets = toTargets(input, 'bench');
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const results = await runChecks(targets, options);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);

  const errors: Record<string, number> = {};
  const latencyErrors: number[] = [];
  for (const r of results) {
    if (!r.ok) errors[r.error ?? 'unknown'] = (errors[r.error ?? 'unknown'] ?? 0) + 1;
    const served = r.ok ? serverMs(r, stamps) : null;
    if (served !== null) latencyErrors.push(r.latencyMs - served);
  }
  latencyErrors.sort((a, b) => a - b);
  const failed = Object.values(errors).reduce((a, b) => a + b, 0);
  return {
    checks: results.length,
    failed,
    errors,
    wallMs: Math.round(wallMs),
    checksPerSec: Math.round((results.length / wallMs) * 1000),
    cpuMsPerCheck: (cpu.user + cpu.system) / 1000 / results.length,
    latencyErrorMs: { p50: percentile(latencyErrors, 50), p99: percentile(latencyErrors, 99) },
    // Kernel-reported high-water mark of this process (KiB), warm-up included.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

process.once('message', (input: PantauCaseInput) => {
  runCase(input).then(
    (output) => process.send?.({ output }, () => process.exit(0)),
    (err: Error) => process.send?.({ error: err.stack ?? err.message }, () => process.exit(1)),
  );
});
