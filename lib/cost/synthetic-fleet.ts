import type { ResolvedConfig } from '../../lambdas/core/config';
import type { MetricsDetail, TargetSpec } from '../../lambdas/core/types';

/**
 * The "what if" knobs of `pantau cost`: a fleet of N https targets cloned from the config's own
 * (so timeouts, expectations and alert rules stay the config's), a different interval, more or
 * fewer probe regions, another shard size, metrics detail or history length. Pure: it returns a new config and
 * leaves the loaded one alone.
 */

export interface FleetKnobs {
  targets?: number;
  intervalMs?: number;
  regions?: number;
  shardSize?: number;
  metrics?: MetricsDetail;
  historyDays?: number;
}

/** Probe regions added, in this order, when --regions asks for more than the config has: Pantau's usual neighbours of Jakarta first. */
export const EXTRA_REGIONS = ['ap-southeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-south-1', 'us-east-1'] as const;

export function regionsFor(config: Pick<ResolvedConfig, 'regions' | 'homeRegion'>, count: number): string[] {
  const pool = [config.homeRegion, ...config.regions, ...EXTRA_REGIONS].filter((r, i, all) => all.indexOf(r) === i);
  return pool.slice(0, count);
}

function syntheticTargets(config: ResolvedConfig, count: number): TargetSpec[] {
  const template = config.targets.find((t) => t.url.startsWith('https://')) ?? config.targets[0];
  if (!template) throw new Error('the config has no target to model a fleet on: add one, or pass a config that has');
  const width = String(count).length;
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(width, '0');
    return { ...template, id: `synthetic-${n}`, app: 'synthetic', url: `https://site-${n}.synthetic.test/`, kind: 'http', secretHeaders: {}, metrics: 'app' };
  });
}

export function applyKnobs(config: ResolvedConfig, knobs: FleetKnobs): ResolvedConfig {
  let targets = knobs.targets !== undefined ? syntheticTargets(config, knobs.targets) : config.targets;
  if (knobs.intervalMs !== undefined) targets = targets.map((t) => ({ ...t, intervalMs: knobs.intervalMs! }));
  if (knobs.metrics !== undefined) targets = targets.map((t) => ({ ...t, metrics: knobs.metrics! }));
  return {
    ...config,
    targets,
    regions: knobs.regions !== undefined ? regionsFor(config, knobs.regions) : config.regions,
    shardSize: knobs.shardSize ?? config.shardSize,
    historyDays: knobs.historyDays ?? config.historyDays,
  };
}
