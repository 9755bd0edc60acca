import { horizontalAnnotations, numberProperty, stringProperty, type HorizontalAnnotation, type Widget } from './body';
import { markdownToHtml } from './markdown';
import type { LocalMetricSource } from './metric-source';
import { DEFAULT_PERIOD_S, chartGrid, evaluateMetrics, type EvaluatedSeries } from './metric-widget';
import type { TimeGrid } from './statistics';

/**
 * A dashboard widget as the preview page draws it: its place on CloudWatch's 24-column grid and
 * what it shows, computed from the local store. Plain JSON, embedded in the page.
 */

export interface Placement {
  x: number;
  y: number;
  width: number;
  height: number;
  title: string;
}

export type PreviewWidget = Placement &
  (
    | { kind: 'chart'; view: string; stacked: boolean; periodS: number; times: number[]; series: EvaluatedSeries[]; yAxis: AxisRange; annotations: HorizontalAnnotation[]; notes: string[] }
    | { kind: 'values'; items: SingleValue[]; notes: string[] }
    | { kind: 'text'; html: string }
    | { kind: 'alarms'; items: AlarmLine[] }
    /** A custom widget whose Lambda the preview runs locally: the HTML it returns (escaped by it). */
    | { kind: 'custom'; html: string }
    | { kind: 'other'; note: string }
  );

export interface AxisRange {
  min?: number;
  max?: number;
  label?: string;
}

export interface SingleValue {
  label: string;
  value: number | null;
  /** The colour of the threshold the value is past, when the widget sets thresholds. */
  color?: string;
}

export interface AlarmLine {
  name: string;
  region: string;
  /** The state the local store holds for it (the alarm relay's record), or why there is none. */
  state: string;
}

/** What a widget is evaluated on: the local metrics, their span, the dashboard's time range, alarm states by `region/name`. */
export interface PreviewContext {
  source: LocalMetricSource;
  /** The span of the local data; null when the store is empty. */
  span: { fromMs: number; toMs: number } | null;
  /** The body's `start` (`-P1D`): the range a widget without its own `start` shows. */
  bodyStart?: string;
  /** The finest period a chart may take: the shortest check interval, in seconds. */
  minPeriodS?: number;
  alarmStates: ReadonlyMap<string, string>;
  /** The HTML of the custom widgets the preview can run, by the Lambda function's name. */
  customWidgets?: ReadonlyMap<string, string>;
}

/** CloudWatch's default time range when neither the widget nor the dashboard sets one. */
const DEFAULT_START = '-PT3H';

/** A relative ISO 8601 duration (`-PT15M`, `-P1D`, `-P2W`) in ms; null when it is not one. */
export function relativeDurationMs(start: string): number | null {
  const m = /^-P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(start);
  if (!m || start === '-P' || start === '-PT') return null;
  const [w, d, h, min, sec] = m.slice(1).map((v) => Number(v ?? 0));
  return (((w! * 7 + d!) * 24 + h!) * 60 + min!) * 60_000 + sec! * 1000;
}

/**
 * The range a widget shows: its `start` (or the dashboard's) back from the newest local datapoint,
 * not from the clock, so the data of a `watch` that ended yesterday is still shown as it was.
 */
export function widgetRange(properties: Record<string, unknown>, context: PreviewContext): { fromMs: number; toMs: number } {
  const span = context.span ?? { fromMs: Date.now() - 3_600_000, toMs: Date.now() };
  const length = relativeDurationMs(stringProperty(properties, 'start') ?? context.bodyStart ?? DEFAULT_START) ?? relativeDurationMs(DEFAULT_START)!;
  return { fromMs: Math.max(span.fromMs, span.toMs - length), toMs: span.toMs };
}

export function previewWidget(widget: Widget, context: PreviewContext): PreviewWidget {
  const properties = widget.properties ?? {};
  const placement: Placement = {
    x: widget.x ?? 0,
    y: widget.y ?? 0,
    width: widget.width ?? 6,
    height: widget.height ?? 6,
    title: stringProperty(properties, 'title') ?? '',
  };
  switch (widget.type) {
    case 'text':
      return { ...placement, kind: 'text', html: markdownToHtml(stringProperty(properties, 'markdown') ?? '') };
    case 'alarm':
      return { ...placement, kind: 'alarms', items: alarmLines(properties, context.alarmStates) };
    case 'metric':
      return metricWidget(placement, properties, context);
    case 'custom': {
      // `arn:aws:lambda:<region>:<account>:function:<name>`: the account differs locally, the name does not.
      const name = (stringProperty(properties, 'endpoint') ?? '').split(':function:')[1] ?? '';
      const html = context.customWidgets?.get(name);
      return html === undefined ? { ...placement, kind: 'other', note: `a custom widget (${name || 'no endpoint'}): shown only in CloudWatch` } : { ...placement, kind: 'custom', html };
    }
    default:
      return { ...placement, kind: 'other', note: `a ${widget.type} widget: shown only in CloudWatch` };
  }
}

