import type { TargetSpec } from '../core/types';

/**
 * EventBridge schedules fire at most once a minute. A shard whose targets want a shorter
 * interval runs several rounds inside one invocation: 30 s targets run at +0 s and +30 s.
 * Returns the offsets (ms from the invocation start) at which to start each round.
 */
export function roundOffsets(targets: TargetSpec[], scheduleMs = 60_000): number[] {
  if (targets.length === 0) return [];
  const interval = Math.min(...targets.map((t) => t.intervalMs));
  if (interval >= scheduleMs) return [0];
  const rounds = Math.floor(scheduleMs / interval);
  return Array.from({ length: rounds }, (_, i) => i * interval);
}
