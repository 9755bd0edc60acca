import type { ResolvedConfig } from '../../lambdas/core/config';
import type { TargetSpec } from '../../lambdas/core/types';
import { planProbeFleets, type ProbeFleetPlan } from '../../lambdas/core/schedule/fleet-plan';
import type { Shard } from '../../lambdas/core/schedule/shard-plan';
import { planCapacityGroups } from '../constructs/capacity-groups';
import { CPU_MS_PER_PLAIN_CHECK, CPU_MS_PER_TLS_CHECK, MB_PER_VCPU, SINK_WALL_MS_PER_ROUND, WAVE_WALL_MS } from './figures';
import { MINUTES_PER_MONTH } from './prices';

/**
 * What a config makes AWS do in a month, before any price: probe invocations and their billed
 * duration, checks, shard rounds (one PutMetricData and, with several regions, one region-health
 * observation each), and the capacity runs. Read from the same fleet and shard plan the CDK app
 * deploys, so a shard the app would create is a shard this counts.
 */

export interface MonthlyUsage {
  /** Probe and capacity Lambda invocations (each one is also one Scheduler invocation). */
  invocations: number;
  lambdaGbSeconds: number;
  /** One check of one target from one region. */
  checks: number;
  /** One round of one shard in one region: one PutMetricData, one heartbeat. */
  shardRounds: number;
  /** Shard rounds that also judge the region's health (several probe regions): one more state item each. */
  regionHealthRounds: number;
  /** Dead-man watches: one per shard and region, one per capacity group. */
  heartbeats: number;
  /** Probe regions of the fleets (the widest fleet's): each target is observed from each. */
  probeRegions: number;
  memoryMb: number;
}

/** Capacity runs are a few HTTP reads and one forecast each: assumed 1 s at the function's memory. */
const CAPACITY_RUN_MS = 1000;

export function cpuMsPerCheck(target: Pick<TargetSpec, 'url'>): number {
  return /^(https|tls):/i.test(target.url) ? CPU_MS_PER_TLS_CHECK : CPU_MS_PER_PLAIN_CHECK;
}

/**
 * Billed wall time of one invocation of a shard: the rounds it sleeps between, then one round,
 * which waits on the network one wave at a time (`concurrency` checks at once) unless its CPU
 * work, stretched by the memory's share of a vCPU, takes longer; then the sinks.
 */
export function shardInvocationMs(shard: Pick<Shard, 'offsetsMs'>, targets: readonly Pick<TargetSpec, 'url'>[], concurrency: number, memoryMb: number): number {
  const lastOffset = shard.offsetsMs[shard.offsetsMs.length - 1] ?? 0;
  const waves = Math.ceil(targets.length / concurrency);
  const cpuMs = targets.reduce((sum, t) => sum + cpuMsPerCheck(t), 0);
  const vcpu = Math.min(1, memoryMb / MB_PER_VCPU);
  return lastOffset + Math.max(waves * WAVE_WALL_MS, cpuMs / vcpu) + SINK_WALL_MS_PER_ROUND;
}

function gbSeconds(ms: number, memoryMb: number): number {
  return (ms / 1000) * (memoryMb / 1024);
}

function fleetUsage(fleet: ProbeFleetPlan, config: ResolvedConfig, memoryMb: number, usage: MonthlyUsage): void {
  const byId = new Map(fleet.targets.map((t) => [t.id, t]));
  const judgesRegions = config.regions.length > 1 || (config.controls?.length ?? 0) > 0;
  for (const shard of fleet.shards) {
    const targets = shard.targetIds.map((id) => byId.get(id)!);
    const invocations = (MINUTES_PER_MONTH / shard.rateMinutes) * fleet.regions.length;
    const rounds = invocations * shard.offsetsMs.length;
    usage.invocations += invocations;
    usage.lambdaGbSeconds += invocations * gbSeconds(shardInvocationMs(shard, targets, config.concurrency, memoryMb), memoryMb);
    usage.checks += rounds * targets.length;
    usage.shardRounds += rounds;
    if (judgesRegions) usage.regionHealthRounds += rounds;
    usage.heartbeats += fleet.regions.length;
  }
}

export function monthlyUsage(config: ResolvedConfig, memoryMb: number): MonthlyUsage {
  const fleets = planProbeFleets(config);
  const probeRegions = Math.max(1, ...fleets.map((f) => f.regions.length));
  const usage: MonthlyUsage = { invocations: 0, lambdaGbSeconds: 0, checks: 0, shardRounds: 0, regionHealthRounds: 0, heartbeats: 0, probeRegions, memoryMb };
  for (const fleet of fleets) fleetUsage(fleet, config, memoryMb, usage);
  for (const group of planCapacityGroups(config.capacity)) {
    const runs = MINUTES_PER_MONTH / group.rateMinutes;
    usage.invocations += runs;
    usage.lambdaGbSeconds += runs * gbSeconds(CAPACITY_RUN_MS, memoryMb);
    usage.heartbeats += 1;
  }
  return usage;
}