function metricWidget(placement: Placement, properties: Record<string, unknown>, context: PreviewContext): PreviewWidget {
  const view = stringProperty(properties, 'view') ?? 'timeSeries';
  const span = widgetRange(properties, context);
  if (view === 'singleValue' || view === 'gauge') {
    const grid = singleValueGrid(properties, span);
    const evaluated = evaluateMetrics(properties, context.source, grid);
    const thresholds = horizontalAnnotations(properties);
    const items = evaluated.series.map((s) => {
      const value = lastValue(s.values);
      return { label: s.label, value, color: value === null ? undefined : thresholdColor(value, thresholds) };
    });
    return { ...placement, kind: 'values', items, notes: evaluated.notes };
  }
  const grid = chartGrid(properties, span, context.minPeriodS);
  const evaluated = evaluateMetrics(properties, context.source, grid);
  const declared = numberProperty(properties, 'period') ?? DEFAULT_PERIOD_S;
  const notes = grid.periodS === declared ? evaluated.notes : [...evaluated.notes, `period ${grid.periodS} s here (${declared} s in CloudWatch): the local data is short`];
  return {
    ...placement,
    kind: 'chart',
    view,
    stacked: properties.stacked === true,
    periodS: grid.periodS,
    times: evaluated.times,
    series: evaluated.series,
    yAxis: leftAxis(properties),
    annotations: horizontalAnnotations(properties),
    notes,
  };
}

/**
 * A single value is the latest datapoint of the widget's period, or one value over the whole
 * range with `setPeriodToTimeRange`, as CloudWatch shows it.
 */
function singleValueGrid(properties: Record<string, unknown>, span: { fromMs: number; toMs: number }): TimeGrid {
  if (properties.setPeriodToTimeRange === true) return { fromMs: span.fromMs, periodS: Math.ceil((span.toMs - span.fromMs) / 1000) + 1, count: 1 };
  const periodS = numberProperty(properties, 'period') ?? DEFAULT_PERIOD_S;
  const periodMs = periodS * 1000;
  const fromMs = Math.floor(span.fromMs / periodMs) * periodMs;
  return { fromMs, periodS, count: Math.floor((span.toMs - fromMs) / periodMs) + 1 };
}

const lastValue = (values: Array<number | null>): number | null => {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null && values[i] !== undefined) return values[i]!;
  return null;
};

/**
 * The colour of a single value: of the thresholds it is past, the tightest (closest to the value:
 * past both 80 and 90, 95 takes 90's colour). `fill: below` thresholds (availability under 99 %)
 * are past when the value is at or under them; the others when at or over.
 */
export function thresholdColor(value: number, thresholds: HorizontalAnnotation[]): string | undefined {
  const past = thresholds.filter((t) => t.color && (t.fill === 'below' ? value <= t.value : value >= t.value));
  if (past.length === 0) return undefined;
  const furthest = past.reduce((a, b) => (Math.abs(b.value - value) < Math.abs(a.value - value) ? b : a));
  return furthest.color;
}

function leftAxis(properties: Record<string, unknown>): AxisRange {
  const yAxis = properties.yAxis as { left?: Record<string, unknown> } | undefined;
  const left = yAxis?.left ?? {};
  return {
    min: typeof left.min === 'number' ? left.min : undefined,
    max: typeof left.max === 'number' ? left.max : undefined,
    label: typeof left.label === 'string' ? left.label : undefined,
  };
}

/** `arn:aws:cloudwatch:<region>:<account>:alarm:<name>` → its name, region and local state. */
function alarmLines(properties: Record<string, unknown>, states: ReadonlyMap<string, string>): AlarmLine[] {
  const arns = Array.isArray(properties.alarms) ? properties.alarms.filter((a): a is string => typeof a === 'string') : [];
  return arns.map((arn) => {
    const parts = arn.split(':');
    const region = parts[3] ?? '';
    const name = parts.slice(6).join(':') || arn;
    return { name, region, state: states.get(`${region}/${name}`) ?? 'not evaluated locally (CloudWatch evaluates it)' };
  });
}
