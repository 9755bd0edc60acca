import type { TargetSpec } from '../types';
import {
  LAMBDA_MAX_TIMEOUT_MS,
  LAMBDA_START_SLACK_MS,
  lambdaTimeoutMs,
  roundBudget,
  SECRET_LOOKUP_ALLOWANCE_MS,
  type RoundBudget,
} from './budget';
import { cadenceFor } from './cadence';

/**
 * Splits targets into probe shards (one schedule and one Lambda invocation each) and proves each
 * shard's worst case fits its schedule period and Lambda's 900 s (./budget.ts).
 *
 * Targets are grouped by how often they must run before being cut into `shardSize` pieces,
 * because a shard runs at the pace of its fastest target: a 5-minute target sharing a shard with
 * 30-second ones would be probed every 30 seconds. Sub-minute intervals group by exact interval
 * (`45s`), longer ones by whole minutes (`1m`, `5m`; 90 s joins `1m`). Pure: no CDK, no AWS SDK.
 */

export interface Shard {
  /** Stable, readable id: `<interval>-<nn>`, e.g. `30s-01`, `45s-01`, `1m-02`, `5m-01`. */
  name: string;
  /** The schedule period in whole minutes: rate(rateMinutes minutes). */
  rateMinutes: number;
  targetIds: string[];
  /** Round starts, ms from the invocation's start (./cadence.ts). */
  offsetsMs: number[];
  round: RoundBudget;
  /** Worst case of one invocation: last offset + round.totalMs. */
  budgetMs: number;
  /** What budgetMs must fit: min(period, Lambda's 900 s less the start slack). */
  limitMs: number;
}

/** The cadence and budget of one shard's targets; the handler recomputes it from the same inputs. */
export type ShardTiming = Pick<Shard, 'rateMinutes' | 'offsetsMs' | 'round' | 'budgetMs' | 'limitMs'>;

export function shardTiming(targets: readonly TargetSpec[], concurrency: number): ShardTiming {
  if (targets.length === 0) {
    return { rateMinutes: 1, offsetsMs: [], round: roundBudget([], concurrency), budgetMs: 0, limitMs: 60_000 };
  }
  const cadence = cadenceFor(Math.min(...targets.map((t) => t.intervalMs)));
  const round = roundBudget(targets, concurrency);
  const lastOffset = cadence.offsetsMs[cadence.offsetsMs.length - 1] ?? 0;
  return {
    rateMinutes: cadence.periodMinutes,
    offsetsMs: cadence.offsetsMs,
    round,
    budgetMs: lastOffset + round.totalMs,
    limitMs: Math.min(cadence.periodMinutes * 60_000, LAMBDA_MAX_TIMEOUT_MS - LAMBDA_START_SLACK_MS),
  };
}

/** EventBridge Scheduler caps a target's input at 8 KB. */
export const MAX_SCHEDULE_INPUT_BYTES = 8192;

