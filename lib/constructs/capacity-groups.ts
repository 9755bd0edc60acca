import type { CapacitySource } from '../../lambdas/core/capacity/types';
import { MAX_SCHEDULE_INPUT_BYTES } from './shards';

/**
 * Capacity schedules: one per group of sources that share an interval. Pure (no CDK), so the
 * metric count of `pantau validate` can plan the same groups the stack deploys.
 */

/** One capacity schedule: the sources that share an interval. */
export interface CapacityGroup {
  name: string;
  rateMinutes: number;
  sourceIds: string[];
}

/**
 * The `Shard` dimension of a capacity group's Heartbeat (`capacity-5m`): the schedule passes it
 * as `group`, the dead-man alarm watches it. Prefixed so it never equals a probe shard's name.
 */
export function capacityShard(group: Pick<CapacityGroup, 'name'>): string {
  return `capacity-${group.name}`;
}

/** Groups sources by schedule rate (whole minutes, rounded down, at least 1). */
export function planCapacityGroups(sources: CapacitySource[]): CapacityGroup[] {
  const byRate = new Map<number, string[]>();
  for (const source of sources) {
    const rate = Math.max(1, Math.floor(source.intervalMs / 60_000));
    byRate.set(rate, [...(byRate.get(rate) ?? []), source.id]);
  }
  return [...byRate.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rateMinutes, sourceIds]) => {
      const name = `${rateMinutes}m`;
      const size = Buffer.byteLength(JSON.stringify({ sources: sourceIds }));
      if (size > MAX_SCHEDULE_INPUT_BYTES) {
        throw new Error(`capacity: the ${name} sources need a ${size}-byte schedule input, over EventBridge's ${MAX_SCHEDULE_INPUT_BYTES}; shorten source ids`);
      }
      return { name, rateMinutes, sourceIds };
    });
}
