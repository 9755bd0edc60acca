import type { LocalSeries } from './metric-source';

/**
 * CloudWatch's SEARCH expression over the local series: `{Namespace,DimA,DimB} Key="value"
 * MetricName="Name" word`. A schema names the namespace and the exact dimension set; `Key=value`
 * terms must match exactly; a bare word must appear in the metric name or a dimension value.
 * Enough for the searches Pantau's dashboards write (a site's discovered capacity resources).
 */

export interface SearchQuery {
  namespace?: string;
  /** The exact dimension names a schema asks for. */
  dimensionNames?: string[];
  equals: Array<[string, string]>;
  words: string[];
}

export function parseSearch(text: string): SearchQuery {
  const query: SearchQuery = { equals: [], words: [] };
  let rest = text.trim();
  const schema = /^\{([^}]*)\}/.exec(rest);
  if (schema) {
    const [namespace, ...dims] = schema[1]!.split(',').map((s) => unquote(s.trim()));
    query.namespace = namespace;
    query.dimensionNames = dims.filter((d) => d.length > 0);
    rest = rest.slice(schema[0].length);
  }
  const term = /\s*([A-Za-z0-9_.:/-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s"]+)|\s*("(?:[^"\\]|\\.)*"|[^\s"]+)/gy;
  let match: RegExpExecArray | null;
  while ((match = term.exec(rest)) !== null && match[0].length > 0) {
    if (match[1] !== undefined) query.equals.push([match[1], unquote(match[2]!)]);
    else if (match[3] !== undefined) query.words.push(unquote(match[3]));
  }
  return query;
}

const unquote = (s: string): string => (s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/\\"/g, '"') : s);

export function matchesSearch(series: LocalSeries, query: SearchQuery): boolean {
  if (query.namespace !== undefined && series.namespace !== query.namespace) return false;
  if (query.dimensionNames) {
    const names = Object.keys(series.dimensions).sort();
    const wanted = [...query.dimensionNames].sort();
    if (names.length !== wanted.length || names.some((n, i) => n !== wanted[i])) return false;
  }
  for (const [key, value] of query.equals) {
    const actual = key === 'MetricName' ? series.name : key === 'Namespace' ? series.namespace : series.dimensions[key];
    if (actual !== value) return false;
  }
  const haystack = [series.name, ...Object.values(series.dimensions)];
  return query.words.every((word) => haystack.some((h) => h.includes(word)));
}

/** CloudWatch labels a search result by its dimension values. */
export const searchLabel = (series: LocalSeries): string => Object.values(series.dimensions).join(' ') || series.name;
