import type { ResolvedConfig } from '../../lambdas/core/config';
import type { TargetSpec } from '../../lambdas/core/types';
import { customMetricCount } from '../config/metric-count';
import { endpointMonthlyUsd, planVpcEndpoints } from '../constructs/vpc-plan';
import { planProbeFleets } from '../../lambdas/core/schedule/fleet-plan';
import { ALERTS_PER_TARGET_MONTH, EMF_KB_PER_ROUND, LOG_KB_PER_INVOCATION, RESULT_ITEM_KB, STATE_ITEM_KB, STATUS_PAGE } from './figures';
import { observabilityCost } from '../dashboards/cost';
import { DEFAULTS } from '../../lambdas/contracts/defaults';
import { quietRefreshMs } from '../../lambdas/core/alerting/quiet-writes';
import { PROBE_REGION_RULES } from '../../lambdas/core/alerting/impairment';
import { HOURS_PER_MONTH, MINUTES_PER_MONTH, PRICES } from './prices';
import { monthlyUsage, type MonthlyUsage } from './usage';

/**
 * The monthly AWS bill of a config, per service, beside CloudWatch Synthetics running the same
 * checks. Pure: the usage (./usage.ts) times the price table (./prices.ts). `basis` says, in
 * words, which quantities and prices made each line, so `pantau cost` can be checked by hand.
 */

export interface ServiceCost {
  service: string;
  usdPerMonth: number;
  basis: string;
}

/** How the probe publishes its metrics: PutMetricData (what the code does) or Embedded Metric Format in its logs (a knob, not built). */
export interface ModelOptions {
  metricsVia?: 'put-metric-data' | 'emf';
}

/** One "what if": what it would save on this config, and the per-endpoint figure after it. */
export interface Knob {
  knob: string;
  setting: string;
  savesUsdPerMonth: number;
  perEndpointUsdPerMonthAfter: number;
}

export interface CostEstimate {
  endpoints: number;
  regions: string[];
  memoryMb: number;
  checksPerMonth: number;
  services: ServiceCost[];
  totalUsdPerMonth: number;
  perEndpointUsdPerMonth: number;
  syntheticsUsdPerMonth: number;
  /** Set by lib/cost/knobs.ts: each knob priced on this config. */
  knobs?: Knob[];
}

const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

const fmt = (n: number): string => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 }));

function line(service: string, usdPerMonth: number, basis: string): ServiceCost {
  return { service, usdPerMonth, basis };
}

function lambdaCost(u: MonthlyUsage): ServiceCost[] {
  return [
    line('Lambda duration', u.lambdaGbSeconds * PRICES.lambdaGbSecond.usd, `${fmt(u.lambdaGbSeconds)} GB-s at ${u.memoryMb} MB × $${PRICES.lambdaGbSecond.usd}`),
    line('Lambda requests', u.invocations * PRICES.lambdaRequest.usd, `${fmt(u.invocations)} invocations × $0.20/million`),
  ];
}

/**
 * The table's traffic as the code writes it:
 * - state: every check reads its subject's state (one strongly consistent read), but writes it
 *   only when something decision-relevant changed (quiet writes): per target and region one
 *   refresh per half freshness window (the first check after it), plus for each alert the failing streak that led to it and the
 *   outbox settle (failureThreshold + 1 writes per region); the region-health subject likewise;
 * - history: every failing result, and about one plain pass per target and region per
 *   `historySampleMinutes` (core/history-sample.ts); each alert's failing streak is kept whole.
 */
