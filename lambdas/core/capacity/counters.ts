import type { PromSelector } from './types';
import { aggregate, describeSelector, selectSeries, seriesKey, SelectorError } from './prom-selector';
import { valueText } from './readings';
import type { PromSample } from './prom-text';

/**
 * Rates of counters between two samples, per series as Prometheus' rate() does: a series whose
 * value went down was reset (exporter or host restart), and its increase since the reset is its
 * current value — never a negative rate. Series present in only one sample are left out.
 */

/** The raw counter values a rate resource needs next time (kept with the stored sample). */
export interface CounterSnapshot {
  /** Epoch ms of the scrape. */
  tsMs: number;
  /** seriesKey → counter value. */
  values: Record<string, number>;
}

export function counterSnapshot(samples: readonly PromSample[], selector: PromSelector, tsMs: number): CounterSnapshot {
  const series = selectSeries(samples, selector);
  if (series.length === 0) throw new SelectorError(`metric ${describeSelector(selector)} not found in the scrape`);
  const values: Record<string, number> = {};
  for (const s of series) {
    // A NaN/Inf counter has no rate, and the snapshot is stored (DynamoDB holds no NaN).
    if (!Number.isFinite(s.value)) throw new SelectorError(`counter ${seriesKey(s)} is ${valueText(s.value)} in the scrape`);
    values[seriesKey(s)] = s.value;
  }
  return { tsMs, values };
}

/** Increase of one counter from `before` to `after`, reset-aware. */
export function counterIncrease(before: number, after: number): number {
  return after >= before ? after - before : after;
}

/**
 * Per-second rate of the selected counters, aggregated with the selector's aggregate and scaled.
 * Returns null when the two snapshots share no series or are not at least `minSpanMs` apart.
 */
export function counterRate(
  previous: CounterSnapshot,
  current: CounterSnapshot,
  selector: PromSelector,
  minSpanMs = 1,
): number | null {
  const seconds = (current.tsMs - previous.tsMs) / 1000;
  if (!(seconds * 1000 >= minSpanMs) || seconds <= 0) return null;
  const rates: number[] = [];
  for (const [key, after] of Object.entries(current.values)) {
    const before = previous.values[key];
    if (before === undefined) continue;
    rates.push(counterIncrease(before, after) / seconds);
  }
  if (rates.length === 0) return null;
  return aggregate(rates, selector.aggregate ?? 'sum') * (selector.scale ?? 1);
}
