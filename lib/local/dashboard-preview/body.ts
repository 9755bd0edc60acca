/**
 * The part of a CloudWatch dashboard body (the JSON PutDashboard receives) that the local preview
 * reads. Typed loosely on purpose: the preview must draw any body the CDK side writes, so a
 * property it does not know is ignored, never an error.
 */

export interface DashboardBody {
  start?: string;
  end?: string;
  periodOverride?: string;
  widgets: Widget[];
}

export interface Widget {
  type: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  properties?: Record<string, unknown>;
}

/** One dashboard as the CDK side hands it over: its name (the file name) and its body. */
export interface DashboardSpec {
  name: string;
  title: string;
  body: DashboardBody;
}

/** A metric row of a widget, resolved: one CloudWatch metric, or one metric math expression. */
export type MetricQuery =
  | { kind: 'metric'; namespace: string; name: string; dimensions: Record<string, string>; options: RenderOptions }
  | { kind: 'expression'; expression: string; options: RenderOptions };

/** The rendering options CloudWatch accepts as the last element of a metric row. */
export interface RenderOptions {
  id?: string;
  label?: string;
  stat?: string;
  period?: number;
  visible?: boolean;
  color?: string;
  yAxis?: string;
}

/** A horizontal annotation: a threshold line on a graph, a colour threshold on a single value. */
export interface HorizontalAnnotation {
  value: number;
  label?: string;
  color?: string;
  fill?: 'above' | 'below' | 'between' | 'none';
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function renderOptions(value: unknown): RenderOptions {
  if (!isRecord(value)) return {};
  const pick = <T>(key: string, type: string): T | undefined => (typeof value[key] === type ? (value[key] as T) : undefined);
  return {
    id: pick('id', 'string'),
    label: pick('label', 'string'),
    stat: pick('stat', 'string'),
    period: pick('period', 'number'),
    visible: pick('visible', 'boolean'),
    color: pick('color', 'string'),
    yAxis: pick('yAxis', 'string'),
  };
}

/**
 * Resolves a widget's `metrics` rows. CloudWatch lets a row say "." for "the same as the row
 * above at this position" and ".." for "the rest of the row above", so each row is read against
 * the previous one as written.
 */
export function metricQueries(properties: Record<string, unknown> | undefined): MetricQuery[] {
  const rows = Array.isArray(properties?.metrics) ? (properties.metrics as unknown[]) : [];
  const queries: MetricQuery[] = [];
  let previous: string[] = [];
  for (const row of rows) {
    if (!Array.isArray(row) || row.length === 0) continue;
    const last = row[row.length - 1];
    const hasOptions = isRecord(last);
    const options = renderOptions(hasOptions ? last : undefined);
    if (hasOptions && row.length === 1) {
      if (typeof last.expression === 'string') queries.push({ kind: 'expression', expression: last.expression, options });
      continue;
    }
    const written = (hasOptions ? row.slice(0, -1) : row).map(String);
    const parts = expandShorthand(written, previous);
    previous = parts;
    const [namespace = '', name = '', ...dims] = parts;
    const dimensions: Record<string, string> = {};
    for (let i = 0; i + 1 < dims.length; i += 2) dimensions[dims[i]!] = dims[i + 1]!;
    queries.push({ kind: 'metric', namespace, name, dimensions, options });
  }
  return queries;
}

function expandShorthand(written: string[], previous: string[]): string[] {
  const out: string[] = [];
  for (const [i, part] of written.entries()) {
    if (part === '..') return [...out, ...previous.slice(i)];
    out.push(part === '.' ? (previous[i] ?? '') : part);
  }
  return out;
}

/** The horizontal annotations of a widget (`annotations.horizontal`), each one value with its colour. */
export function horizontalAnnotations(properties: Record<string, unknown> | undefined): HorizontalAnnotation[] {
  const annotations = isRecord(properties?.annotations) ? properties.annotations : {};
  const rows = Array.isArray(annotations.horizontal) ? annotations.horizontal : [];
  const out: HorizontalAnnotation[] = [];
  for (const row of rows) {
    // A band is written as a pair of annotations; its first edge is enough for a colour threshold.
    const first = Array.isArray(row) ? row[0] : row;
    if (!isRecord(first) || typeof first.value !== 'number') continue;
    out.push({
      value: first.value,
      label: typeof first.label === 'string' ? first.label : undefined,
      color: typeof first.color === 'string' ? first.color : undefined,
      fill: first.fill === 'above' || first.fill === 'below' || first.fill === 'between' ? first.fill : undefined,
    });
  }
  return out;
}

export const stringProperty = (properties: Record<string, unknown> | undefined, key: string): string | undefined =>
  typeof properties?.[key] === 'string' ? (properties[key] as string) : undefined;

export const numberProperty = (properties: Record<string, unknown> | undefined, key: string): number | undefined =>
  typeof properties?.[key] === 'number' ? (properties[key] as number) : undefined;
