import type { CapacityReading, CapacitySource, CapacityUnit } from './types';

/**
 * Time-to-exhaustion forecast: a least-squares straight line through the utilisation history in
 * the lookback window — the model of Prometheus' predict_linear(): slope and intercept by simple
 * linear regression, with the intercept taken at the evaluation time `now`. The line then says
 * when utilisation crosses 100 % (and the critical threshold).
 *
 * It refuses to guess rather than print a wild number:
 * - fewer than MIN_POINTS points, or a span shorter than minSpanMs(lookback) → "not enough data";
 * - a flat or falling line → "not rising";
 * - a rise the noise could explain (the slope under MIN_TREND_T standard errors: jitter around a
 *   steady level, fitted over a short history, would otherwise "fill" a steady CPU in hours) →
 *   "no clear trend";
 * - a crossing further away than MAX_HOURS (10 years) → "not rising meaningfully";
 * - the line already past the target while the latest reading is below it (a clean-up or a
 *   restart broke the trend) → "trend broken by a recent drop".
 */

export interface HistoryPoint {
  /** Epoch ms. */
  tMs: number;
  /** Utilisation, 0–100. */
  value: number;
}

export interface Forecast {
  hoursToExhaustion: number | null;
  hoursToCritical: number | null;
  /** Why a figure is missing. */
  note?: string;
  /** Percentage points per hour (null when there was too little data to fit). */
  slopePerHour: number | null;
  /** The fitted utilisation at `now`. */
  fittedNow: number | null;
  points: number;
}

export const MIN_POINTS = 3;
/** How many standard errors the fitted slope must stand above zero to count as a trend. */
export const MIN_TREND_T = 3;
export const MAX_HOURS = 10 * 365 * 24;
export const FAST_LOOKBACK_MS = 6 * 3_600_000;
export const STORAGE_LOOKBACK_MS = 7 * 86_400_000;

/** The history a fit needs to span: 30 minutes, or a quarter of a shorter lookback. */
export function minSpanMs(lookbackMs: number): number {
  return Math.min(30 * 60_000, lookbackMs / 4);
}

/** Storage fills over days, the rest moves in hours: filesystem:* and byte resources other than memory are storage. */
export function isStorage(resource: string, unit: CapacityUnit): boolean {
  if (resource.startsWith('filesystem:')) return true;
  return unit === 'bytes' && resource !== 'memory';
}

export function defaultLookbackMs(resource: string, unit: CapacityUnit, configured: number | null): number {
  if (configured !== null && configured > 0) return configured;
  return isStorage(resource, unit) ? STORAGE_LOOKBACK_MS : FAST_LOOKBACK_MS;
}

export interface LinearFit {
  /** Units per second. */
  slope: number;
  /** Value at the evaluation time. */
  intercept: number;
  /** Σ(x − x̄)² of the fitted points (seconds²), which the slope's standard error needs. */
  sxx: number;
}

/**
 * Simple linear regression with x = t − now (seconds), as predict_linear does. Centred sums
 * keep it exact for epoch-sized timestamps. Null when all x are equal.
 */
export function linearFit(points: readonly HistoryPoint[], nowMs: number): LinearFit | null {
  const n = points.length;
  if (n < 2) return null;
  let meanX = 0;
  let meanY = 0;
  for (const p of points) {
    meanX += (p.tMs - nowMs) / 1000;
    meanY += p.value;
  }
  meanX /= n;
  meanY /= n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    const dx = (p.tMs - nowMs) / 1000 - meanX;
    sxx += dx * dx;
    sxy += dx * (p.value - meanY);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: meanY - slope * meanX, sxx };
}

export interface ForecastOptions {
  nowMs: number;
  lookbackMs: number;
  criticalPct: number;
}

