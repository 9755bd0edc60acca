import { runChild } from '../children';
import { seeded } from '../stats';
import type { Blackbox } from './blackbox';
import type { PantauCaseInput, PantauCaseOutput } from './pantau';
import { CHECK_TIMEOUT_MS, type CaseRecord, type FleetReady, type Protocol } from './shape';
import { runWrk } from './wrk';

/**
 * The targets of each protocol and one case per tool over them. The same list, in the same
 * order and with the same seeded delays, goes to Pantau and to blackbox_exporter; wrk gets one
 * server of the fleet (it takes one URL) whose delays the server jitters.
 */

export interface CaseTargets {
  protocol: Protocol;
  /** Distinct origins the checks spread over. */
  origins: number;
  /** Pantau's URLs (one per check). */
  pantau: string[];
  /** blackbox_exporter's `target=` values, check for check the same endpoints and delays. */
  blackbox: string[];
  /** wrk's URL (http and https only). */
  wrk: string | null;
}

export interface Timing {
  delayMs: number;
  jitterMs: number;
  seed: number;
}

export function caseTargets(protocol: Protocol, ready: FleetReady, checks: number, timing: Timing): CaseTargets {
  const servers = ready[protocol];
  const random = seeded(timing.seed);
  const pantau: string[] = [];
  const blackbox: string[] = [];
  for (let i = 0; i < checks; i++) {
    const { host, port } = servers[i % servers.length]!;
    const delay = Math.round(timing.delayMs - timing.jitterMs + random() * 2 * timing.jitterMs);
    if (protocol === 'http' || protocol === 'https') {
      pantau.push(`${protocol}://${host}:${port}/d/${delay}`);
      blackbox.push(`${protocol}://${host}:${port}/d/${delay}`);
    } else if (protocol === 'tcp') {
      pantau.push(`tcp://${host}:${port}`);
      blackbox.push(`${host}:${port}`);
    } else {
      // The delay rides in the name; blackbox asks one fixed name, which the server jitters.
      pantau.push(`dns://d${delay}.n${i}.bench.test?resolver=${host}:${port}&type=A`);
      blackbox.push(`${host}:${port}`);
    }
  }
  const first = servers[0]!;
  const wrk = protocol === 'http' || protocol === 'https' ? `${protocol}://${first.host}:${first.port}/` : null;
  return { protocol, origins: servers.length, pantau, blackbox, wrk };
}

/** Pantau's case may take its checks' worst case (every wave timing out) plus a minute for start-up and warm-up. */
const pantauCaseTimeoutMs = (checks: number, concurrency: number) => (Math.ceil(checks / concurrency) + 1) * CHECK_TIMEOUT_MS + 60_000;

interface CaseContext {
  round: number;
  concurrency: number;
  targets: CaseTargets;
}

function record(ctx: CaseContext, fields: Pick<CaseRecord, 'tool' | 'checks' | 'failed' | 'perSec' | 'cpuMsPerCheck'> & Partial<CaseRecord>): CaseRecord {
  return { round: ctx.round, protocol: ctx.targets.protocol, concurrency: ctx.concurrency, targets: ctx.targets.origins, ...fields };
}

export async function pantauCase(ctx: CaseContext, caPem: string, warmup: number): Promise<CaseRecord> {
  const input: PantauCaseInput = { protocol: ctx.targets.protocol, concurrency: ctx.concurrency, warmup, urls: ctx.targets.pantau, caPem };
  const out = await runChild<PantauCaseInput, PantauCaseOutput>('compare/pantau.ts', input, pantauCaseTimeoutMs(input.urls.length + warmup, ctx.concurrency));
  return record(ctx, {
    tool: 'pantau',
    checks: out.checks,
    failed: out.failed,
    perSec: out.checksPerSec,
    cpuMsPerCheck: out.cpuMsPerCheck,
    latencyErrorMs: out.latencyErrorMs,
    peakRssMb: out.peakRssMb,
    ...(out.failed ? { errors: out.errors } : {}),
  });
}

export async function blackboxCase(ctx: CaseContext, box: Blackbox, ticksPerSec: number): Promise<CaseRecord> {
  const before = box.cpuTicks();
  const started = performance.now();
  const failed = await box.probe(ctx.targets.protocol, ctx.targets.blackbox, ctx.concurrency);
  const wallMs = performance.now() - started;
  const cpuMs = ((box.cpuTicks() - before) / ticksPerSec) * 1000;
  const checks = ctx.targets.blackbox.length;
  return record(ctx, { tool: 'blackbox', checks, failed, perSec: Math.round((checks / wallMs) * 1000), cpuMsPerCheck: cpuMs / checks });
}

export async function wrkCase(ctx: CaseContext, seconds: number): Promise<CaseRecord | null> {
  if (!ctx.targets.wrk) return null;
  const { requestsPerSec, socketErrors } = await runWrk(ctx.targets.wrk, ctx.concurrency, seconds);
  if (requestsPerSec === null) return null;
  const checks = Math.round(requestsPerSec * seconds);
  return record(ctx, { tool: 'wrk', checks, failed: socketErrors, perSec: Math.round(requestsPerSec), cpuMsPerCheck: null });
}
