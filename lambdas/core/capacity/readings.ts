import type { CapacityReading, CapacityUnit } from './types';

/**
 * used + total → a reading. Utilisation is clamped to 0–100: a rate computed across a counter
 * reset or a moment of clock skew can overshoot by a little, and "103 % busy" helps nobody. The
 * values read from a source are checked before (readValue): only derived overshoot is clamped.
 * Forecast fields start empty; the cycle fills them from the stored history.
 */

export class ReadingError extends Error {
  override name = 'ReadingError';
}

/** Prometheus spelling, so the value reads as the exporter wrote it. */
export function valueText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/**
 * A measured used / free / total as read from its source: NaN, ±Inf and negative values are a
 * broken reading (an exporter bug, a failed division, a sign error), never "not found" and never
 * silently 0. `origin` names the metric and the source: `(node_filesystem_avail_bytes{…}) in the scrape`.
 */
export function readValue(role: 'used' | 'free' | 'total', value: number, origin: string): number {
  if (!Number.isFinite(value) || value < 0) throw new ReadingError(`${role} is ${valueText(value)} ${origin}`);
  return value;
}

/**
 * How far a derived used (total − free) may fall below 0 and still be clamped: a rate across a
 * counter reset or clock skew overshoots a little (idle CPU 4.01 of 4 cores). Further below, the
 * free and total readings contradict each other, and that is a reading error.
 */
export const USED_UNDERSHOOT_TOLERANCE = 0.05;

export function makeReading(
  site: string,
  resource: string,
  unit: CapacityUnit,
  usedRaw: number,
  total: number,
  ts: string,
): CapacityReading {
  if (!Number.isFinite(total) || total <= 0) {
    throw new ReadingError(`total for ${resource} is ${total}; a capacity needs a total above 0`);
  }
  if (!Number.isFinite(usedRaw)) throw new ReadingError(`used is ${valueText(usedRaw)}`);
  if (usedRaw < -USED_UNDERSHOOT_TOLERANCE * total) {
    throw new ReadingError(`used is ${valueText(usedRaw)} of a total of ${total}: free is larger than total`);
  }
  const used = Math.min(Math.max(usedRaw, 0), total);
  const utilisation = (used / total) * 100;
  return {
    site,
    resource,
    unit,
    used,
    total,
    utilisation,
    headroom: total - used,
    headroomPct: 100 - utilisation,
    hoursToExhaustion: null,
    hoursToCritical: null,
    ts,
  };
}

/** used from `used`, or total − `free` (whichever the resource defines). */
export function usedFrom(values: { used?: number; free?: number }, total: number): number {
  if (values.used !== undefined) return values.used;
  if (values.free !== undefined) return total - values.free;
  throw new ReadingError('a resource needs `used` or `free`');
}
