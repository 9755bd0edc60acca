/**
 * The CloudWatch dashboard body as plain JSON (the DashboardBody that PutDashboard receives), with
 * small builders for the widgets Pantau uses. No CDK here: the same bodies go to CloudFormation
 * (lib/constructs/dashboards.ts) and to the local preview.
 */

/** Options at the end of a metric row, or the whole row of an expression. */
export interface MetricOptions {
  id?: string;
  expression?: string;
  label?: string;
  stat?: string;
  period?: number;
  visible?: boolean;
  color?: string;
  yAxis?: 'left' | 'right';
}

/** `[namespace, name, dimName, dimValue, …, options]`, or `[{ expression, … }]`. */
export type MetricRow = Array<string | MetricOptions>;

export interface Annotation {
  value: number;
  label?: string;
  color?: string;
  fill?: 'above' | 'below' | 'between';
}

export type WidgetType = 'metric' | 'text' | 'alarm' | 'custom' | 'log';

export interface Widget {
  type: WidgetType;
  x: number;
  y: number;
  width: number;
  height: number;
  properties: Record<string, unknown>;
}

export interface DashboardBody {
  start?: string;
  periodOverride?: 'auto' | 'inherit';
  widgets: Widget[];
}

export type SizedWidget = Omit<Widget, 'x' | 'y'>;

/** The dashboard grid is 24 units wide. */
export const GRID_WIDTH = 24;

/** Colours of the status thresholds (CloudWatch's own palette). */
export const COLOURS = { good: '#2ca02c', warn: '#ff7f0e', bad: '#d62728', neutral: '#1f77b4' } as const;

/**
 * Lays widgets out row by row: each `row()` starts at the left edge below the previous row, and a
 * row wider than the grid wraps.
 */
export class Grid {
  readonly widgets: Widget[] = [];
  private y = 0;

  row(...widgets: SizedWidget[]): this {
    let x = 0;
    let rowHeight = 0;
    for (const widget of widgets) {
      if (x + widget.width > GRID_WIDTH) {
        this.y += rowHeight;
        x = 0;
        rowHeight = 0;
      }
      this.widgets.push({ ...widget, x, y: this.y });
      x += widget.width;
      rowHeight = Math.max(rowHeight, widget.height);
    }
    this.y += rowHeight;
    return this;
  }

  body(extra: Omit<DashboardBody, 'widgets'> = {}): DashboardBody {
    return { ...extra, widgets: this.widgets };
  }
}

export function text(markdown: string, width = GRID_WIDTH, height = 2): SizedWidget {
  return { type: 'text', width, height, properties: { markdown } };
}

export interface MetricWidgetOptions {
  title: string;
  region: string;
  metrics: MetricRow[];
  width: number;
  height: number;
  view?: 'timeSeries' | 'singleValue' | 'bar' | 'pie' | 'table' | 'gauge';
  stacked?: boolean;
  period?: number;
  stat?: string;
  /** A time range of its own (`-PT1H`, `-P30D`), independent of the dashboard's. */
  start?: string;
  setPeriodToTimeRange?: boolean;
  sparkline?: boolean;
  yAxis?: { left?: { min?: number; max?: number; label?: string; showUnits?: boolean }; right?: { min?: number; max?: number; label?: string; showUnits?: boolean } };
  horizontal?: Annotation[];
}

export function metricWidget(o: MetricWidgetOptions): SizedWidget {
  const properties: Record<string, unknown> = {
    title: o.title,
    region: o.region,
    view: o.view ?? 'timeSeries',
    metrics: o.metrics,
  };
  if (o.stacked !== undefined) properties.stacked = o.stacked;
  if (o.period !== undefined) properties.period = o.period;
  if (o.stat !== undefined) properties.stat = o.stat;
  if (o.start !== undefined) properties.start = o.start;
  if (o.setPeriodToTimeRange !== undefined) properties.setPeriodToTimeRange = o.setPeriodToTimeRange;
  if (o.sparkline !== undefined) properties.sparkline = o.sparkline;
  if (o.yAxis !== undefined) properties.yAxis = o.yAxis;
  if (o.horizontal !== undefined) properties.annotations = { horizontal: o.horizontal };
  return { type: 'metric', width: o.width, height: o.height, properties };
}

export function alarmStatus(title: string, alarmArns: string[], width = GRID_WIDTH, height = 4): SizedWidget {
  return { type: 'alarm', width, height, properties: { title, alarms: alarmArns, sortBy: 'stateUpdatedTimestamp', states: ['ALARM', 'INSUFFICIENT_DATA', 'OK'] } };
}

/** A math expression row. */
export function expression(id: string, expr: string, label: string, extra: Omit<MetricOptions, 'id' | 'expression' | 'label'> = {}): MetricRow {
  return [{ id, expression: expr, label, ...extra }];
}

/** Traffic-light annotations for a percentage where higher is better (availability, budget). */
export function higherIsBetter(good: number, warn: number): Annotation[] {
  return [
    { value: good, color: COLOURS.good, fill: 'above', label: `≥ ${good}` },
    { value: warn, color: COLOURS.bad, fill: 'below', label: `< ${warn}` },
  ];
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
