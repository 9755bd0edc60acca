import type { ResolvedConfig } from '../../lambdas/core/config';
import { BURN_RULES } from '../../lambdas/core/slo/burn-rules';
import { criticalApps, sloOf } from '../../lambdas/core/slo/of';
import { budgetLeftPctExpression, sloMath } from '../../lambdas/core/slo/expressions';
import { SLO_OBJECTIVES } from '../../lambdas/core/slo/objectives';
import { DAY_MS } from '../../lambdas/core/slo/types';
import { appsOf, capacitySites } from '../constructs/metrics-catalog';
import { metricRows, type MetricRows } from './metric-rows';
import { alarmArn, burnAlarmName, electionCriticalAlarmName } from '../../lambdas/core/slo/alarm-names';
import { customWidget, lambdaArn, openIncidentsFunctionName } from './custom-widgets';
import { COLOURS, Grid, alarmStatus, chunk, expression, higherIsBetter, metricWidget, text, type DashboardBody, type MetricRow, type SizedWidget } from './widgets';

export interface Env {
  region: string;
  account: string;
}

/** An alarm-status widget lists at most 100 alarms. */
export const ALARMS_PER_WIDGET = 100;
/** Widgets in one app's overview row. */
export const OVERVIEW_ROW_WIDGETS = 6;
const ROW_HEIGHT = 3;

/**
 * The overview a leader reads cold: one row per app — status now, availability over 1 h, 24 h
 * and the SLO window, error budget left, latency p50/p95/p99 — then the open incidents (a custom
 * widget, lib/constructs/open-incidents-widget.ts), the SLO alarms, and the data-centre headroom
 * when capacity is watched.
 */
export function overviewBody(config: ResolvedConfig, env: Env, apps: string[], part: { n: number; of: number }): DashboardBody {
  const rows = metricRows(config.metricsNamespace);
  const grid = new Grid();
  const suffix = part.of > 1 ? ` (part ${part.n} of ${part.of})` : '';
  grid.row(
    text(
      `# ${config.project} — overview${suffix}\nOne row per app: status now, availability (1 h, 24 h, SLO window), error budget left, latency. Green meets the objective, red misses it. Probes from ${config.regions.join(', ')}.`,
    ),
  );
  for (const [i, app] of apps.entries()) grid.row(...appRow(config, rows, app, `a${i}`));
  if (part.n === 1) {
    grid.row(customWidget('Open incidents (from the alert engine\'s table)', lambdaArn(env, openIncidentsFunctionName(config)), 24, 6));
    for (const [i, arns] of chunk(sloAlarmArns(config, env), ALARMS_PER_WIDGET).entries()) {
      grid.row(alarmStatus(i === 0 ? 'SLO alarms (open incidents first)' : 'SLO alarms (continued)', arns, 24, 6));
    }
    const headroom = headroomSummary(config, rows);
    if (headroom) grid.row(headroom);
  }
  return grid.body({ start: '-P1D', periodOverride: 'inherit' });
}

/** Availability over all probe regions as a percentage: the mean of each region's share of good checks. */
function availabilityRows(config: ResolvedConfig, rows: MetricRows, app: string, key: string): MetricRow[] {
  const ids = config.regions.map((_, r) => `${key}r${r}`);
  return [
    ...config.regions.map((region, r) => rows.probe('Up', app, region, { id: ids[r], stat: 'Average', visible: false })),
    expression(key, `100 * AVG([${ids.join(', ')}])`, app),
  ];
}

