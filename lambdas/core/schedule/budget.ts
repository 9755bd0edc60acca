import type { TargetSpec } from '../types';

/**
 * The worst case of one probe round and of one invocation, in milliseconds. The same figures
 * are checked at synth (config loader, ProbeFleet), set as the Lambda timeout, and used by the
 * handler's round guard, so what synth promises is what the handler enforces.
 *
 *   round      = waves × (longest timeout + secret look-up allowance) + sink margin
 *   waves      = ceil(targets ÷ concurrency)
 *   invocation = last round offset + round        ≤ min(schedule period, Lambda's 900 s)
 *
 * With rounds evenly spaced over the period, invocation ≤ period is the same as round ≤ spacing:
 * a round always ends before the next one is due, and the invocation before the next one starts.
 */

/**
 * What a round's sinks may take after its checks: BatchWriteItem of the results, the alert
 * engine's conditional state writes and SNS publishes, PutMetricData — all in parallel
 * (app/probe-cycle). Measured on dynalite (bench/results.json "alerts"): a whole 300-target
 * outage round takes 1.3 s of wall time on 2 shared cores, a 25-target shard about a tenth of
 * that. 3 s covers that twice over plus two SDK retries with backoff (≤ 0.6 s) and a cold
 * container's first TLS handshakes, and still lets a 10 s interval keep its default 5 s timeout
 * (5 + 3 ≤ 10; with secrets 5 + 2 + 3 ≤ 10).
 */
export const SINK_MARGIN_MS = 3_000;

/**
 * The wait allowed for a target's secret headers before its check starts. The resolver caches
 * per container (adapters/secrets.ts), so only a container's first round looks them up: one SSM
 * GetParameter / Secrets Manager GetSecretValue in region, typically well under 200 ms even with
 * client start-up. A failed look-up is not cached, so a slow store can cost every wave this
 * much; that is why it is in the per-wave figure. Capped at the target's own timeout.
 */
export const SECRET_LOOKUP_ALLOWANCE_MS = 2_000;

/** Lambda's maximum timeout. */
export const LAMBDA_MAX_TIMEOUT_MS = 900_000;

/**
 * Added to the largest shard budget for the Lambda timeout only. Round offsets count from the
 * handler's start, Lambda's clock from the invoke, and sleeps overshoot by milliseconds: with the
 * timeout exactly the budget, the last round's guard (time left ≥ its worst case) would miss by
 * those milliseconds and skip that round every time.
 */
export const LAMBDA_START_SLACK_MS = 1_000;

/** The probe Lambda's timeout for a largest shard budget: + start slack, in whole seconds. */
export function lambdaTimeoutMs(largestBudgetMs: number): number {
  return Math.ceil((largestBudgetMs + LAMBDA_START_SLACK_MS) / 1000) * 1000;
}

export function secretLookupMs(timeoutMs: number): number {
  return Math.min(timeoutMs, SECRET_LOOKUP_ALLOWANCE_MS);
}

export interface RoundBudget {
  targets: number;
  concurrency: number;
  /** ceil(targets ÷ concurrency): a slot is held for at most one check's worst case. */
  waves: number;
  /** The longest timeout in the shard. */
  timeoutMs: number;
  /** Secret look-up allowance per wave; 0 when no target has secretHeaders. */
  secretMs: number;
  sinkMarginMs: number;
  /** waves × (timeoutMs + secretMs) + sinkMarginMs. */
  totalMs: number;
}

export function roundBudget(targets: readonly TargetSpec[], concurrency: number): RoundBudget {
  const slots = Math.max(1, Math.floor(concurrency) || 1);
  const waves = Math.ceil(targets.length / slots);
  const timeoutMs = Math.max(0, ...targets.map((t) => t.timeoutMs));
  const secretMs = Math.max(0, ...targets.filter(hasSecrets).map((t) => secretLookupMs(t.timeoutMs)));
  return {
    targets: targets.length,
    concurrency: slots,
    waves,
    timeoutMs,
    secretMs,
    sinkMarginMs: SINK_MARGIN_MS,
    totalMs: waves * (timeoutMs + secretMs) + SINK_MARGIN_MS,
  };
}

function hasSecrets(target: TargetSpec): boolean {
  return Object.keys(target.secretHeaders ?? {}).length > 0;
}
