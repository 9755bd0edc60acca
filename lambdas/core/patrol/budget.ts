/**
 * The time one check's extra fetches (the crawler's and a browser's copy, sitemaps, the NS
 * query) may take. They share the check's own allowance — its start plus its timeout — rather
 * than adding to it, so the shard's planned bound (waves × timeout, settleBoundMs) holds with the
 * patrol on; and they stop at once when the run is aborted (the invocation's deadline, a second
 * Ctrl-C). An extra that finds no time left is skipped and said so in a note: it judges nothing,
 * so it neither raises nor clears a finding.
 */
export interface ExtraBudget {
  /** Wall-clock ms by which every extra fetch of the check has ended. */
  endsAtMs: number;
  /** The run's abort signal. */
  signal?: AbortSignal;
  /** Wall clock (tests pass a fixed one). */
  now?: () => number;
}

/** The budget of a check that started at `startedAtMs` with `timeoutMs`. */
export function extraBudgetOf(startedAtMs: number, timeoutMs: number, signal?: AbortSignal): ExtraBudget {
  return { endsAtMs: startedAtMs + timeoutMs, ...(signal ? { signal } : {}) };
}

/** Milliseconds left, 0 once the run was aborted or the time is up. */
export function remainingMs(budget: ExtraBudget): number {
  if (budget.signal?.aborted) return 0;
  return Math.max(0, budget.endsAtMs - (budget.now ?? Date.now)());
}

export function exhausted(budget: ExtraBudget): boolean {
  return remainingMs(budget) <= 0;
}

/** The note a skipped extra leaves: why, in words. */
export function skippedNote(what: string, budget: ExtraBudget): string {
  const why = budget.signal?.aborted ? "the run's deadline passed" : "no time left in the check's timeout";
  return `${what} skipped: ${why}`;
}
