import type { TargetSpec } from '../../lambdas/core/types';
import { roundOffsets } from '../../lambdas/probe/rounds';

/**
 * Splits targets into probe shards: one EventBridge schedule and one Lambda invocation each.
 *
 * Targets are grouped by how often they must run before being cut into `shardSize` pieces,
 * because a shard runs at the pace of its fastest target (lambdas/probe/rounds.ts): a 5-minute
 * target sharing a shard with 30-second ones would be probed every 30 seconds. Sub-minute
 * intervals get schedules at rate(1 minute) with several rounds per invocation; longer intervals
 * get rate(N minutes), N rounded down so no target is probed less often than it asked.
 */

export interface Shard {
  /** Stable, readable id: `<interval>-<nn>`, e.g. `30s-01`, `1m-02`, `5m-01`. */
  name: string;
  rateMinutes: number;
  targetIds: string[];
  /** Milliseconds one invocation of this shard may need (rounds + the slowest check). */
  budgetMs: number;
}

/** EventBridge Scheduler caps a target's input at 8 KB. */
export const MAX_SCHEDULE_INPUT_BYTES = 8192;

export function planShards(targets: TargetSpec[], shardSize: number): Shard[] {
  if (!Number.isInteger(shardSize) || shardSize < 1) throw new Error(`shardSize: ${shardSize} must be a whole number ≥ 1`);
  const groups = new Map<string, { rateMinutes: number; sortKey: number; targets: TargetSpec[] }>();
  for (const target of targets) {
    const subMinute = target.intervalMs < 60_000;
    const rateMinutes = subMinute ? 1 : Math.floor(target.intervalMs / 60_000);
    const label = subMinute ? intervalLabel(target.intervalMs) : `${rateMinutes}m`;
    const sortKey = subMinute ? target.intervalMs : rateMinutes * 60_000;
    let group = groups.get(label);
    if (!group) groups.set(label, (group = { rateMinutes, sortKey, targets: [] }));
    group.targets.push(target);
  }

  const shards: Shard[] = [];
  for (const [label, group] of [...groups.entries()].sort((a, b) => a[1].sortKey - b[1].sortKey)) {
    for (let i = 0; i * shardSize < group.targets.length; i++) {
      const members = group.targets.slice(i * shardSize, (i + 1) * shardSize);
      const shard: Shard = {
        name: `${label}-${String(i + 1).padStart(2, '0')}`,
        rateMinutes: group.rateMinutes,
        targetIds: members.map((t) => t.id),
        budgetMs: Math.max(0, ...roundOffsets(members)) + Math.max(...members.map((t) => t.timeoutMs)),
      };
      const size = Buffer.byteLength(JSON.stringify(scheduleInput(shard)));
      if (size > MAX_SCHEDULE_INPUT_BYTES) {
        throw new Error(
          `shardSize: shard ${shard.name} needs a ${size}-byte schedule input, over EventBridge's ${MAX_SCHEDULE_INPUT_BYTES}; lower shardSize or shorten target ids`,
        );
      }
      shards.push(shard);
    }
  }
  return shards;
}

/** The probe Lambda's schedule input (lambdas/probe/handler.ts ProbeEvent). */
export function scheduleInput(shard: Shard): { shard: string; targetIds: string[] } {
  return { shard: shard.name, targetIds: shard.targetIds };
}

function intervalLabel(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
