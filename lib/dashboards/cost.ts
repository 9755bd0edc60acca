import type { ResolvedConfig } from '../../lambdas/core/config';
import { BURN_RULES } from '../../lambdas/core/slo/burn-rules';
import { SLO_OBJECTIVES } from '../../lambdas/core/slo/objectives';
import { criticalApps } from '../../lambdas/core/slo/of';
import { appsOf } from '../constructs/metrics-catalog';
import { dashboardBodies } from './bodies';

/**
 * CloudWatch list prices (US East; ap-southeast-3 is within a few percent) of what the dashboards
 * and SLO alarms add each month, before the free tier:
 * - a dashboard $3.00 (the first 3 of the account are free);
 * - a standard-resolution alarm $0.10 per metric it reads (a metric-math alarm over 2 regions' `Up` reads 2);
 * - a composite alarm $0.50.
 */
export const PRICES = { dashboard: 3, alarmMetric: 0.1, composite: 0.5, freeDashboards: 3 } as const;

export interface ObservabilityCost {
  dashboards: number;
  /** Metric-math window alarms (one per window of each burn rule, per objective and app). */
  windowAlarms: number;
  /** Metrics those alarms read in total (each reads `Up` or `LatencyMs` of every probe region). */
  alarmMetrics: number;
  /** Relayed burn alarms per app, objective and rule, plus "election-critical apps". */
  compositeAlarms: number;
  usdPerMonth: number;
}

export function observabilityCost(config: ResolvedConfig): ObservabilityCost {
  const apps = appsOf(config).length;
  const dashboards = dashboardBodies(config, { region: config.homeRegion, account: '000000000000' }).length;
  const perApp = BURN_RULES.length * SLO_OBJECTIVES.length;
  const windowAlarms = apps * perApp * 2;
  const alarmMetrics = windowAlarms * config.regions.length;
  // Beyond 100 pages the leadership alarm is built from parts of up to 100 (slo-alarms.ts).
  const pages = criticalApps(config).length * BURN_RULES.filter((r) => r.urgency === 'page').length;
  const leadership = pages === 0 || apps === 0 ? 0 : 1 + (pages > 100 ? Math.ceil(pages / 100) : 0);
  const compositeAlarms = apps * perApp + leadership;
  const usdPerMonth =
    Math.max(0, dashboards - PRICES.freeDashboards) * PRICES.dashboard + alarmMetrics * PRICES.alarmMetric + compositeAlarms * PRICES.composite;
  return { dashboards, windowAlarms, alarmMetrics, compositeAlarms, usdPerMonth };
}

/** The line `pantau validate` prints. */
export function observabilityCostLine(config: ResolvedConfig): string {
  const c = observabilityCost(config);
  return (
    `dashboards and SLO alarms: ${c.dashboards} dashboards, ${c.windowAlarms} burn-rate window alarms (${c.alarmMetrics} alarm metrics), ` +
    `${c.compositeAlarms} composite alarms ≈ $${c.usdPerMonth.toFixed(2)}/month ` +
    `($${PRICES.dashboard}/dashboard beyond ${PRICES.freeDashboards}, $${PRICES.alarmMetric.toFixed(2)}/alarm metric, $${PRICES.composite.toFixed(2)}/composite)`
  );
}
