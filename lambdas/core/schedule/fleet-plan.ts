import type { ResolvedConfig } from '../config';
import type { TargetSpec } from '../types';
import { planShards, type Shard } from './shard-plan';

/**
 * Which probe fleets a config deploys. Public targets are probed by a fleet outside any VPC in
 * every probe region: the internet vantage point users see, with no NAT to pay for. Private
 * targets (a private address, a private-zone name, `private: true`) can only be reached from
 * the configured VPC, which lives in the home region: a second fleet placed in that VPC probes
 * them from there alone, so their quorum is the home region. Pure: the config loader (shard
 * budgets), `pantau validate`, the CDK app, the dead-man alarms and the probe handler all read
 * the same plan.
 */

export type FleetPlacement = 'internet' | 'vpc';

export interface ProbeFleetPlan {
  placement: FleetPlacement;
  /** The regions this fleet runs in; a private target's alerts count these as its regions. */
  regions: string[];
  targets: TargetSpec[];
  shards: Shard[];
}

/** Shard-name prefix of the VPC fleet. */
export const VPC_SHARD_PREFIX = 'vpc-';

type FleetInputs = Pick<ResolvedConfig, 'targets' | 'shardSize' | 'concurrency' | 'regions' | 'homeRegion' | 'vpc'>;

/** The fleets with at least one target: the internet fleet first. */
export function planProbeFleets(config: FleetInputs): ProbeFleetPlan[] {
  const privateIds = new Set(config.vpc?.privateTargets ?? []);
  const internet = config.targets.filter((t) => !privateIds.has(t.id));
  const inVpc = config.targets.filter((t) => privateIds.has(t.id));
  const fleets: ProbeFleetPlan[] = [];
  if (internet.length > 0) {
    fleets.push({ placement: 'internet', regions: config.regions, targets: internet, shards: planShards(internet, config.shardSize, config.concurrency) });
  }
  if (inVpc.length > 0) {
    fleets.push({ placement: 'vpc', regions: [config.homeRegion], targets: inVpc, shards: planShards(inVpc, config.shardSize, config.concurrency, VPC_SHARD_PREFIX) });
  }
  return fleets;
}

/** Every shard of every fleet. */
export function allShards(config: FleetInputs): Shard[] {
  return planProbeFleets(config).flatMap((f) => f.shards);
}

/**
 * The regions whose observations make up a target's quorum: the probe regions, or the home
 * region alone for a target only the VPC fleet can reach.
 */
export function targetRegions(config: Pick<ResolvedConfig, 'regions' | 'homeRegion' | 'vpc'>): (targetId: string) => string[] {
  const privateIds = new Set(config.vpc?.privateTargets ?? []);
  const home = [config.homeRegion];
  return (targetId) => (privateIds.has(targetId) ? home : config.regions);
}