function dynamoCost(config: ResolvedConfig, u: MonthlyUsage): ServiceCost[] {
  const sampleMinutes = config.historySampleMinutes ?? DEFAULTS.historySampleMinutes;
  let stateWrites = 0;
  let historyItems = 0;
  for (const t of config.targets) {
    const intervalMinutes = t.intervalMs / 60_000;
    const streak = ALERTS_PER_TARGET_MONTH * t.alerting.failureThreshold;
    // The refresh happens at the first check at least quietMs after the last write.
    const refreshMinutes = Math.max(1, Math.ceil(quietRefreshMs(t.alerting) / t.intervalMs)) * intervalMinutes;
    stateWrites += u.probeRegions * (MINUTES_PER_MONTH / refreshMinutes + ALERTS_PER_TARGET_MONTH * (t.alerting.failureThreshold + 1));
    historyItems += u.probeRegions * (MINUTES_PER_MONTH / Math.max(intervalMinutes, sampleMinutes) + streak);
  }
  if (u.regionHealthRounds > 0) stateWrites += u.probeRegions * (MINUTES_PER_MONTH / (PROBE_REGION_RULES.freshnessMs / 60_000));
  stateWrites = Math.round(stateWrites);
  historyItems = Math.round(historyItems);
  const writes = historyItems * Math.ceil(RESULT_ITEM_KB) + stateWrites * Math.ceil(STATE_ITEM_KB);
  const reads = (u.checks + u.regionHealthRounds) * Math.ceil(STATE_ITEM_KB / 4);
  const storedGb = (historyItems / DAYS_PER_MONTH) * config.historyDays * (RESULT_ITEM_KB / 1024 / 1024);
  return [
    line(
      'DynamoDB writes',
      writes * PRICES.dynamoWriteUnit.usd,
      `${fmt(writes)} write units: ${fmt(historyItems)} history items (failures + 1 pass per ${sampleMinutes} min) + ${fmt(stateWrites)} state writes (changes + 1 refresh per half freshness window) × $0.625/million`,
    ),
    line('DynamoDB reads', reads * PRICES.dynamoReadUnit.usd, `${fmt(reads)} read units (state per check) × $0.125/million`),
    line('DynamoDB storage', storedGb * PRICES.dynamoStorageGbMonth.usd, `${fmt(storedGb)} GB of results kept ${config.historyDays} days (TTL) × $0.25/GB-month`),
  ];
}

/** Alarms as the stacks create them: dead-man per heartbeat; errors + drop alarms per function and queue in the home region; probe, relay and their queues in each other probe region. */
export function alarmCount(config: ResolvedConfig, u: Pick<MonthlyUsage, 'heartbeats'>): number {
  const fleets = planProbeFleets(config).length;
  const capacity = config.capacity.length > 0 ? 1 : 0;
  const relayDrops = 2;
  const home = fleets + capacity + 1 + 2 * (fleets + capacity) + relayDrops;
  const others = config.regions.filter((r) => r !== config.homeRegion).length * (2 + 2 + relayDrops);
  return u.heartbeats + home + others;
}

function cloudWatchCost(config: ResolvedConfig, u: MonthlyUsage, options: ModelOptions): ServiceCost[] {
  const metrics = customMetricCount(config);
  const alarms = alarmCount(config, u);
  const slo = observabilityCost(config);
  const retentionMonths = (config.logRetentionDays ?? DEFAULTS.logRetentionDays) / DAYS_PER_MONTH;
  const emf = options.metricsVia === 'emf';
  const emfGb = emf ? (u.shardRounds * EMF_KB_PER_ROUND) / 1024 / 1024 : 0;
  const logGb = (u.invocations * LOG_KB_PER_INVOCATION) / 1024 / 1024 + emfGb;
  const keptGb = logGb * retentionMonths;
  const sloAlarmUsd = slo.alarmMetrics * PRICES.cloudwatchAlarmMonth.usd + slo.compositeAlarms * COMPOSITE_ALARM_USD;
  return [
    line('CloudWatch metrics', metrics.monthlyUsd, `${fmt(metrics.series)} custom metrics (tiered, from $0.30)`),
    emf
      ? line('CloudWatch PutMetricData', 0, `none: each shard round logs its metrics as one EMF record (${EMF_KB_PER_ROUND} KB, in the Logs line)`)
      : line('CloudWatch PutMetricData', u.shardRounds * PRICES.cloudwatchPutMetricData.usd, `${fmt(u.shardRounds)} requests (one per shard round) × $0.01/1000`),
    line(
      'CloudWatch alarms',
      alarms * PRICES.cloudwatchAlarmMonth.usd + sloAlarmUsd,
      `${alarms} alarms (dead-man + self-watch) + ${slo.windowAlarms} SLO burn-rate window alarms reading ${slo.alarmMetrics} metrics × $0.10 + ${slo.compositeAlarms} composite × $${COMPOSITE_ALARM_USD.toFixed(2)}`,
    ),
    line(
      'CloudWatch dashboards',
      slo.dashboards * PRICES.cloudwatchDashboardMonth.usd,
      `${slo.dashboards} dashboards × $3 (counted although an account's first 3 are free)`,
    ),
    line(
      'CloudWatch Logs',
      logGb * PRICES.logsIngestGb.usd + keptGb * PRICES.logsStorageGbMonth.usd,
      `${fmt(logGb)} GB ingested${emf ? ' (EMF included)' : ''} × $0.50 + ${fmt(keptGb)} GB kept × $0.03`,
    ),
  ];
}

/** A composite alarm's monthly price (the SLO alarms; lib/dashboards/cost.ts uses the same). */
const COMPOSITE_ALARM_USD = 0.5;

