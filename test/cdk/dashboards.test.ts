import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_METRIC_NAMES } from '../../lib/constructs/metric-factory';
import { dashboardBodies } from '../../lib/dashboards/bodies';
import { Dashboards } from '../../lib/constructs/dashboards';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { cdkJsonContext, monitorTemplate, sampleCapacity, sampleConfig } from './cdk-app';
import { dashboardBodiesOf, type DashboardWidget } from './template-json';

type Bodies = ReturnType<typeof dashboardBodiesOf>;

function synthDashboards(config: ResolvedConfig): Bodies {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Dash', { env: { region: 'ap-southeast-3' } });
  new Dashboards(stack, 'Dashboards', { config });
  return dashboardBodiesOf(Template.fromStack(stack));
}

const titled = (widgets: DashboardWidget[], prefix: string) => widgets.filter((w) => w.properties.title?.startsWith(prefix));
const metricRows = (w: DashboardWidget) => (w.properties.metrics ?? []) as unknown[][];
/** The options object at the end of a metric row (`{expression, label, stat…}`). */
const options = (row: unknown[]) => row[row.length - 1] as { expression?: string; label?: string; stat?: string; id?: string; visible?: boolean };
const APPS = ['kpu', 'sirekap', 'sipol', 'jdih'];

// One synthesis for the file (synth is the slow part); the pure bodies answer the variations.
let bodies: Bodies;
beforeAll(() => {
  bodies = synthDashboards(sampleConfig({ capacity: sampleCapacity() }));
});
const ENV = { region: 'ap-southeast-3', account: '123456789012' };

describe('Dashboards construct: one dashboard per view, from the config', () => {
  it('has the overview, one dashboard per app, capacity and monitor health', () => {
    expect(Object.keys(bodies)).toEqual([
      'pantau-overview',
      ...APPS.map((app) => `pantau-app-${app}`),
      'pantau-capacity',
      'pantau-monitor-health',
    ]);
  });

  it('adding a target of a new app adds its overview row and its own dashboard', () => {
    const base = sampleConfig();
    const more = dashboardBodies({ ...base, targets: [...base.targets, { ...base.targets[0]!, id: 'silon-www', app: 'silon' }] }, ENV);
    expect(more.map((d) => d.name)).toContain('pantau-app-silon');
    const overview = more[0]!.body.widgets as unknown as DashboardWidget[];
    expect(titled(overview, 'silon: ').length).toBe(6);
  });

  it('charts only metric names of the catalogue (or AWS namespaces)', () => {
    for (const [name, body] of Object.entries(bodies)) {
      for (const widget of body.widgets) {
        for (const row of metricRows(widget)) {
          if (typeof row[0] !== 'string') continue;
          const known = row[0] === 'Pantau' ? KNOWN_METRIC_NAMES.has(row[1] as string) : (row[0] as string).startsWith('AWS/');
          expect(known, `${name}: ${row.slice(0, 2).join(' ')}`).toBe(true);
        }
      }
    }
  });
});

