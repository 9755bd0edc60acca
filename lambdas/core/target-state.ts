import type { CheckResult, FailureClass } from './types';

/**
 * The latest-known condition of a target, kept on its STATE item: what the status table and
 * `watch` show, and what the alert engine builds on. Pure: the store adapter persists it with
 * a conditional write on its version.
 */

export type ObservedStatus = 'up' | 'down';

export interface RegionObservation {
  ok: boolean;
  error: FailureClass | null;
  reason: string;
  latencyMs: number;
  ts: string;
}

export interface TargetStatusState {
  target: string;
  app: string;
  /** Status of the latest result (raw observation; alert thresholds live in the alert engine). */
  status: ObservedStatus;
  /** When `status` last changed (ISO). */
  since: string;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  /** Latest observation per probe region. */
  regions: Record<string, RegionObservation>;
  lastResultTs: string;
}

export interface StatusChange {
  target: string;
  from: ObservedStatus | null;
  to: ObservedStatus;
  result: CheckResult;
}

/**
 * Folds one result into the state. A result older than the region's latest observation is
 * ignored (a delayed duplicate Lambda run must not roll the state back).
 */
export function applyResult(
  previous: TargetStatusState | undefined,
  result: CheckResult,
): { value: TargetStatusState; outcome: StatusChange | null } {
  const known = previous?.regions[result.region];
  if (previous && known && known.ts >= result.ts) return { value: previous, outcome: null };

  const status: ObservedStatus = result.ok ? 'up' : 'down';
  const changed = previous?.status !== status;
  const value: TargetStatusState = {
    target: result.target,
    app: result.app,
    status,
    since: changed ? result.ts : previous!.since,
    consecutiveFailures: result.ok ? 0 : (previous?.consecutiveFailures ?? 0) + 1,
    consecutiveSuccesses: result.ok ? (previous?.consecutiveSuccesses ?? 0) + 1 : 0,
    regions: {
      ...previous?.regions,
      [result.region]: {
        ok: result.ok,
        error: result.error,
        reason: result.reason,
        latencyMs: result.latencyMs,
        ts: result.ts,
      },
    },
    lastResultTs: result.ts > (previous?.lastResultTs ?? '') ? result.ts : previous!.lastResultTs,
  };
  return {
    value,
    outcome: changed ? { target: result.target, from: previous?.status ?? null, to: status, result } : null,
  };
}
