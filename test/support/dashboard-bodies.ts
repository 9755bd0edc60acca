import type { ResolvedConfig } from '../../lambdas/core/config';
import { CAPACITY_DIMENSIONS, PROBE_DIMENSIONS } from '../../lambdas/contracts/metrics';
import type { DashboardSpec, Widget } from '../../lib/local/dashboard-preview/body';
import { appsOf, capacitySites } from '../../lib/constructs/metrics-catalog';

/**
 * Hand-written dashboard bodies in CloudWatch's JSON, for the preview's own tests: each kind of
 * widget and metric row the preview reads (single values with colour thresholds, graphs with
 * percentiles, stacked phases, metric math, SEARCH, alarms, markdown tables, a Lambda metric it
 * cannot know), independent of how the CDK side lays its dashboards out.
 */

export const ORANGE = '#ff7f0e';
export const RED = '#d62728';

export function fixtureBodies(config: ResolvedConfig, env: { region: string; account: string }): DashboardSpec[] {
  const ns = config.metricsNamespace;
  const { app: App, region: Region } = PROBE_DIMENSIONS;
  const home = config.homeRegion;
  const widgets: Widget[] = [
    { type: 'text', x: 0, y: 0, width: 24, height: 2, properties: { markdown: `# ${config.project} — overview\n| App | Owner |\n| --- | --- |\n| all | on-call |` } },
  ];
  for (const [i, app] of appsOf(config).entries()) {
    const y = 2 + i * 6;
    widgets.push(
      { type: 'text', x: 0, y, width: 4, height: 6, properties: { markdown: `## ${app}\nSLO **99.9 %**` } },
      {
        type: 'metric',
        x: 4,
        y,
        width: 8,
        height: 6,
        properties: {
          title: `${app}: availability`,
          view: 'singleValue',
          region: home,
          setPeriodToTimeRange: true,
          metrics: [
            [ns, 'Up', App, app, Region, home, { id: 'up', visible: false, stat: 'Average' }],
            [{ expression: '100 * up', label: `${app} availability %`, id: 'availability' }],
          ],
          annotations: { horizontal: [{ value: 99, color: ORANGE, fill: 'below' }, { value: 95, color: RED, fill: 'below' }] },
        },
      },
      {
        type: 'metric',
        x: 12,
        y,
        width: 12,
        height: 6,
        properties: {
          title: `${app}: latency (ms)`,
          view: 'timeSeries',
          region: home,
          period: 300,
          metrics: [
            [ns, 'LatencyMs', App, app, Region, home, { stat: 'p50', label: 'p50' }],
            ['.', '.', '.', '.', '.', '.', { stat: 'p95', label: 'p95' }],
            ['..', { stat: 'p99', label: 'p99' }],
          ],
          yAxis: { left: { min: 0, label: 'ms', showUnits: false } },
          annotations: { horizontal: [{ value: 1000, label: 'SLO threshold', color: RED }] },
        },
      },
    );
  }
  const afterApps = 2 + appsOf(config).length * 6;
  widgets.push(
    {
      type: 'alarm',
      x: 0,
      y: afterApps,
      width: 12,
      height: 4,
      properties: { title: 'Alarms', alarms: [`arn:aws:cloudwatch:${env.region}:${env.account}:alarm:${config.project}-election-critical`] },
    },
    {
      type: 'metric',
      x: 12,
      y: afterApps,
      width: 12,
      height: 4,
      properties: { title: 'Probe Lambda errors', view: 'timeSeries', metrics: [['AWS/Lambda', 'Errors', 'FunctionName', `${config.project}-probe`, { stat: 'Sum' }]] },
    },
  );
  const specs: DashboardSpec[] = [{ name: `${config.project}-overview`, title: `${config.project} — overview`, body: { start: '-PT3H', periodOverride: 'auto', widgets } }];
  const sites = capacitySites(config.capacity);
  if (sites.length > 0) {
    specs.push({
      name: `${config.project}-capacity`,
      title: `${config.project} — capacity`,
      body: {
        widgets: sites.map((site, i) => ({
          type: 'metric',
          x: 0,
          y: i * 6,
          width: 24,
          height: 6,
          properties: {
            title: `${site.site}: utilisation %`,
            view: 'timeSeries',
            metrics: [[{ expression: `SEARCH('{${ns},${CAPACITY_DIMENSIONS.site},${CAPACITY_DIMENSIONS.resource}} ${CAPACITY_DIMENSIONS.site}="${site.site}" MetricName="Utilisation"', 'Maximum', 300)`, id: 'util' }]],
            yAxis: { left: { min: 0, max: 100 } },
            annotations: { horizontal: [{ value: 80, label: 'warn', color: ORANGE }, { value: 90, label: 'critical', color: RED }] },
          },
        })),
      },
    });
  }
  const firstApp = appsOf(config)[0];
  if (firstApp) {
    specs.push({
      name: `${config.project}-app-${firstApp}`,
      title: `${firstApp}`,
      body: {
        widgets: [
          {
            type: 'metric',
            x: 0,
            y: 0,
            width: 24,
            height: 6,
            properties: {
              title: `${firstApp}: latency by phase`,
              view: 'timeSeries',
              stacked: true,
              metrics: ['ConnectMs', 'TtfbMs', 'TransferMs'].map((name) => [ns, name, App, firstApp, Region, home, { stat: 'Average', label: name }]),
            },
          },
        ],
      },
    });
  }
  return specs;
}
