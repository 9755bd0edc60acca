import { descriptorFor as sourceDescriptorFor } from '../../lambdas/core/capacity/sources/registry';
import { CHECK_KINDS, descriptorFor, type CheckKindRegistry } from '../../lambdas/core/checks/kinds/registry';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { CAPACITY_METRIC_NAMES, HEARTBEAT_METRIC, PROBE_METRIC_NAMES, SERIES_DIMENSIONS, type ProbeMetricName } from '../../lambdas/contracts/metrics';
import type { TargetSpec } from '../../lambdas/core/types';
import { patrolMayJudge } from '../../lambdas/core/patrol/patrolled';
import { planCapacityGroups } from '../constructs/capacity-groups';
import { planProbeFleets, targetRegions } from '../../lambdas/core/schedule/fleet-plan';

/**
 * How many CloudWatch custom metrics a config produces, and what they cost. Every distinct
 * (metric name, dimension set) the Lambdas publish is one billed metric; this counts them the way
 * lambdas/core/metrics.ts builds them:
 *   - per app and probe region (App, Region): every metric any target of the app can produce;
 *   - per target and probe region (App, Region, Target): only for `metrics: detailed` targets;
 *   - capacity (Site, Resource): Utilisation, HeadroomPct, HoursToExhaustion per resource;
 *   - the dead-man Heartbeat (Region, Shard): one per probe shard and probe region, one per
 *     capacity group (lib/constructs/dead-man.ts watches each).
 * A target produces Up and LatencyMs always, and a phase metric only when its kind has that
 * phase: each kind's descriptor (lambdas/core/checks/kinds) names them.
 */

export { NODE_EXPORTER_ESTIMATE } from '../../lambdas/core/capacity/sources/prometheus';

/** CloudWatch custom-metric price tiers, USD per metric per month (us-east-1 / ap-southeast-3 list price). */
export const METRIC_PRICE_TIERS: ReadonlyArray<{ upTo: number; usd: number }> = [
  { upTo: 10_000, usd: 0.3 },
  { upTo: 250_000, usd: 0.1 },
  { upTo: 1_000_000, usd: 0.05 },
  { upTo: Infinity, usd: 0.02 },
];

export interface MetricCountLine {
  scope: 'app' | 'target' | 'capacity' | 'heartbeat';
  /** App id, target id, capacity site, or `probe shards` / `capacity groups`. */
  name: string;
  dimensions: string[];
  metrics: string[];
  /** Distinct dimension-value combinations (probe regions, or resources for capacity). */
  combinations: number;
  /** metrics × combinations. */
  series: number;
  /** True when the number rests on an assumption (a node-exporter preset's resources). */
  estimated: boolean;
}

export interface MetricCount {
  series: number;
  monthlyUsd: number;
  breakdown: MetricCountLine[];
}

/**
 * The probe metrics one target can produce: Up and LatencyMs from every check, its kind's phase
 * metrics, and CertDaysLeft when its kind reports a certificate.
 */
export function targetMetricNames(target: Pick<TargetSpec, 'kind' | 'url' | 'patrol'>, kinds: CheckKindRegistry = CHECK_KINDS): ProbeMetricName[] {
  const descriptor = descriptorFor(target.kind, kinds);
  const names = new Set<ProbeMetricName>(['Up', 'LatencyMs', ...descriptor.metricNames(target)]);
  if (descriptor.reportsCertificate(target)) names.add('CertDaysLeft');
  // The patrol's SecurityFindings, for the targets it may judge.
  if (patrolMayJudge(target)) names.add('SecurityFindings');
  // Keep the order of PROBE_METRICS so the breakdown reads the same way everywhere.
  return PROBE_METRIC_NAMES.filter((n) => names.has(n));
}

export function monthlyCostUsd(series: number): number {
  let rest = series;
  let floor = 0;
  let usd = 0;
  for (const tier of METRIC_PRICE_TIERS) {
    const inTier = Math.max(0, Math.min(rest, tier.upTo - floor));
    usd += inTier * tier.usd;
    rest -= inTier;
    floor = tier.upTo;
    if (rest <= 0) break;
  }
  return Math.round(usd * 100) / 100;
}