/** `namePrefix` keeps shard names unique across fleets (the VPC fleet's are `vpc-1m-01`): names key heartbeats and dead-man alarms. */
export function planShards(targets: readonly TargetSpec[], shardSize: number, concurrency: number, namePrefix = ''): Shard[] {
  if (!Number.isInteger(shardSize) || shardSize < 1) throw new Error(`shardSize: ${shardSize} must be a whole number ≥ 1`);
  const groups = new Map<string, { sortKey: number; targets: TargetSpec[] }>();
  for (const target of targets) {
    const subMinute = target.intervalMs < 60_000;
    const label = subMinute ? intervalLabel(target.intervalMs) : `${Math.floor(target.intervalMs / 60_000)}m`;
    const sortKey = subMinute ? target.intervalMs : Math.floor(target.intervalMs / 60_000) * 60_000;
    let group = groups.get(label);
    if (!group) groups.set(label, (group = { sortKey, targets: [] }));
    group.targets.push(target);
  }

  const shards: Shard[] = [];
  for (const [label, group] of [...groups.entries()].sort((a, b) => a[1].sortKey - b[1].sortKey)) {
    for (let i = 0; i * shardSize < group.targets.length; i++) {
      const members = group.targets.slice(i * shardSize, (i + 1) * shardSize);
      const shard: Shard = {
        name: `${namePrefix}${label}-${String(i + 1).padStart(2, '0')}`,
        targetIds: members.map((t) => t.id),
        ...shardTiming(members, concurrency),
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
export function scheduleInput(shard: Pick<Shard, 'name' | 'targetIds'>): { shard: string; targetIds: string[] } {
  return { shard: shard.name, targetIds: shard.targetIds };
}

/**
 * One line per shard that cannot finish inside its period or Lambda's 900 s: the shard, its
 * figures and the fixes that would make it fit. Empty when every shard fits.
 */
export function budgetProblems(shards: readonly Shard[]): string[] {
  return shards.filter((s) => s.budgetMs > s.limitMs).map(overrunMessage);
}

function overrunMessage(shard: Shard): string {
  const r = shard.round;
  const lastOffset = shard.offsetsMs[shard.offsetsMs.length - 1] ?? 0;
  const limit =
    shard.limitMs < shard.rateMinutes * 60_000
      ? `Lambda's ${seconds(LAMBDA_MAX_TIMEOUT_MS)} maximum (${seconds(shard.limitMs)} after the ${seconds(LAMBDA_START_SLACK_MS)} start slack)`
      : `its ${shard.rateMinutes}-minute schedule period (${seconds(shard.limitMs)})`;
  const figures =
    `${shard.offsetsMs.length > 1 ? `last round at +${seconds(lastOffset)} + ` : ''}` +
    `${r.waves} wave${r.waves === 1 ? '' : 's'} (${r.targets} target${r.targets === 1 ? '' : 's'}, concurrency ${r.concurrency})` +
    ` × (${seconds(r.timeoutMs)} timeout${r.secretMs > 0 ? ` + ${seconds(r.secretMs)} secret look-up` : ''})` +
    ` + ${seconds(r.sinkMarginMs)} sink margin`;
  return `shard ${shard.name}: worst case ${seconds(shard.budgetMs)} = ${figures}, over ${limit} — ${fixes(shard, lastOffset).join(', or ')}`;
}

/** Concrete ways out, most local first: the timeout that would fit, one wave, a slower interval. */
function fixes(shard: Shard, lastOffset: number): string[] {
  const r = shard.round;
  const out: string[] = [];
  const perWave = Math.floor((shard.limitMs - lastOffset - r.sinkMarginMs) / r.waves);
  // The allowance is min(timeout, 2 s): below 2 s it grows with the timeout, so halve.
  const timeoutFit = r.secretMs === 0 ? perWave : perWave >= 2 * SECRET_LOOKUP_ALLOWANCE_MS ? perWave - SECRET_LOOKUP_ALLOWANCE_MS : Math.floor(perWave / 2);
  if (timeoutFit >= 100) out.push(`lower timeout to ≤ ${seconds(timeoutFit)}`);
  if (r.waves > 1) out.push(`raise concurrency to ${r.targets} or lower shardSize to ${r.concurrency} (one wave)`);
  // Past 15 minutes the limit is Lambda's, which no interval raises.
  if (shard.limitMs === shard.rateMinutes * 60_000) {
    const interval = shard.offsetsMs.length > 1 ? shortestIntervalFitting(r.totalMs) : undefined;
    out.push(interval ? `use a longer interval (the shortest that fits: ${seconds(interval)})` : 'use a longer interval');
  }
  return out;
}

/**
 * The shortest whole-second interval up to 1 minute whose rounds are spaced at least `roundMs`
 * apart. Not "at least": an interval the cadence rounds down (49 s → every 42.9 s) may not fit.
 */
function shortestIntervalFitting(roundMs: number): number | undefined {
  for (let s = Math.ceil(roundMs / 1000); s <= 60; s++) {
    if (cadenceFor(s * 1000).meanIntervalMs >= roundMs) return s * 1000;
  }
  return undefined;
}

/** 45000 → "45 s", 500 → "0.5 s", 34286 → "34.286 s". */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

function intervalLabel(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** `pantau validate`'s plan line: shards per interval, their periods, and the tightest budget. */
export function formatPlanSummary(shards: readonly Shard[]): string {
  if (shards.length === 0) return 'probe shards: none (no targets)';
  const groups = new Map<string, { count: number; shard: Shard }>();
  for (const shard of shards) {
    const label = shard.name.replace(/-\d+$/, '');
    const group = groups.get(label);
    if (group) group.count++;
    else groups.set(label, { count: 1, shard });
  }
  const parts = [...groups.entries()].map(([label, { count, shard }]) => {
    const rounds = shard.offsetsMs.length > 1 ? `, ${shard.offsetsMs.length} rounds` : '';
    return `${label} ×${count} every ${shard.rateMinutes} min${rounds}`;
  });
  const worst = shards.reduce((a, b) => (b.budgetMs / b.limitMs > a.budgetMs / a.limitMs ? b : a));
  const longest = Math.max(...shards.map((s) => s.budgetMs));
  return (
    `probe shards: ${shards.length} (${parts.join('; ')}); Lambda timeout ${seconds(lambdaTimeoutMs(longest))}; ` +
    `tightest ${worst.name}: worst case ${seconds(worst.budgetMs)} of ${seconds(worst.limitMs)}`
  );
}
