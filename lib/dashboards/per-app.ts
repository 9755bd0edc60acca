import type { ResolvedConfig } from '../../lambdas/core/config';
import { reportsCertificate } from '../../lambdas/core/checks/kinds/registry';
import type { ProbeMetricName } from '../../lambdas/contracts/metrics';
import { BURN_RULES } from '../../lambdas/core/slo/burn-rules';
import { sloOf } from '../../lambdas/core/slo/of';
import { metricRows, type MetricRows } from './metric-rows';
import type { Env } from './overview';
import { alarmArn, burnAlarmName } from '../../lambdas/core/slo/alarm-names';
import { Grid, alarmStatus, expression, higherIsBetter, metricWidget, text, type DashboardBody, type MetricRow } from './widgets';

/** The phases of a check, in the order they happen (stacked bottom to top). */
export const PHASE_METRICS: readonly ProbeMetricName[] = ['DnsMs', 'ConnectMs', 'TlsMs', 'TtfbMs', 'TransferMs'];

/**
 * One app in detail, one row per probe region: availability of each target (its own series when
 * `metrics: detailed`, else the app's), latency by phase stacked, failed checks, certificate days
 * left. Pantau publishes failures as `Up` = 0 without a class (the class is in the alert and the
 * history), so "errors" is the count of failed checks per region.
 */
export function perAppBody(config: ResolvedConfig, env: Env, app: string): DashboardBody {
  const rows = metricRows(config.metricsNamespace);
  const slo = sloOf(config, app);
  const targets = config.targets.filter((t) => t.app === app);
  const grid = new Grid();
  grid.row(
    text(
      `# ${app}\n${targets.length} target${targets.length === 1 ? '' : 's'}: ${targets.map((t) => `\`${t.id}\``).join(', ')}. Objective ${slo.availability} % available, p${slo.latency.percentile} ≤ ${slo.latency.thresholdMs} ms.`,
      18,
      3,
    ),
    alarmStatus('SLO burn alarms', BURN_RULES.map((rule) => alarmArn(env, burnAlarmName(config, app, rule))), 6, 3),
  );
  const withCerts = targets.some((t) => reportsCertificate(t));
  for (const region of config.regions) {
    const widgets = [
      metricWidget({
        title: `${app} ${region}: availability %`,
        region: config.homeRegion,
        metrics: availabilityByTarget(rows, config, app, region),
        yAxis: { left: { min: 0, max: 100, showUnits: false } },
        horizontal: higherIsBetter(slo.availability, slo.availability).slice(0, 1),
        width: 6,
        height: 6,
      }),
      metricWidget({
        title: `${app} ${region}: latency by phase (ms, average)`,
        region: config.homeRegion,
        stacked: true,
        metrics: PHASE_METRICS.map((name) => rows.probe(name, app, region, { stat: 'Average', label: name.replace(/Ms$/, '') })),
        yAxis: { left: { min: 0, showUnits: false } },
        horizontal: [{ value: slo.latency.thresholdMs, label: 'latency objective' }],
        width: 6,
        height: 6,
      }),
      metricWidget({
        title: `${app} ${region}: failed checks`,
        region: config.homeRegion,
        metrics: [
          rows.probe('Up', app, region, { id: 'n', stat: 'SampleCount', visible: false }),
          rows.probe('Up', app, region, { id: 'g', stat: 'Sum', visible: false }),
          expression('failed', 'n - g', 'failed checks'),
        ],
        yAxis: { left: { min: 0, showUnits: false } },
        width: withCerts ? 6 : 12,
        height: 6,
      }),
    ];
    if (withCerts) {
      widgets.push(
        metricWidget({
          title: `${app} ${region}: certificate days left (lowest)`,
          region: config.homeRegion,
          metrics: [rows.probe('CertDaysLeft', app, region, { stat: 'Minimum' })],
          yAxis: { left: { min: 0, showUnits: false } },
          horizontal: [{ value: 14, label: '14 days', color: '#d62728' }],
          width: 6,
          height: 6,
        }),
      );
    }
    grid.row(...widgets);
  }
  return grid.body({ start: '-P1D', periodOverride: 'auto' });
}

function availabilityByTarget(rows: MetricRows, config: ResolvedConfig, app: string, region: string): MetricRow[] {
  const detailed = config.targets.filter((t) => t.app === app && t.metrics === 'detailed');
  const out: MetricRow[] = [rows.probe('Up', app, region, { id: 'app', stat: 'Average', visible: false }), expression('appPct', '100 * app', `${app} (all targets)`)];
  for (const [i, target] of detailed.entries()) {
    out.push(rows.probeTarget('Up', app, region, target.id, { id: `t${i}`, stat: 'Average', visible: false }), expression(`t${i}Pct`, `100 * t${i}`, target.id));
  }
  return out;
}