function secretRefs(targets: readonly TargetSpec[]): { secretsManager: number } {
  const names = new Set(targets.flatMap((t) => Object.values(t.secretHeaders)).flatMap((ref) => ('secretsManager' in ref ? [ref.secretsManager] : [])));
  return { secretsManager: names.size };
}

function messagingCost(config: ResolvedConfig, u: MonthlyUsage): ServiceCost[] {
  const alerts = config.targets.length * ALERTS_PER_TARGET_MONTH;
  const emails = Object.values(config.alerting.topics).reduce((sum, t) => sum + t.subscriptions.filter((s) => s.protocol === 'email').length, 0);
  const secrets = secretRefs(config.targets).secretsManager;
  return [
    line('SNS', alerts * (PRICES.snsPublish.usd + emails * PRICES.snsEmail.usd), `${fmt(alerts)} alerts (${ALERTS_PER_TARGET_MONTH} per target) × ($0.50/million + ${emails} email subscriptions × $2/100k)`),
    line('EventBridge Scheduler', u.invocations * PRICES.schedulerInvocation.usd, `${fmt(u.invocations)} scheduled invocations × $1/million (14 million free not counted)`),
    line('Secrets Manager', secrets * PRICES.secretsManagerSecretMonth.usd + (secrets > 0 ? u.invocations * PRICES.secretsManagerCall.usd : 0), `${secrets} secrets × $0.40 + one look-up per invocation; SSM standard parameters are free`),
  ];
}

function edgeCost(config: ResolvedConfig): ServiceCost[] {
  const plan = planVpcEndpoints(config);
  const vpc = plan ? [line('VPC endpoints', endpointMonthlyUsd(plan), `${plan.interfaces.length} interface endpoints × ${plan.azCount} AZ × ${HOURS_PER_MONTH} h × $0.01`)] : [];
  // Another part of Pantau may add `statusPage:`; until a config has one, there is nothing to host.
  if (!(config as { statusPage?: unknown }).statusPage) return vpc;
  const gbOut = (STATUS_PAGE.viewsPerMonth * STATUS_PAGE.kbPerView) / 1024 / 1024;
  return [
    ...vpc,
    line('S3 (status page)', STATUS_PAGE.storageGb * PRICES.s3StorageGbMonth.usd + (STATUS_PAGE.viewsPerMonth / 100) * PRICES.s3Get.usd, `${STATUS_PAGE.storageGb} GB + origin GETs (1 in 100 views misses the cache)`),
    line('CloudFront (status page)', gbOut * PRICES.cloudfrontGbOut.usd + STATUS_PAGE.viewsPerMonth * PRICES.cloudfrontHttpsRequest.usd, `${fmt(STATUS_PAGE.viewsPerMonth)} views × ${STATUS_PAGE.kbPerView} KB`),
  ];
}

export function estimateCost(config: ResolvedConfig, memoryMb: number, options: ModelOptions = {}): CostEstimate {
  const usage = monthlyUsage(config, memoryMb);
  const services = [...lambdaCost(usage), ...dynamoCost(config, usage), ...cloudWatchCost(config, usage, options), ...messagingCost(config, usage), ...edgeCost(config)].map((s) => ({
    ...s,
    usdPerMonth: round(s.usdPerMonth),
  }));
  const total = services.reduce((sum, s) => sum + s.usdPerMonth, 0);
  const endpoints = config.targets.length;
  return {
    endpoints,
    regions: config.regions,
    memoryMb,
    checksPerMonth: usage.checks,
    services,
    totalUsdPerMonth: round(total),
    perEndpointUsdPerMonth: endpoints > 0 ? round(total / endpoints) : 0,
    syntheticsUsdPerMonth: round(usage.checks * PRICES.syntheticsCanaryRun.usd),
  };
}

/** Four decimals: per-endpoint figures are cents and fractions of a cent. */
function round(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}

/** `validate`'s one-line summary of the whole monthly bill (`pantau cost` gives the breakdown and the knobs). */
/** The service that costs the most, undefined for an estimate without services. */
export function largestService(e: Pick<CostEstimate, 'services'>): ServiceCost | undefined {
  return [...e.services].sort((a, b) => b.usdPerMonth - a.usdPerMonth)[0];
}

export function totalCostLine(e: CostEstimate): string {
  const largest = largestService(e);
  return (
    `AWS cost ≈ $${e.totalUsdPerMonth.toFixed(2)}/month, $${e.perEndpointUsdPerMonth.toFixed(4)} per endpoint-month` +
    (largest ? ` (largest: ${largest.service} $${largest.usdPerMonth.toFixed(2)})` : '') +
    ' — breakdown and knobs: pantau cost'
  );
}
