import type { ResolvedConfig } from '../../lambdas/core/config';
import { estimateCost, type CostEstimate, type Knob, type ModelOptions } from './model';
import { applyKnobs } from './synthetic-fleet';

/**
 * The knobs `pantau cost` prices on the config it was given: each one re-runs the model on a
 * changed config (or, for EMF, a changed way of publishing metrics) and reports what it saves
 * and the per-endpoint figure after it. Pure.
 */

interface KnobVariant {
  knob: string;
  setting: string;
  config: ResolvedConfig;
  options?: ModelOptions;
}

/** Interval for the targets that are not `severity: critical` (critical ones keep theirs). */
function nonCriticalEvery(config: ResolvedConfig, intervalMs: number): ResolvedConfig {
  return { ...config, targets: config.targets.map((t) => (t.severity === 'critical' || t.intervalMs >= intervalMs ? t : { ...t, intervalMs })) };
}

function withoutStatusPage(config: ResolvedConfig): ResolvedConfig {
  const { statusPage: _page, ...rest } = config as ResolvedConfig & { statusPage?: unknown };
  return rest as ResolvedConfig;
}

function variants(config: ResolvedConfig): KnobVariant[] {
  const nonCritical = config.targets.filter((t) => t.severity !== 'critical').length;
  const emf: ModelOptions = { metricsVia: 'emf' };
  const bigShards = applyKnobs(config, { shardSize: 100 });
  const list: KnobVariant[] = [
    { knob: 'regions', setting: 'one probe region instead of ' + config.regions.length + ' (no quorum)', config: applyKnobs(config, { regions: 1 }) },
    { knob: 'interval', setting: `2m for the ${nonCritical} non-critical targets`, config: nonCriticalEvery(config, 120_000) },
    { knob: 'interval', setting: `5m for the ${nonCritical} non-critical targets`, config: nonCriticalEvery(config, 300_000) },
    { knob: 'historyDays', setting: '7 days of results', config: applyKnobs(config, { historyDays: 7 }) },
    { knob: 'historySampleMinutes', setting: '15 (one plain pass per 15 min)', config: { ...config, historySampleMinutes: 15 } },
    { knob: 'metrics', setting: 'per app, not per target (metrics: app everywhere)', config: applyKnobs(config, { metrics: 'app' }) },
    { knob: 'shardSize', setting: '100 targets per invocation (fewer rounds, PutMetricData calls, heartbeats)', config: bigShards },
    { knob: 'emf', setting: 'metrics as Embedded Metric Format log lines instead of PutMetricData (not built)', config, options: emf },
    { knob: 'logRetentionDays', setting: '30 days instead of ' + (config.logRetentionDays ?? 365), config: { ...config, logRetentionDays: 30 } },
    { knob: 'statusPage', setting: 'no CloudFront status page', config: withoutStatusPage(config) },
    { knob: 'emf + shardSize', setting: 'EMF and 100 targets per invocation', config: bigShards, options: emf },
    {
      knob: 'emf + shardSize + history',
      setting: 'EMF, 100 targets per invocation, historySampleMinutes 15, logRetentionDays 30',
      config: { ...bigShards, historySampleMinutes: 15, logRetentionDays: 30 },
      options: emf,
    },
  ];
  return list;
}

/** The estimate with its knobs; a knob that changes nothing on this config is left out. */
export function withKnobs(config: ResolvedConfig, memoryMb: number, base: CostEstimate = estimateCost(config, memoryMb)): CostEstimate {
  const knobs: Knob[] = variants(config).flatMap((v) => {
    const after = estimateCost(v.config, memoryMb, v.options);
    const saves = Math.round((base.totalUsdPerMonth - after.totalUsdPerMonth) * 100) / 100;
    return saves > 0 ? [{ knob: v.knob, setting: v.setting, savesUsdPerMonth: saves, perEndpointUsdPerMonthAfter: after.perEndpointUsdPerMonth }] : [];
  });
  return { ...base, knobs };
}
