import type { ShardTiming } from '../core/schedule/shard-plan';

/**
 * Runs one invocation's rounds at the shard's offsets (lambdas/core/schedule/cadence.ts), one
 * after the other, each persisted by `runRound` before the next starts.
 *
 * Two guards bound what a Lambda timeout could lose, both with the synth-time figures:
 * - a round is not started unless its own worst case (`round.totalMs`) fits in the time left;
 * - inside a round, checks still running when only the sink margin is left are abandoned
 *   through `signal`, so the finished ones still reach history, state and metrics.
 */

export interface RoundRunner<R> {
  timing: Pick<ShardTiming, 'offsetsMs' | 'round'>;
  /** Lambda's context.getRemainingTimeInMillis; absent when there is no invocation deadline. */
  remainingMs?: () => number;
  /** Runs and persists one round; abandon checks when `signal` aborts. */
  runRound: (signal: AbortSignal | undefined) => Promise<R>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RoundsOutcome<R> {
  reports: R[];
  /** Rounds not started because their worst case no longer fitted (with the time left then). */
  skipped: { offsetMs: number; remainingMs: number }[];
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runRounds<R>(runner: RoundRunner<R>): Promise<RoundsOutcome<R>> {
  const now = runner.now ?? Date.now;
  const sleep = runner.sleep ?? realSleep;
  const { offsetsMs, round } = runner.timing;
  const started = now();
  const outcome: RoundsOutcome<R> = { reports: [], skipped: [] };

  for (const [i, offset] of offsetsMs.entries()) {
    const wait = started + offset - now();
    if (wait > 0) await sleep(wait);
    const remaining = runner.remainingMs?.();
    if (remaining !== undefined && remaining < round.totalMs) {
      outcome.skipped.push(...offsetsMs.slice(i).map((offsetMs) => ({ offsetMs, remainingMs: remaining })));
      break;
    }
    outcome.reports.push(await withCheckDeadline(remaining, round.sinkMarginMs, runner.runRound));
  }
  return outcome;
}

/** Aborts the round's checks when only the sink margin is left, so the sinks still run. */
async function withCheckDeadline<R>(
  remainingMs: number | undefined,
  sinkMarginMs: number,
  run: (signal: AbortSignal | undefined) => Promise<R>,
): Promise<R> {
  if (remainingMs === undefined) return run(undefined);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), Math.max(0, remainingMs - sinkMarginMs));
  try {
    return await run(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
