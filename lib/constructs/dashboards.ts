import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { CapacityMetricName } from '../../lambdas/contracts/metrics';
import { PERIOD, metricFactory, type MetricFactory } from './metric-factory';
import { appsOf, appsWithCertificates, capacitySites } from './metrics-catalog';
import { tableName } from './naming';

export interface DashboardsProps {
  config: ResolvedConfig;
  /** Availability objective in percent for the SLO error-budget widget. */
  availabilityObjectivePct?: number;
  /** Functions shown in the "monitor health" row (errors, duration). */
  functions?: Array<{ label: string; fn: lambda.IFunction }>;
}

/** Apps per graph: beyond ~10 apps × regions × statistics a graph stops being readable. */
const APPS_PER_GRAPH = 10;
const FULL = 24;
const HALF = 12;

/**
 * The overview dashboard, built from the same config as the stacks: availability and latency per
 * app, certificate days, the SLO error budget, capacity per (Site, Resource) when the config has
 * capacity sources, and the monitor's own health. All probe metrics live in the home region
 * (every probe region publishes there), so one dashboard shows every region.
 */
export class Dashboards extends Construct {
  readonly overview: cloudwatch.Dashboard;
  private readonly metrics: MetricFactory;

  constructor(scope: Construct, id: string, props: DashboardsProps) {
    super(scope, id);
    const { config } = props;
    this.metrics = metricFactory(config.metricsNamespace);
    const objective = props.availabilityObjectivePct ?? 99.9;
    this.overview = new cloudwatch.Dashboard(this, 'Overview', {
      dashboardName: `${config.project}-overview`,
      periodOverride: cloudwatch.PeriodOverride.AUTO,
    });

    this.overview.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# ${config.project} — overview\nProbes from ${config.regions.join(', ')}; metrics in namespace \`${config.metricsNamespace}\` (${config.homeRegion}). Per-target history and state live in DynamoDB (table \`${tableName(config)}\`).`,
        width: FULL,
        height: 2,
      }),
    );
    const apps = appsOf(config);
    if (apps.length > 0) this.addUptime(config, apps, objective);
    if (config.capacity.length > 0) this.addCapacity(config);
    this.addHealth(config, props.functions ?? []);
  }

  private addUptime(config: ResolvedConfig, apps: string[], objective: number): void {
    for (const [n, group] of chunk(apps, APPS_PER_GRAPH).entries()) {
      const suffix = apps.length > APPS_PER_GRAPH ? ` (${n + 1}/${Math.ceil(apps.length / APPS_PER_GRAPH)})` : '';
      const availability = group.flatMap((app, i) =>
        config.regions.map(
          (region, r) =>
            new cloudwatch.MathExpression({
              expression: `100 * up${n}x${i}x${r}`,
              usingMetrics: { [`up${n}x${i}x${r}`]: this.metrics.probe.up(app, region) },
              period: PERIOD,
              label: `${app} ${region}`,
            }),
        ),
      );
      const latency = group.flatMap((app) =>
        config.regions.flatMap((region) => [
          this.metrics.probe.latency(app, region, 'p50', `${app} p50 ${region}`),
          this.metrics.probe.latency(app, region, 'p95', `${app} p95 ${region}`),
        ]),
      );
      this.overview.addWidgets(
        new cloudwatch.GraphWidget({
          title: `Availability % per app${suffix}`,
          left: availability,
          leftYAxis: { min: 0, max: 100, label: '%', showUnits: false },
          width: HALF,
          height: 6,
        }),
        new cloudwatch.GraphWidget({
          title: `Latency p50 / p95 per app (ms)${suffix}`,
          left: latency,
          leftYAxis: { min: 0, label: 'ms', showUnits: false },
          width: HALF,
          height: 6,
        }),
      );
    }

    const certApps = appsWithCertificates(config);
    if (certApps.length > 0) {
      this.overview.addWidgets(
        new cloudwatch.SingleValueWidget({
          title: 'Certificate days left (lowest per app)',
          metrics: certApps.map((app) => this.metrics.probe.certDaysLeft(app, config.homeRegion, app)),
          width: FULL,
          height: 3 * Math.ceil(certApps.length / 8),
        }),
      );
    }

    // Error budget left over the dashboard's time range: 100 % = no failed check, 0 % = the
    // objective is exactly met, negative = breached. Average of `Up` is the share of good checks.
    const budgetFraction = 1 - objective / 100;
    this.overview.addWidgets(
      new cloudwatch.SingleValueWidget({
        title: `SLO error budget left (objective ${objective} % availability, over the time range)`,
        metrics: apps.map(
          (app, i) =>
            new cloudwatch.MathExpression({
              expression: `100 * (1 - (1 - slo${i}) / ${budgetFraction.toFixed(6)})`,
              usingMetrics: { [`slo${i}`]: this.metrics.probe.up(app, config.homeRegion) },
              label: `${app} budget left %`,
              period: PERIOD,
            }),
        ),
        setPeriodToTimeRange: true,
        width: FULL,
        height: 3 * Math.ceil(apps.length / 8),
      }),
    );
  }

  private addCapacity(config: ResolvedConfig): void {
    this.overview.addWidgets(
      new cloudwatch.TextWidget({
        markdown: '## Data-centre capacity\nUtilisation, headroom and forecast time to exhaustion per (Site, Resource).',
        width: FULL,
        height: 2,
      }),
    );
    const graphs: Array<[CapacityMetricName, string, string]> = [
      ['Utilisation', 'Maximum', 'Utilisation %'],
      ['HeadroomPct', 'Minimum', 'Headroom %'],
      ['HoursToExhaustion', 'Minimum', 'Hours to exhaustion'],
    ];
    for (const site of capacitySites(config.capacity)) {
      this.overview.addWidgets(
        ...graphs.map(
          ([metric, statistic, title]) =>
            new cloudwatch.GraphWidget({
              title: `${site.site}: ${title}`,
              left: [
                ...site.resources.map((resource) => this.metrics.capacity.metric(metric, site.site, resource, statistic)),
                // Preset resources (cpu, memory, filesystem:<mount>, network:<device>) are only
                // known at run time: a SEARCH expression picks every resource of the site.
                ...(site.discovered ? [this.metrics.capacity.searchSite(metric, site.site, statistic)] : []),
              ],
              leftYAxis: metric === 'HoursToExhaustion' ? { min: 0, showUnits: false } : { min: 0, max: 100, showUnits: false },
              width: 8,
              height: 6,
            }),
        ),
      );
    }
  }

  private addHealth(config: ResolvedConfig, functions: Array<{ label: string; fn: lambda.IFunction }>): void {
    const widgets: cloudwatch.IWidget[] = [];
    if (config.targets.length > 0) {
      widgets.push(
        new cloudwatch.GraphWidget({
          title: 'Monitor health: Up samples per probe region',
          left: config.regions.map((region) => this.metrics.probe.samplesFrom(region)),
          leftYAxis: { min: 0, showUnits: false },
          width: HALF,
          height: 6,
        }),
      );
    }
    if (functions.length > 0) {
      widgets.push(
        new cloudwatch.GraphWidget({
          title: 'Monitor health: Lambda errors and duration',
          left: functions.map(({ label, fn }) => fn.metricErrors({ statistic: 'Sum', period: PERIOD, label: `${label} errors` })),
          right: functions.map(({ label, fn }) => fn.metricDuration({ statistic: 'Maximum', period: PERIOD, label: `${label} max duration` })),
          width: HALF,
          height: 6,
        }),
      );
    }
    if (widgets.length > 0) this.overview.addWidgets(...widgets);
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
