import type { ResolvedConfig } from '../../lambdas/core/config';
import type { CapacityMetricName } from '../../lambdas/contracts/metrics';
import { capacitySites } from '../constructs/metrics-catalog';
import { metricRows } from './metric-rows';
import { COLOURS, Grid, metricWidget, text, type Annotation, type DashboardBody, type MetricRow } from './widgets';

/**
 * Data-centre capacity: per site, utilisation of each resource with the warn and critical lines
 * of its source, and the forecast hours to exhaustion. A site with run-time resources
 * (node-exporter presets) is charted with a SEARCH.
 */
export function capacityBody(config: ResolvedConfig): DashboardBody {
  const rows = metricRows(config.metricsNamespace);
  const grid = new Grid();
  grid.row(text(`# ${config.project} — data-centre capacity\nUtilisation per (site, resource) against its warn and critical lines, and the forecast hours until it runs out.`));
  for (const [s, site] of capacitySites(config.capacity).entries()) {
    const series = (name: CapacityMetricName, stat: string): MetricRow[] => [
      ...site.resources.map((resource) => rows.capacity(name, site.site, resource, { stat, label: resource })),
      ...(site.discovered ? [rows.capacitySearch(name, site.site, stat, `search${s}${name}`)] : []),
    ];
    grid.row(
      metricWidget({
        title: `${site.site}: utilisation %`,
        region: config.homeRegion,
        metrics: series('Utilisation', 'Maximum'),
        yAxis: { left: { min: 0, max: 100, showUnits: false } },
        horizontal: thresholdLines(config, site.site),
        width: 12,
        height: 6,
      }),
      metricWidget({
        title: `${site.site}: hours to exhaustion (forecast)`,
        region: config.homeRegion,
        metrics: series('HoursToExhaustion', 'Minimum'),
        yAxis: { left: { min: 0, showUnits: false } },
        horizontal: [{ value: Math.min(...config.capacity.filter((c) => c.site === site.site).map((c) => c.thresholds.forecastHours)), label: 'forecast alert', color: COLOURS.bad }],
        width: 12,
        height: 6,
      }),
    );
  }
  return grid.body({ start: '-P7D', periodOverride: 'auto' });
}

/** The lowest warn and critical utilisation of the site's sources, as lines. */
function thresholdLines(config: ResolvedConfig, site: string): Annotation[] {
  const thresholds = config.capacity.filter((c) => c.site === site).map((c) => c.thresholds);
  if (thresholds.length === 0) return [];
  return [
    { value: Math.min(...thresholds.map((t) => t.warnPct)), label: 'warn', color: COLOURS.warn },
    { value: Math.min(...thresholds.map((t) => t.criticalPct)), label: 'critical', color: COLOURS.bad },
  ];
}
