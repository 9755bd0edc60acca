import { metricQueries, numberProperty, stringProperty, type MetricQuery } from './body';
import { UnsupportedExpression, evaluateExpression, type MathEnv, type NamedSeries } from './expressions';
import type { LocalMetricSource } from './metric-source';
import { matchesInsights, parseInsights } from './insights';
import { matchesSearch, parseSearch, searchLabel } from './search';
import { aggregate, gridFor, gridTimes, type TimeGrid } from './statistics';

/**
 * One metric widget evaluated on the local metric source: every metric row becomes a series of
 * its statistic per period, every expression is computed from them, and the rows CloudWatch
 * would draw (not `visible: false`) are kept with their labels.
 */

export interface EvaluatedSeries {
  label: string;
  /** One value per grid period; null where the period has no data. */
  values: Array<number | null>;
  color?: string;
}

export interface EvaluatedMetrics {
  grid: TimeGrid;
  times: number[];
  series: EvaluatedSeries[];
  /** What the preview could not evaluate, or where its data differs from CloudWatch's; shown on the widget. */
  notes: string[];
}

export const DEFAULT_PERIOD_S = 300;
const DEFAULT_STAT = 'Average';

export function widgetStat(properties: Record<string, unknown> | undefined, query?: MetricQuery): string {
  return query?.options.stat ?? stringProperty(properties, 'stat') ?? DEFAULT_STAT;
}

export function evaluateMetrics(properties: Record<string, unknown> | undefined, source: LocalMetricSource, grid: TimeGrid): EvaluatedMetrics {
  const queries = metricQueries(properties);
  const notes: string[] = [];
  const ids = new Map<string, MetricQuery>();
  for (const [i, q] of queries.entries()) ids.set(q.options.id ?? `m${i + 1}`, q);
  const computed = new Map<string, NamedSeries[]>();
  const evaluating = new Set<string>();

  const seriesOf = (id: string, query: MetricQuery): NamedSeries[] => {
    const known = computed.get(id);
    if (known) return known;
    if (evaluating.has(id)) throw new UnsupportedExpression(`"${id}" refers to itself`);
    evaluating.add(id);
    try {
      const result = query.kind === 'metric' ? [metricSeries(query, properties, source, grid)] : evaluateExpression(query.expression, env, labelOf(query, id));
      computed.set(id, result);
      return result;
    } finally {
      evaluating.delete(id);
    }
  };
  const env: MathEnv = {
    length: grid.count,
    periodS: grid.periodS,
    byId: (id) => {
      const query = ids.get(id);
      return query ? seriesOf(id, query)[0] : undefined;
    },
    all: () => [...ids].filter(([, q]) => q.kind === 'metric').flatMap(([id, q]) => seriesOf(id, q)),
    search: (text, stat) =>
      source
        .series()
        .filter((s) => matchesSearch(s, parseSearch(text)))
        .map((s) => ({ label: searchLabel(s), values: aggregate(s.points, stat, grid).values })),
    select: (text) => {
      const query = parseInsights(text);
      const points = source.series().filter((s) => matchesInsights(s, query)).flatMap((s) => s.points);
      return [{ label: text, values: aggregate(points, query.stat, grid).values }];
    },
  };

  const series: EvaluatedSeries[] = [];
  for (const [id, query] of ids) {
    if (query.options.visible === false) continue;
    try {
      for (const s of seriesOf(id, query)) series.push({ label: s.label, values: s.values.map((v) => (Number.isFinite(v) ? v : null)), color: query.options.color });
    } catch (err) {
      if (!(err instanceof UnsupportedExpression)) throw err;
      notes.push(`${labelOf(query, id)}: ${err.message}`);
    }
  }
  const foreign = foreignNamespaces(queries);
  for (const namespace of foreign) notes.push(`${namespace} metrics exist only in CloudWatch: not drawn locally`);
  if (foreign.length === 0 && notes.length === 0 && series.every((s) => s.values.every((v) => v === null))) notes.push('no local data for this widget in its time range');
  return { grid, times: gridTimes(grid), series, notes };
}

function metricSeries(query: Extract<MetricQuery, { kind: 'metric' }>, properties: Record<string, unknown> | undefined, source: LocalMetricSource, grid: TimeGrid): NamedSeries {
  const points = source.lookup(query.namespace, query.name, query.dimensions);
  return { label: labelOf(query, ''), values: aggregate(points, widgetStat(properties, query), grid).values };
}

function labelOf(query: MetricQuery, id: string): string {
  if (query.options.label) return query.options.label;
  if (query.kind === 'expression') return id || query.expression;
  const dims = Object.values(query.dimensions);
  return dims.length > 0 ? `${query.name} ${dims.join(' ')}` : query.name;
}

/** AWS namespaces (AWS/Lambda, AWS/SQS …) a widget reads, by metric row or SEARCH: the local store has none of them. */
function foreignNamespaces(queries: MetricQuery[]): string[] {
  const foreign = queries.flatMap((q) => {
    if (q.kind === 'metric') return q.namespace.startsWith('AWS/') ? [q.namespace] : [];
    return [...q.expression.matchAll(/\{\s*(AWS\/[A-Za-z0-9]+)/g)].map((m) => m[1]!);
  });
  return [...new Set(foreign)];
}

/** Round periods a local chart may use: CloudWatch's own choices for "auto". */
const NICE_PERIODS_S = [1, 5, 10, 30, 60, 300, 900, 3600, 21_600, 86_400];
/** Below this many periods over the data a chart is a dot or two: a finer period is chosen. */
const MIN_POINTS = 20;

/**
 * The period of a chart over the local data. A demo or a short `watch` covers minutes, where
 * CloudWatch's 5-minute period would draw a single point; like the dashboards' "auto" period, a
 * finer one is chosen when the data is short (the widget then says so).
 */
export function chartPeriod(properties: Record<string, unknown> | undefined, spanMs: number, minPeriodS = 1): number {
  const declared = numberProperty(properties, 'period') ?? DEFAULT_PERIOD_S;
  if (spanMs / 1000 / declared >= MIN_POINTS) return declared;
  // The coarsest round period that still gives MIN_POINTS, but never finer than the checks come
  // in: a period without a check would draw as a gap.
  const enough = NICE_PERIODS_S.filter((p) => p >= minPeriodS && p <= spanMs / 1000 / MIN_POINTS);
  const chosen = enough.length > 0 ? enough[enough.length - 1]! : (NICE_PERIODS_S.find((p) => p >= minPeriodS) ?? declared);
  return Math.min(declared, chosen);
}

export function chartGrid(properties: Record<string, unknown> | undefined, span: { fromMs: number; toMs: number }, minPeriodS = 1): TimeGrid {
  return gridFor(span.fromMs, span.toMs, chartPeriod(properties, span.toMs - span.fromMs, minPeriodS));
}
