import type { Observation } from './types';
import type { RegionState } from './state';
import { recentWindow } from './failure-rate';
import { isFresh } from './quiet-writes';

/**
 * Folds one observation into its region's entry (streaks, streak starts and the recent-outcome
 * window). A region silent for longer than `freshnessMs` starts over: failures an hour apart are
 * not "in a row". An impaired observation is folded like any other (it is a real outcome); the
 * region just does not count while impaired (tallyRegions).
 */
export function foldRegion(
  previous: RegionState | undefined,
  obs: Observation,
  freshnessMs = Infinity,
  windowSize = 0,
  failureThreshold = Infinity,
): RegionState {
  const p = previous && isFresh(previous, freshnessMs, Date.parse(obs.ts)) ? previous : undefined;
  const failuresInRow = obs.ok ? 0 : (p?.consecutiveFailures ?? 0) + 1;
  const recent = windowSize > 0 ? recentWindow(p?.recent ?? '', obs.ok, failuresInRow, failureThreshold, windowSize) : undefined;
  const base = {
    ok: obs.ok,
    degraded: obs.ok && obs.degraded,
    error: obs.ok ? null : obs.error,
    reason: obs.reason,
    ts: obs.ts,
    impaired: Boolean(obs.regionImpaired),
    ...(recent !== undefined ? { recent } : {}),
    lastError: obs.ok ? (p?.lastError ?? null) : obs.error,
    ...(obs.ok ? (p?.lastFailureReason !== undefined ? { lastFailureReason: p.lastFailureReason } : {}) : { lastFailureReason: obs.reason }),
  };
  if (!obs.ok) {
    return {
      ...base,
      consecutiveFailures: failuresInRow,
      consecutiveSuccesses: 0,
      consecutiveDegraded: 0,
      consecutiveClean: 0,
      failingSince: p && !p.ok ? (p.failingSince ?? p.ts) : obs.ts,
    };
  }
  const passingSince = p?.ok ? (p.passingSince ?? p.ts) : obs.ts;
  if (obs.degraded) {
    return {
      ...base,
      consecutiveFailures: 0,
      consecutiveSuccesses: (p?.consecutiveSuccesses ?? 0) + 1,
      consecutiveDegraded: (p?.consecutiveDegraded ?? 0) + 1,
      consecutiveClean: 0,
      passingSince,
      degradedSince: p?.ok && p.degraded ? (p.degradedSince ?? p.ts) : obs.ts,
    };
  }
  return {
    ...base,
    consecutiveFailures: 0,
    consecutiveSuccesses: (p?.consecutiveSuccesses ?? 0) + 1,
    consecutiveDegraded: 0,
    consecutiveClean: (p?.consecutiveClean ?? 0) + 1,
    passingSince,
  };
}
