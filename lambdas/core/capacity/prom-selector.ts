import { compilePattern, InvalidPatternError } from '../regex';
import type { PromSelector } from './types';
import type { PromSample } from './prom-text';

/**
 * Selectors pick series from a scrape the way a PromQL instant-vector selector does:
 * `labels` values are exact matches, or regexes when written `~regex` (anchored like PromQL's
 * `=~`); a label the series lacks counts as the empty string; `notLabels` removes series that
 * match. `metric` may itself be `~regex` to take several metrics at once (e.g. receive and
 * transmit byte counters). Matching series are aggregated with sum/max/min/avg, then scaled.
 */

export class SelectorError extends Error {
  override name = 'SelectorError';
}

type Matcher = (value: string) => boolean;

/** `~regex` is anchored like PromQL's `=~` and runs on RE2 (linear time, see ../regex.ts). */
function compile(pattern: string): (value: string) => boolean {
  try {
    const re = compilePattern(`^(?:${pattern})$`, 'selector');
    return (v) => re.test(v);
  } catch (err) {
    if (err instanceof InvalidPatternError) throw new SelectorError(`bad regex "~${pattern}"`);
    throw err;
  }
}

export function matcher(spec: string): Matcher {
  if (spec.startsWith('~')) {
    return compile(spec.slice(1));
  }
  return (v) => v === spec;
}

/** The series a selector picks, NaN/Inf included: the reader reports them instead of hiding them. */
export function selectSeries(samples: readonly PromSample[], selector: PromSelector): PromSample[] {
  const name = matcher(selector.metric);
  const want = Object.entries(selector.labels ?? {}).map(([k, v]) => [k, matcher(v)] as const);
  const reject = Object.entries(selector.notLabels ?? {}).map(([k, v]) => [k, matcher(v)] as const);
  return samples.filter(
    (s) =>
      name(s.name) &&
      want.every(([k, m]) => m(s.labels[k] ?? '')) &&
      !reject.some(([k, m]) => m(s.labels[k] ?? '')),
  );
}

export function aggregate(values: readonly number[], how: PromSelector['aggregate']): number {
  if (values.length === 0) throw new SelectorError('no values to aggregate');
  switch (how) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'max':
      return Math.max(...values);
    case 'min':
      return Math.min(...values);
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
  }
}

/** The selector's value on a scrape; throws SelectorError naming the selector when nothing matches. */
export function evaluateSelector(samples: readonly PromSample[], selector: PromSelector): number {
  const series = selectSeries(samples, selector);
  if (series.length === 0) throw new SelectorError(`metric ${describeSelector(selector)} not found in the scrape`);
  const value = aggregate(series.map((s) => s.value), selector.aggregate ?? 'sum') * (selector.scale ?? 1);
  return selector.minus ? value - evaluateSelector(samples, selector.minus) : value;
}

/** PromQL-like text for messages: `node_filesystem_size_bytes{mountpoint="/"}`. */
export function describeSelector(selector: PromSelector): string {
  const parts = [
    ...Object.entries(selector.labels ?? {}).map(([k, v]) => (v.startsWith('~') ? `${k}=~"${v.slice(1)}"` : `${k}="${v}"`)),
    ...Object.entries(selector.notLabels ?? {}).map(([k, v]) => (v.startsWith('~') ? `${k}!~"${v.slice(1)}"` : `${k}!="${v}"`)),
  ];
  const text = `${selector.metric}${parts.length > 0 ? `{${parts.join(',')}}` : ''}`;
  return selector.minus ? `${text} - ${describeSelector(selector.minus)}` : text;
}

/** A stable identity for one series (metric name + sorted labels), used to pair counter samples. */
export function seriesKey(sample: PromSample): string {
  const labels = Object.keys(sample.labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(sample.labels[k])}`)
    .join(',');
  return `${sample.name}{${labels}}`;
}