/** `key` makes the row's metric ids unique on the dashboard (ids: a lower-case letter, then letters and digits). */
function appRow(config: ResolvedConfig, rows: MetricRows, app: string, key: string): SizedWidget[] {
  const slo = sloOf(config, app);
  // Gauges, not single values: CloudWatch documents colour thresholds (horizontal annotations)
  // for gauges; a single-value widget's annotations are not documented to colour it.
  const gauge = (title: string, start: string, metrics: MetricRow[], range: { min: number; max: number }, horizontal = higherIsBetter(slo.availability, slo.availability)) =>
    metricWidget({ title, region: config.homeRegion, view: 'gauge', start, setPeriodToTimeRange: true, metrics, width: 3, height: ROW_HEIGHT, horizontal, yAxis: { left: range } });
  const windowDays = Math.round(slo.windowMs / DAY_MS);
  // The scale shows ten budgets below the objective (99.9 → 99.0 … 100); lower values pin to the left, red.
  const availabilityRange = { min: Math.max(0, Number((100 - 10 * (100 - slo.availability)).toFixed(3))), max: 100 };
  const budgetMath = sloMath(config.regions, app, slo, 'availability', `b${key}r`);
  return [
    metricWidget({
      title: `${app}: status now`,
      region: config.homeRegion,
      view: 'singleValue',
      start: '-PT15M',
      sparkline: true,
      period: 300,
      metrics: availabilityRows(config, rows, app, `s${key}`),
      width: 3,
      height: ROW_HEIGHT,
      horizontal: higherIsBetter(100, 100),
    }),
    gauge(`${app}: availability 1 h`, '-PT1H', availabilityRows(config, rows, app, `h${key}`), availabilityRange),
    gauge(`${app}: availability 24 h`, '-P1D', availabilityRows(config, rows, app, `d${key}`), availabilityRange),
    gauge(`${app}: availability ${windowDays} d (objective ${slo.availability} %)`, `-P${windowDays}D`, availabilityRows(config, rows, app, `w${key}`), availabilityRange),
    gauge(
      `${app}: error budget left (${windowDays} d)`,
      `-P${windowDays}D`,
      [
        // The same math as the budget line of the relayed burn alerts (lambdas/core/slo/expressions.ts).
        ...budgetMath.metrics.map((m, r) => rows.probe(m.metricName, app, config.regions[r]!, { id: m.id, stat: m.stat, visible: false })),
        expression(`budget${key}`, budgetLeftPctExpression(budgetMath.goodFraction, slo, 'availability'), `${app} budget left %`),
      ],
      { min: -100, max: 100 },
      [
        { value: 25, color: COLOURS.good, fill: 'above', label: '≥ 25 % left' },
        { value: 0, color: COLOURS.bad, fill: 'below', label: 'objective missed' },
      ],
    ),
    metricWidget({
      title: `${app}: latency (ms, ${config.homeRegion}; objective p${slo.latency.percentile} ≤ ${slo.latency.thresholdMs})`,
      region: config.homeRegion,
      view: 'singleValue',
      start: '-PT1H',
      setPeriodToTimeRange: true,
      metrics: ['p50', 'p95', 'p99'].map((stat) => rows.probe('LatencyMs', app, config.homeRegion, { stat, label: stat })),
      width: 9,
      height: ROW_HEIGHT,
    }),
  ];
}

/** Every relayed SLO alarm: the leadership alarm first, then each app's pages and tickets (availability, then latency). */
export function sloAlarmArns(config: ResolvedConfig, env: Env): string[] {
  const names = criticalApps(config).length > 0 ? [electionCriticalAlarmName(config)] : [];
  for (const app of appsOf(config)) for (const objective of SLO_OBJECTIVES) for (const rule of BURN_RULES) names.push(burnAlarmName(config, app, rule, objective));
  return names.map((name) => alarmArn(env, name));
}

/** Lowest headroom per site over the last hour: one number per site. */
function headroomSummary(config: ResolvedConfig, rows: MetricRows): SizedWidget | undefined {
  const sites = capacitySites(config.capacity);
  if (sites.length === 0) return undefined;
  const metrics: MetricRow[] = [];
  for (const [s, site] of sites.entries()) {
    if (site.discovered) {
      metrics.push(rows.capacitySearch('HeadroomPct', site.site, 'Minimum', `hs${s}`).map((o) => (typeof o === 'object' ? { ...o, visible: false } : o)));
      metrics.push(expression(`h${s}`, `MIN(hs${s})`, `${site.site} lowest headroom %`));
    } else {
      const ids = site.resources.map((_, r) => `h${s}x${r}`);
      for (const [r, resource] of site.resources.entries()) metrics.push(rows.capacity('HeadroomPct', site.site, resource, { id: ids[r], stat: 'Minimum', visible: false }));
      metrics.push(expression(`h${s}`, `MIN([${ids.join(', ')}])`, `${site.site} lowest headroom %`));
    }
  }
  return metricWidget({
    title: 'Data-centre headroom: lowest per site (%, last hour)',
    region: config.homeRegion,
    view: 'singleValue',
    start: '-PT1H',
    setPeriodToTimeRange: true,
    metrics,
    width: 24,
    height: 3,
    horizontal: higherIsBetter(20, 10),
  });
}