export function customMetricCount(config: ResolvedConfig, kinds: CheckKindRegistry = CHECK_KINDS): MetricCount {
  const breakdown: MetricCountLine[] = [];

  // A private target is probed from the home region alone (the VPC fleet): fewer combinations.
  const regionsOf = targetRegions(config);
  const byApp = new Map<string, { names: Set<ProbeMetricName>; regions: Set<string> }>();
  for (const target of config.targets) {
    const app = byApp.get(target.app) ?? { names: new Set<ProbeMetricName>(), regions: new Set<string>() };
    targetMetricNames(target, kinds).forEach((n) => app.names.add(n));
    regionsOf(target.id).forEach((r) => app.regions.add(r));
    byApp.set(target.app, app);
  }
  for (const [app, { names, regions }] of byApp) {
    const metrics = PROBE_METRIC_NAMES.filter((n) => names.has(n));
    breakdown.push({ scope: 'app', name: app, dimensions: [...SERIES_DIMENSIONS.app], metrics, combinations: regions.size, series: metrics.length * regions.size, estimated: false });
  }
  for (const target of config.targets) {
    if (target.metrics !== 'detailed') continue;
    const metrics = targetMetricNames(target, kinds);
    const regions = regionsOf(target.id).length;
    breakdown.push({
      scope: 'target',
      name: target.id,
      dimensions: [...SERIES_DIMENSIONS.target],
      metrics,
      combinations: regions,
      series: metrics.length * regions,
      estimated: false,
    });
  }

  const resourcesBySite = new Map<string, { names: Set<string>; estimated: boolean }>();
  for (const source of config.capacity) {
    const site = resourcesBySite.get(source.site) ?? { names: new Set<string>(), estimated: false };
    const discovered = sourceDescriptorFor(source.source.type).discoversResources?.(source.source);
    if (discovered) {
      discovered.forEach((n) => site.names.add(n));
      site.estimated = true;
    }
    source.source.resources.forEach((r) => site.names.add(r.name));
    resourcesBySite.set(source.site, site);
  }
  for (const [site, { names, estimated }] of resourcesBySite) {
    breakdown.push({
      scope: 'capacity',
      name: site,
      dimensions: [...SERIES_DIMENSIONS.resource],
      metrics: [...CAPACITY_METRIC_NAMES],
      combinations: names.size,
      series: CAPACITY_METRIC_NAMES.length * names.size,
      estimated,
    });
  }

  const shardRegions = planProbeFleets(config).reduce((sum, fleet) => sum + fleet.shards.length * fleet.regions.length, 0);
  if (shardRegions > 0) {
    breakdown.push({ scope: 'heartbeat', name: 'probe shards', dimensions: [...SERIES_DIMENSIONS.shard], metrics: [HEARTBEAT_METRIC], combinations: shardRegions, series: shardRegions, estimated: false });
  }
  const groups = planCapacityGroups(config.capacity).length;
  if (groups > 0) {
    breakdown.push({ scope: 'heartbeat', name: 'capacity groups', dimensions: [...SERIES_DIMENSIONS.shard], metrics: [HEARTBEAT_METRIC], combinations: groups, series: groups, estimated: false });
  }

  const series = breakdown.reduce((sum, line) => sum + line.series, 0);
  return { series, monthlyUsd: monthlyCostUsd(series), breakdown };
}

/** One line for `pantau validate`. */
export function formatMetricCount(count: MetricCount): string {
  const total = (scope: MetricCountLine['scope']): number =>
    count.breakdown.filter((l) => l.scope === scope).reduce((sum, l) => sum + l.series, 0);
  const estimated = count.breakdown.some((l) => l.estimated) ? ' (capacity presets estimated)' : '';
  return (
    `CloudWatch custom metrics: ${count.series} ≈ $${count.monthlyUsd.toFixed(2)}/month ` +
    `(per app ${total('app')}, per target ${total('target')}, capacity ${total('capacity')}, heartbeats ${total('heartbeat')})${estimated}`
  );
}
