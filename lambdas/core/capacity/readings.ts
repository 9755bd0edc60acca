import type { CapacityReading, CapacityUnit } from './types';

/**
 * used + total → a reading. Utilisation is clamped to 0–100: a rate computed across a counter
 * reset or a moment of clock skew can overshoot by a little, and "103 % busy" helps nobody.
 * Forecast fields start empty; the cycle fills them from the stored history.
 */

export class ReadingError extends Error {
  override name = 'ReadingError';
}

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
  if (!Number.isFinite(usedRaw)) throw new ReadingError(`used for ${resource} is ${usedRaw}`);
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
