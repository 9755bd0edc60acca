import type { CheckResult } from '../core/types';

/** The history of check results, per target. */
export interface ResultHistory {
  /** Appends one history entry per result; returns how many were written. Throws if some could not be. */
  saveResults(results: CheckResult[]): Promise<number>;
  /** Most recent results of a target, newest first. */
  recentResults(targetId: string, limit?: number): Promise<CheckResult[]>;
}
