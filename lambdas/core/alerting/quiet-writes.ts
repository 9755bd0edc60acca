import type { AlertRules } from '../config';
import type { AlertState, RegionState } from './state';

/**
 * Quiet writes: a subject whose regions keep passing is not rewritten every check.
 *
 * In steady state (a healthy target staying healthy) a check moves only the region's `ts`, its
 * reason text and its pass counters, none of which changes a decision once the counters have
 * reached `successThreshold`. The engine then answers "quiet" and the alert cycle writes
 * nothing: no DynamoDB write per check. The region's entry is still rewritten once it is
 * `quietMs` old — half the subject's freshness — so a region that keeps checking never looks
 * stale: its entry is at most `quietMs` plus one interval old (2.5 intervals at the default
 * freshness of 3), inside the freshness window.
 *
 * Freshness itself is judged exactly as before, on the entry's `ts` against `freshnessMs`: a
 * quiet entry's `ts` is never later than the region's last check, so a region that falls silent
 * is seen stale no later than before. A live region may page alone the moment its peer goes
 * silent; a silent peer is never taken for a live one (that would hold back a real outage).
 * A quiet peer's pass contradicts a failing region (impairment.ts) only once its recorded `ts`
 * is after the failing streak began: judging a region impaired may wait for the peer's refresh,
 * which delays the ops alert but never turns an outage into silence.
 */

/** How long a steady region's entry may go unwritten: half the subject's freshness (default 3 × interval). */
export function quietRefreshMs(rules: Pick<AlertRules, 'freshnessMs'>): number {
  return rules.freshnessMs / 2;
}

/** Whether a region's latest observation still counts at `atMs`: the entry's own time, quiet or not (a quiet entry is refreshed well inside the window). */
export function isFresh(r: Pick<RegionState, 'ts'>, freshnessMs: number, atMs: number): boolean {
  return atMs - Date.parse(r.ts) <= freshnessMs;
}

/** Passing cleanly, not impaired, counters at their thresholds and no failure in the recent window. */
export function isSteady(r: RegionState, rules: Pick<AlertRules, 'successThreshold'>): boolean {
  return (
    r.ok &&
    !r.degraded &&
    !r.impaired &&
    r.consecutiveSuccesses >= rules.successThreshold &&
    r.consecutiveClean >= rules.successThreshold &&
    !/[FH]/.test(r.recent ?? '')
  );
}

/** The folded entry with `quietMs` when it is steady and quiet writes are on; without it otherwise. */
export function markQuiet(r: RegionState, rules: Pick<AlertRules, 'successThreshold'>, quietMs: number | undefined): RegionState {
  const { quietMs: _old, ...rest } = r;
  return quietMs !== undefined && isSteady(r, rules) ? { ...rest, quietMs } : rest;
}

/**
 * True when writing `next` would record nothing a decision reads: the observing region was and
 * stays steady, its entry is younger than `quietMs`, and apart from its `ts`, reason text and
 * pass counters above the threshold nothing in the state differs.
 */
export function isQuietTurn(prev: AlertState, next: AlertState, region: string, rules: Pick<AlertRules, 'successThreshold'>, quietMs: number): boolean {
  const before = prev.regions[region];
  const after = next.regions[region];
  if (!before || !after || before.quietMs !== quietMs || after.quietMs !== quietMs) return false;
  if (Date.parse(after.ts) - Date.parse(before.ts) >= quietMs) return false;
  return canonical(decisive(prev, region, rules)) === canonical(decisive(next, region, rules));
}

/** JSON with keys sorted and undefined fields dropped: a stored item and a rebuilt state list fields in different orders. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** The state without what moves on every passing check of `region` and decides nothing. */
function decisive(state: AlertState, region: string, rules: Pick<AlertRules, 'successThreshold'>): AlertState {
  const r = state.regions[region]!;
  const entry: RegionState = {
    ...r,
    ts: '',
    reason: '',
    consecutiveSuccesses: Math.min(r.consecutiveSuccesses, rules.successThreshold),
    consecutiveClean: Math.min(r.consecutiveClean, rules.successThreshold),
  };
  return { ...state, lastTs: '', regions: { ...state.regions, [region]: entry } };
}
