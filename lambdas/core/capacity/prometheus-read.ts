import type { CapacityReading, PrometheusSource, PromResource, PromSelector } from './types';
import { counterRate, counterSnapshot, type CounterSnapshot } from './counters';
import { nodeExporterResources } from './node-exporter-preset';
import { describeSelector, evaluateSelector } from './prom-selector';
import type { PromSample } from './prom-text';
import { makeReading, ReadingError, readValue, usedFrom } from './readings';

/**
 * Readings of a Prometheus source from one scrape (and, for counters, the previous snapshot).
 * Pure: the cycle does the fetching, the store supplies the previous snapshot.
 */

export interface Scrape {
  samples: PromSample[];
  /** Epoch ms when the scrape was taken. */
  tsMs: number;
}

/** What one resource gave: a reading, or the reason it could not be read (never a zero reading). */
export type ResourceResult =
  | { ok: true; resource: string; reading: CapacityReading; counters?: CounterSnapshot }
  | { ok: false; resource: string; reason: string };

/** A stored snapshot is usable as the rate baseline only if it is at least this old (counter granularity). */
export const MIN_RATE_SPAN_MS = 1_000;

/** Preset resources discovered in the scrape, then the source's own (same name: the source's wins). */
export function prometheusResources(source: PrometheusSource, samples: readonly PromSample[]): PromResource[] {
  const preset =
    source.preset === 'node-exporter' ? nodeExporterResources(samples, { linkSpeedBps: source.linkSpeedBps }) : [];
  const own = new Set(source.resources.map((r) => r.name));
  return [...preset.filter((r) => !own.has(r.name)), ...source.resources];
}

/** The counter selector of a rate resource (its `used`, else its `free`). */
export function rateSelector(resource: PromResource): PromSelector | undefined {
  if (!resource.rate) return undefined;
  return resource.used ?? resource.free;
}

/** True when a rate resource cannot use `previous` as its baseline and needs a second scrape. */
export function needsBaseline(resource: PromResource, previous: CounterSnapshot | undefined, nowMs: number, maxAgeMs: number): boolean {
  if (!resource.rate) return false;
  if (!previous) return true;
  const age = nowMs - previous.tsMs;
  return age < MIN_RATE_SPAN_MS || age > maxAgeMs;
}

export function readPromResource(
  site: string,
  resource: PromResource,
  current: Scrape,
  previous: CounterSnapshot | undefined,
): ResourceResult {
  const ts = new Date(current.tsMs).toISOString();
  try {
    const counterSel = rateSelector(resource);
    let counters: CounterSnapshot | undefined;
    const values: { used?: number; free?: number } = {};
    if (counterSel) {
      counters = counterSnapshot(current.samples, counterSel, current.tsMs);
      const rate = previous ? counterRate(previous, counters, counterSel, MIN_RATE_SPAN_MS) : null;
      if (rate === null) {
        return { ok: false, resource: resource.name, reason: `${resource.name}: no earlier sample of the counters to take a rate from` };
      }
      const origin = `(rate of ${describeSelector(counterSel)}) in the scrape`;
      if (resource.used) values.used = readValue('used', rate, origin);
      else values.free = readValue('free', rate, origin);
    } else {
      if (resource.used) values.used = scraped('used', current.samples, resource.used);
      if (resource.free) values.free = scraped('free', current.samples, resource.free);
    }
    const total = totalOf(resource, current.samples, values);
    const reading = makeReading(site, resource.name, resource.unit, usedFrom(values, total), total, ts);
    if (resource.note) reading.note = resource.note;
    return { ok: true, resource: resource.name, reading, ...(counters ? { counters } : {}) };
  } catch (err) {
    return { ok: false, resource: resource.name, reason: `${resource.name}: ${(err as Error).message}` };
  }
}

/** A selector's value, checked: NaN, ±Inf or negative is a reading error naming the metric. */
function scraped(role: 'used' | 'free' | 'total', samples: readonly PromSample[], selector: PromSelector): number {
  return readValue(role, evaluateSelector(samples, selector), `(${describeSelector(selector)}) in the scrape`);
}

function totalOf(resource: PromResource, samples: readonly PromSample[], values: { used?: number; free?: number }): number {
  if (typeof resource.total === 'number') return resource.total;
  if (resource.total !== 'used+free') return scraped('total', samples, resource.total);
  if (values.used === undefined || values.free === undefined) {
    throw new ReadingError("total 'used+free' needs both a used and a free selector");
  }
  return values.used + values.free;
}
