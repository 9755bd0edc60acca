import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dashboards } from '../../lib/constructs/dashboards';
import { cdkJsonContext, monitorTemplate, sampleCapacity, sampleConfig } from './cdk-app';
import { dashboardWidgets, type DashboardWidget } from './template-json';

const capacitySources = sampleCapacity();

const titled = (widgets: DashboardWidget[], prefix: string) => widgets.filter((w) => w.properties.title?.startsWith(prefix));
const metricRows = (w: DashboardWidget) => (w.properties.metrics ?? []) as unknown[][];
/** The options object at the end of a metric row (`{expression, label, stat…}`). */
const options = (row: unknown[]) => row[row.length - 1] as { expression?: string; label?: string; stat?: string; id?: string };

describe('Dashboards construct: overview', () => {
  let widgets: DashboardWidget[];
  beforeAll(() => {
    widgets = dashboardWidgets(monitorTemplate(sampleConfig()));
  });

  it('charts availability as 100 × Average(Up) for every app from every region', () => {
    const [availability] = titled(widgets, 'Availability % per app');
    const expressions = metricRows(availability!).filter((r) => options(r).expression);
    expect(expressions.map((r) => options(r).label)).toEqual([
      'kpu ap-southeast-3',
      'kpu ap-southeast-1',
      'sirekap ap-southeast-3',
      'sirekap ap-southeast-1',
      'sipol ap-southeast-3',
      'sipol ap-southeast-1',
      'jdih ap-southeast-3',
      'jdih ap-southeast-1',
    ]);
    for (const row of expressions) expect(options(row).expression).toMatch(/^100 \* up\d+x\d+x\d+$/);
    // the referenced series: Pantau/Up by App and Region, Average
    const up = metricRows(availability!).filter((r) => r[0] === 'Pantau' && r[1] === 'Up');
    expect(up).toHaveLength(8);
    expect(up[0]!.slice(0, 6)).toEqual(['Pantau', 'Up', 'App', 'kpu', 'Region', 'ap-southeast-3']);
    // Average is CloudWatch's default statistic for a dashboard series, so CDK leaves it out;
    // any other statistic would be written here.
    for (const row of up) expect(options(row).stat ?? availability!.properties.stat ?? 'Average').toBe('Average');
  });

  it('charts latency p50 and p95 per app', () => {
    const [latency] = titled(widgets, 'Latency p50 / p95 per app');
    const rows = metricRows(latency!);
    expect(rows).toHaveLength(4 * 2 * 2);
    expect(rows.filter((r) => r[1] === 'LatencyMs' && options(r).stat === 'p50')).toHaveLength(8);
    expect(rows.filter((r) => r[1] === 'LatencyMs' && options(r).stat === 'p95')).toHaveLength(8);
    expect(rows.map((r) => options(r).label)).toContain('sirekap p95 ap-southeast-1');
  });

  it('shows certificate days left for apps with TLS endpoints only', () => {
    const [certs] = titled(widgets, 'Certificate days left');
    const rows = metricRows(certs!);
    expect(rows.map((r) => [r[1], r[3], options(r).stat])).toEqual([
      ['CertDaysLeft', 'kpu', 'Minimum'],
      ['CertDaysLeft', 'sirekap', 'Minimum'],
      ['CertDaysLeft', 'sipol', 'Minimum'],
      ['CertDaysLeft', 'jdih', 'Minimum'],
    ]);
  });

  it('has an SLO error-budget widget over the dashboard time range', () => {
    const [slo] = titled(widgets, 'SLO error budget left');
    expect(slo!.properties.title).toContain('objective 99.9 %');
    expect(slo!.properties.setPeriodToTimeRange).toBe(true);
    const budgets = metricRows(slo!).filter((r) => options(r).expression);
    expect(budgets).toHaveLength(4);
    expect(options(budgets[0]!).expression).toBe('100 * (1 - (1 - slo0) / 0.001000)');
  });

  it('shows the monitor\'s own health: Up samples per probe region and Lambda errors', () => {
    const [samples] = titled(widgets, 'Monitor health: Up samples');
    expect(metricRows(samples!).map((r) => options(r).expression)).toEqual([
      `SELECT COUNT(Up) FROM SCHEMA("Pantau", App, Region) WHERE Region = 'ap-southeast-3'`,
      `SELECT COUNT(Up) FROM SCHEMA("Pantau", App, Region) WHERE Region = 'ap-southeast-1'`,
    ]);
    const [lambdas] = titled(widgets, 'Monitor health: Lambda errors');
    expect(metricRows(lambdas!).some((r) => r[0] === 'AWS/Lambda' && r[1] === 'Errors')).toBe(true);
  });

  it('has no capacity section when the config has no capacity sources', () => {
    expect(widgets.some((w) => w.properties.markdown?.includes('capacity'))).toBe(false);
    expect(titled(widgets, 'PDN')).toEqual([]);
  });
});

describe('Dashboards construct: capacity section', () => {
  let widgets: DashboardWidget[];
  beforeAll(() => {
    const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Dash', { env: { region: 'ap-southeast-3' } });
    new Dashboards(stack, 'Dashboards', { config: sampleConfig({ capacity: capacitySources }) });
    widgets = dashboardWidgets(Template.fromStack(stack));
  });

  it('charts Utilisation, HeadroomPct and HoursToExhaustion per (Site, Resource)', () => {
    expect(widgets.some((w) => w.properties.markdown?.startsWith('## Data-centre capacity'))).toBe(true);
    const cikarang = titled(widgets, 'PDN-Cikarang');
    expect(cikarang.map((w) => w.properties.title)).toEqual([
      'PDN-Cikarang: Utilisation %',
      'PDN-Cikarang: Headroom %',
      'PDN-Cikarang: Hours to exhaustion',
    ]);
    expect(cikarang.map((w) => metricRows(w)[0]!.slice(0, 6))).toEqual([
      ['Pantau', 'Utilisation', 'Resource', 'power', 'Site', 'PDN-Cikarang'],
      ['Pantau', 'HeadroomPct', 'Resource', 'power', 'Site', 'PDN-Cikarang'],
      ['Pantau', 'HoursToExhaustion', 'Resource', 'power', 'Site', 'PDN-Cikarang'],
    ]);
  });

  it('uses a SEARCH per site for preset resources discovered at run time', () => {
    const batam = titled(widgets, 'PDN-Batam');
    expect(batam).toHaveLength(3);
    expect(options(metricRows(batam[0]!)[0]!).expression).toBe(
      `SEARCH('{Pantau,Site,Resource} MetricName="Utilisation" Site="PDN-Batam"', 'Maximum', 300)`,
    );
  });
});
