import type { LocalSeries } from './metric-source';
import { UnsupportedExpression } from './math-values';

/**
 * The simple form of a CloudWatch Metrics Insights query, as the monitor-health dashboard writes
 * it: `SELECT COUNT(Up) FROM SCHEMA("ns", App, Region) WHERE Region = 'x'` — one function of one
 * metric over every series of a schema (or a namespace) that passes the filters, as one series.
 * GROUP BY, ORDER BY and LIMIT are not evaluated locally.
 */

export interface InsightsQuery {
  /** The CloudWatch statistic the function computes per period (COUNT → SampleCount). */
  stat: string;
  metric: string;
  namespace: string;
  /** A SCHEMA's exact dimension set; absent for `FROM "namespace"` (any dimensions). */
  dimensionNames?: string[];
  filters: Array<{ dimension: string; value: string; equal: boolean }>;
}

const STATS: Record<string, string> = { COUNT: 'SampleCount', SUM: 'Sum', AVG: 'Average', MIN: 'Minimum', MAX: 'Maximum' };

const unquote = (s: string): string => s.trim().replace(/^["']|["']$/g, '');

export function parseInsights(text: string): InsightsQuery {
  const m = /^\s*SELECT\s+(\w+)\s*\(\s*("[^"]+"|\w+)\s*\)\s+FROM\s+(SCHEMA\s*\(([^)]*)\)|"[^"]+"|\S+)\s*(?:WHERE\s+(.+?))?\s*$/i.exec(text);
  if (!m) throw new UnsupportedExpression('this Metrics Insights query is not evaluated locally');
  const stat = STATS[m[1]!.toUpperCase()];
  if (!stat) throw new UnsupportedExpression(`${m[1]} in Metrics Insights is not evaluated locally`);
  if (m[5] && /\b(GROUP|ORDER|LIMIT)\b/i.test(m[5])) throw new UnsupportedExpression('GROUP BY / ORDER BY / LIMIT are not evaluated locally');
  const schema = m[4] !== undefined ? m[4].split(',').map(unquote) : undefined;
  const filters = (m[5] ?? '')
    .split(/\s+AND\s+/i)
    .filter((f) => f.trim().length > 0)
    .map((f) => {
      const c = /^\s*("[^"]+"|\w+)\s*(=|!=)\s*'([^']*)'\s*$/.exec(f);
      if (!c) throw new UnsupportedExpression(`WHERE ${f.trim()}: not evaluated locally`);
      return { dimension: unquote(c[1]!), value: c[3]!, equal: c[2] === '=' };
    });
  return {
    stat,
    metric: unquote(m[2]!),
    namespace: schema ? schema[0]! : unquote(m[3]!),
    dimensionNames: schema?.slice(1).filter((d) => d.length > 0),
    filters,
  };
}

export function matchesInsights(series: LocalSeries, query: InsightsQuery): boolean {
  if (series.namespace !== query.namespace || series.name !== query.metric) return false;
  if (query.dimensionNames) {
    const names = Object.keys(series.dimensions).sort();
    const wanted = [...query.dimensionNames].sort();
    if (names.length !== wanted.length || names.some((n, i) => n !== wanted[i])) return false;
  }
  return query.filters.every((f) => (series.dimensions[f.dimension] === f.value) === f.equal);
}
