import type { CheckResult } from '../types';
import type { TimedEvent } from './math';
import type { SloSpec } from './types';

/**
 * The two objectives every app has, and what counts as a good event for each:
 * - availability: every check counts, a good one is `ok`;
 * - latency: only successful checks count (a failed check has no latency; availability already
 *   counts it), a good one answered within `thresholdMs`.
 * The burn-rate rules (burn-rules.ts) apply to both alike.
 */
export type SloObjective = 'availability' | 'latency';

export const SLO_OBJECTIVES: readonly SloObjective[] = ['availability', 'latency'];

/** The objective in percent of good events: 99.9 for availability, the latency `target`. */
export function objectivePct(slo: SloSpec, objective: SloObjective): number {
  return objective === 'availability' ? slo.availability : slo.latency.target;
}

/** One app's check results as events of one objective. */
export function objectiveEvents(results: readonly Pick<CheckResult, 'ts' | 'ok' | 'latencyMs'>[], slo: SloSpec, objective: SloObjective): TimedEvent[] {
  if (objective === 'availability') return results.map((r) => ({ at: Date.parse(r.ts), good: r.ok }));
  return results.filter((r) => r.ok).map((r) => ({ at: Date.parse(r.ts), good: r.latencyMs <= slo.latency.thresholdMs }));
}
