import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';

/**
 * Prometheus text exposition → flat samples, the shape selectors work on. Parsing itself is the
 * `parse-prometheus-text-format` library's (a port of the Python client's parser); this module
 * flattens histograms and summaries back into their `_bucket` / `_count` / `_sum` series and
 * rejects output that is not an exposition at all (an HTML error page parses "successfully"
 * into a metric called `<html>` with an empty value).
 */

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export class PromParseError extends Error {
  override name = 'PromParseError';
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Prometheus spells infinities `+Inf`/`-Inf`; Number() does not read those. */
export function parsePromNumber(text: string): number {
  const t = text.trim();
  if (t === '+Inf' || t === 'Inf') return Infinity;
  if (t === '-Inf') return -Infinity;
  if (t === 'NaN') return NaN;
  if (t === '') throw new PromParseError('empty sample value');
  const n = Number(t);
  if (Number.isNaN(n)) throw new PromParseError(`bad sample value "${text}"`);
  return n;
}

export function parsePromText(text: string): PromSample[] {
  let families: ParsedFamily[];
  try {
    families = parsePrometheusTextFormat(text);
  } catch (err) {
    throw new PromParseError(`not Prometheus text format: ${(err as Error).message.slice(0, 120)}`);
  }
  const samples: PromSample[] = [];
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) {
      throw new PromParseError(`not Prometheus text format: bad metric name "${family.name.slice(0, 60)}"`);
    }
    for (const m of family.metrics) {
      const labels = m.labels ?? {};
      if (m.value !== undefined) {
        samples.push({ name: family.name, labels, value: parsePromNumber(m.value) });
        continue;
      }
      if (m.buckets) {
        for (const [le, v] of Object.entries(m.buckets)) {
          samples.push({ name: `${family.name}_bucket`, labels: { ...labels, le }, value: parsePromNumber(v) });
        }
      }
      if (m.quantiles) {
        for (const [quantile, v] of Object.entries(m.quantiles)) {
          samples.push({ name: family.name, labels: { ...labels, quantile }, value: parsePromNumber(v) });
        }
      }
      if (m.count !== undefined) samples.push({ name: `${family.name}_count`, labels, value: parsePromNumber(m.count) });
      if (m.sum !== undefined) samples.push({ name: `${family.name}_sum`, labels, value: parsePromNumber(m.sum) });
    }
  }
  if (samples.length === 0) throw new PromParseError('not Prometheus text format: the response holds no samples');
  return samples;
}