export function forecast(history: readonly HistoryPoint[], options: ForecastOptions): Forecast {
  const { nowMs, lookbackMs } = options;
  const points = history
    .filter((p) => p.tMs <= nowMs && p.tMs >= nowMs - lookbackMs && Number.isFinite(p.value))
    .sort((a, b) => a.tMs - b.tMs);
  const none = (note: string, fit: LinearFit | null = null): Forecast => ({
    hoursToExhaustion: null,
    hoursToCritical: null,
    note,
    slopePerHour: fit ? fit.slope * 3600 : null,
    fittedNow: fit ? fit.intercept : null,
    points: points.length,
  });
  if (points.length < MIN_POINTS) return none('not enough data');
  const span = points[points.length - 1]!.tMs - points[0]!.tMs;
  if (span < minSpanMs(lookbackMs)) return none('not enough data');
  const fit = linearFit(points, nowMs);
  if (!fit) return none('not enough data');
  if (!(fit.slope > 0)) return none('not rising', fit);
  if (slopeTStatistic(points, nowMs, fit) < MIN_TREND_T) return none('no clear trend', fit);

  const latest = points[points.length - 1]!.value;
  const notes: string[] = [];
  const hoursTo = (target: number): number | null => {
    const seconds = (target - fit.intercept) / fit.slope;
    if (seconds <= 0) {
      if (latest >= target) return 0;
      notes.push('trend broken by a recent drop');
      return null;
    }
    const hours = seconds / 3600;
    if (hours > MAX_HOURS) {
      notes.push('not rising meaningfully');
      return null;
    }
    return hours;
  };
  const hoursToExhaustion = hoursTo(100);
  const hoursToCritical = hoursTo(options.criticalPct);
  const result: Forecast = {
    hoursToExhaustion,
    hoursToCritical,
    slopePerHour: fit.slope * 3600,
    fittedNow: fit.intercept,
    points: points.length,
  };
  if (hoursToExhaustion === null && notes.length > 0) result.note = notes[0];
  return result;
}

/**
 * The fitted slope in units of its standard error, SE = √(Σresidual² / (n − 2) / Σ(x − x̄)²):
 * how far the rise stands out from the scatter around the line. Infinite for points exactly on
 * the line (a disk filling at a steady rate), small for noise around a level.
 */
export function slopeTStatistic(points: readonly HistoryPoint[], nowMs: number, fit: LinearFit): number {
  const n = points.length;
  if (n <= 2) return Infinity;
  let ssr = 0;
  for (const p of points) ssr += (p.value - (fit.intercept + (fit.slope * (p.tMs - nowMs)) / 1000)) ** 2;
  // Residuals within float rounding of the values are "on the line".
  const scale = Math.max(...points.map((p) => Math.abs(p.value)), 1);
  if (ssr <= n * (scale * 1e-12) ** 2) return Infinity;
  const standardError = Math.sqrt(ssr / (n - 2) / fit.sxx);
  return fit.slope / standardError;
}

/** predict_linear(v[lookback], seconds) on the same model, for dashboards and tests. */
export function predictLinear(history: readonly HistoryPoint[], nowMs: number, secondsAhead: number): number | null {
  const fit = linearFit(history, nowMs);
  return fit ? fit.intercept + fit.slope * secondsAhead : null;
}

/** "~3 d 4 h", "~5 h 10 min", "~12 min" — how alert text states a forecast. */
export function humanHours(hours: number): string {
  const totalMinutes = Math.round(hours * 60);
  if (totalMinutes < 60) return `~${Math.max(totalMinutes, 0)} min`;
  const totalHours = Math.floor(totalMinutes / 60);
  if (totalHours < 24) {
    const minutes = totalMinutes % 60;
    return minutes > 0 ? `~${totalHours} h ${minutes} min` : `~${totalHours} h`;
  }
  const days = Math.floor(totalHours / 24);
  const restHours = totalHours % 24;
  return restHours > 0 ? `~${days} d ${restHours} h` : `~${days} d`;
}

/** The reading with its forecast: from the stored history plus the reading itself. */
export function withForecast(
  reading: CapacityReading,
  source: Pick<CapacitySource, 'lookbackMs' | 'thresholds'>,
  history: { points: readonly HistoryPoint[] } | undefined,
): CapacityReading {
  const nowMs = Date.parse(reading.ts);
  const points: HistoryPoint[] = [...(history?.points ?? []), { tMs: nowMs, value: reading.utilisation }];
  const f = forecast(points, {
    nowMs,
    lookbackMs: defaultLookbackMs(reading.resource, reading.unit, source.lookbackMs),
    criticalPct: source.thresholds.criticalPct,
  });
  return {
    ...reading,
    hoursToExhaustion: f.hoursToExhaustion,
    hoursToCritical: f.hoursToCritical,
    ...(f.note ? { forecastNote: f.note } : {}),
  };
}