describe('Overview dashboard', () => {
  let widgets: DashboardWidget[];
  beforeAll(() => {
    widgets = bodies['pantau-overview']!.widgets;
  });

  it('has one row per app: status, availability 1 h / 24 h / 30 d, budget left, latency', () => {
    for (const app of APPS) {
      const row = titled(widgets, `${app}: `);
      expect(row.map((w) => w.properties.title)).toEqual([
        `${app}: status now`,
        `${app}: availability 1 h`,
        `${app}: availability 24 h`,
        `${app}: availability 30 d (objective 99.9 %)`,
        `${app}: error budget left (30 d)`,
        `${app}: latency (ms, ap-southeast-3; objective p95 ≤ 1000)`,
      ]);
      expect(new Set(row.map((w) => w.y)).size, `${app} on one row`).toBe(1);
      expect(row.reduce((sum, w) => sum + w.width, 0)).toBe(24);
      expect(row.slice(1, 5).map((w) => w.properties.start)).toEqual(['-PT1H', '-P1D', '-P30D', '-P30D']);
      // status now is a single value with its sparkline; the coloured tiles are gauges (CloudWatch
      // documents colour thresholds for gauges)
      expect(row.slice(0, 5).map((w) => w.properties.view)).toEqual(['singleValue', 'gauge', 'gauge', 'gauge', 'gauge']);
      for (const w of row.slice(1, 5)) expect(w.properties.yAxis).toEqual({ left: expect.objectContaining({ max: 100 }) });
    }
    const ys = APPS.map((app) => titled(widgets, `${app}: status now`)[0]!.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
  });

  it('computes availability as 100 × the mean over the probe regions of Average(Up)', () => {
    const [day] = titled(widgets, 'sirekap: availability 24 h');
    const rows = metricRows(day!);
    const up = rows.filter((r) => r[1] === 'Up');
    expect(up.map((r) => r.slice(0, 6))).toEqual([
      ['Pantau', 'Up', 'App', 'sirekap', 'Region', 'ap-southeast-3'],
      ['Pantau', 'Up', 'App', 'sirekap', 'Region', 'ap-southeast-1'],
    ]);
    expect(up.map((r) => options(r).stat)).toEqual(['Average', 'Average']);
    const [shown] = rows.filter((r) => options(r).expression);
    expect(options(shown!).expression).toBe('100 * AVG([da1r0, da1r1])');
    expect(day!.properties.setPeriodToTimeRange).toBe(true);
    // green at or above the objective, red below it
    expect(day!.properties.annotations).toEqual({
      horizontal: [
        expect.objectContaining({ value: 99.9, fill: 'above', color: '#2ca02c' }),
        expect.objectContaining({ value: 99.9, fill: 'below', color: '#d62728' }),
      ],
    });
  });

  it('shows the error budget left over the SLO window: 100 × (1 − (1 − availability) / budget)', () => {
    const [budget] = titled(widgets, 'kpu: error budget left');
    const [shown] = metricRows(budget!).filter((r) => options(r).expression && options(r).visible !== false);
    expect(options(shown!).expression).toBe('100 * (1 - (1 - AVG([ba0r0, ba0r1])) / 0.00100000)');
    expect(metricRows(budget!).filter((r) => r[1] === 'Up').map((r) => [options(r).id, options(r).stat, options(r).visible])).toEqual([
      ['ba0r0', 'Average', false],
      ['ba0r1', 'Average', false],
    ]);
    expect(budget!.properties.yAxis).toEqual({ left: { min: -100, max: 100 } });
  });

  it('shows latency p50 / p95 / p99', () => {
    const [latency] = titled(widgets, 'jdih: latency');
    expect(metricRows(latency!).map((r) => [r[1], options(r).stat])).toEqual([
      ['LatencyMs', 'p50'],
      ['LatencyMs', 'p95'],
      ['LatencyMs', 'p99'],
    ]);
  });

  it('lists the SLO alarms by ARN in the stack\'s account: leadership first, then each app\'s burn alarms', () => {
    const [alarms] = widgets.filter((w) => w.type === 'alarm');
    const arns = alarms!.properties.alarms as string[];
    expect(arns[0]).toBe('arn:aws:cloudwatch:ap-southeast-3:${AWS::AccountId}:alarm:pantau-election-critical-apps');
    expect(arns).toContain('arn:aws:cloudwatch:ap-southeast-3:${AWS::AccountId}:alarm:pantau-slo-sirekap-fast');
    expect(arns).toContain('arn:aws:cloudwatch:ap-southeast-3:${AWS::AccountId}:alarm:pantau-slo-sirekap-latency-fast');
    expect(arns).toHaveLength(1 + APPS.length * 6);
  });

  it('lists the open incidents in a custom widget backed by the open-incidents Lambda, addressed by ARN', () => {
    const custom = widgets.filter((w) => w.type === 'custom');
    expect(custom).toHaveLength(1);
    expect(custom[0]!.properties).toEqual({
      title: "Open incidents (from the alert engine's table)",
      endpoint: 'arn:aws:lambda:ap-southeast-3:${AWS::AccountId}:function:pantau-open-incidents',
      updateOn: { refresh: true, resize: false, timeRange: false },
    });
    expect(custom[0]!.width).toBe(24);
  });

  it('the open-incidents Lambda has that name, reads the table with Query only, and logs to an encrypted group', () => {
    const template = monitorTemplate(sampleConfig());
    const [fn] = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([, f]) => f.Properties.FunctionName === 'pantau-open-incidents');
    expect(fn, 'the widget function').toBeDefined();
    const roleId = (fn![1].Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>);
    const actions = statements.flatMap((st) => [st.Action].flat());
    expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual(['dynamodb:Query']);
    expect(actions.filter((a) => !a.startsWith('dynamodb:') && !a.startsWith('logs:'))).toEqual([]);
    const logGroupId = (fn![1].Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(template.findResources('AWS::Logs::LogGroup')[logGroupId]!.Properties.KmsKeyId).toBeDefined();
  });

  it('has no capacity headroom (nor capacity dashboard) without capacity sources', () => {
    const specs = dashboardBodies(sampleConfig(), ENV);
    expect(titled(specs[0]!.body.widgets as unknown as DashboardWidget[], 'Data-centre headroom')).toEqual([]);
    expect(specs.map((d) => d.name)).not.toContain('pantau-capacity');
  });
});

describe('Per-app, capacity and monitor-health dashboards', () => {
  it('per app, one row per probe region: availability, latency by phase stacked, failed checks, certificate days', () => {
    const widgets = bodies['pantau-app-sirekap']!.widgets;
    for (const region of ['ap-southeast-3', 'ap-southeast-1']) {
      const row = titled(widgets, `sirekap ${region}: `);
      expect(row.map((w) => w.properties.title)).toEqual([
        `sirekap ${region}: availability %`,
        `sirekap ${region}: latency by phase (ms, average)`,
        `sirekap ${region}: failed checks`,
        `sirekap ${region}: certificate days left (lowest)`,
      ]);
      const phases = row[1]!;
      expect(phases.properties.stacked).toBe(true);
      expect(metricRows(phases).map((r) => r[1])).toEqual(['DnsMs', 'ConnectMs', 'TlsMs', 'TtfbMs', 'TransferMs']);
      expect(metricRows(phases).every((r) => r[5] === region)).toBe(true);
      expect(metricRows(row[2]!).map((r) => options(r).expression ?? options(r).stat)).toEqual(['SampleCount', 'Sum', 'n - g']);
    }
  });

  it('capacity: utilisation with warn and critical lines, and hours to exhaustion, per site', () => {
    const widgets = bodies['pantau-capacity']!.widgets;
    const [utilisation, hours] = titled(widgets, 'PDN-Cikarang');
    expect(utilisation!.properties.title).toBe('PDN-Cikarang: utilisation %');
    expect(metricRows(utilisation!)[0]!.slice(0, 6)).toEqual(['Pantau', 'Utilisation', 'Resource', 'power', 'Site', 'PDN-Cikarang']);
    expect(utilisation!.properties.annotations).toEqual({
      horizontal: [expect.objectContaining({ value: 80, label: 'warn' }), expect.objectContaining({ value: 90, label: 'critical' })],
    });
    expect(metricRows(hours!)[0]![1]).toBe('HoursToExhaustion');
    // a node-exporter site is found by SEARCH
    const [batam] = titled(widgets, 'PDN-Batam');
    expect(options(metricRows(batam!)[0]!).expression).toBe(
      `SEARCH('{Pantau,Site,Resource} MetricName="Utilisation" Site="PDN-Batam"', 'Maximum', 300)`,
    );
  });

  it('the overview sums up headroom: the lowest per site', () => {
    const [headroom] = titled(bodies['pantau-overview']!.widgets, 'Data-centre headroom');
    const shown = metricRows(headroom!).filter((r) => options(r).visible !== false).map((r) => options(r).label);
    expect(shown).toEqual(['PDN-Cikarang lowest headroom %', 'PDN-Batam lowest headroom %', 'aws-jakarta lowest headroom %']);
  });

  it('monitor health: heartbeats per region, Lambda errors / duration / throttles, dropped events, freshness', () => {
    const widgets = bodies['pantau-monitor-health']!.widgets;
    expect(widgets.filter((w) => w.type === 'metric').map((w) => w.properties.title)).toEqual([
      'Heartbeats per shard: ap-southeast-3',
      'Heartbeats per shard: ap-southeast-1',
      'Lambda errors',
      'Lambda duration (max, ms)',
      'Lambda throttles',
      'Events dropped (messages in the drop queues)',
      'Freshness of results from ap-southeast-3: minutes between Up samples, samples per 5 min (0 = none arriving)',
      'Freshness of results from ap-southeast-1: minutes between Up samples, samples per 5 min (0 = none arriving)',
    ]);
    // a GetMetricData request (one widget) may hold one Metrics Insights query only
    for (const widget of widgets) {
      const queries = metricRows(widget).filter((r) => String(options(r).expression ?? '').startsWith('SELECT '));
      expect(queries.length, String(widget.properties.title)).toBeLessThanOrEqual(1);
    }
    const [heartbeats] = titled(widgets, 'Heartbeats per shard: ap-southeast-1');
    expect(options(metricRows(heartbeats!)[0]!).expression).toBe(
      `SEARCH('{Pantau,Region,Shard} MetricName="Heartbeat" Region="ap-southeast-1"', 'SampleCount', 300)`,
    );
  });
});
