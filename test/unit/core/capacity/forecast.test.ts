import { describe, expect, it } from 'vitest';
import {
  FAST_LOOKBACK_MS,
  STORAGE_LOOKBACK_MS,
  defaultLookbackMs,
  forecast,
  humanHours,
  linearFit,
  minSpanMs,
  predictLinear,
  slopeTStatistic,
  type HistoryPoint,
} from '../../../../lambdas/core/capacity/forecast';

const H = 3_600_000;
const NOW = Date.parse('2026-11-24T12:00:00.000Z');
const at = (hoursAgo: number, value: number): HistoryPoint => ({ tMs: NOW - hoursAgo * H, value });
const opts = { nowMs: NOW, lookbackMs: FAST_LOOKBACK_MS, criticalPct: 90 };

/**
 * Prometheus' predict_linear, written from its definition (promql/functions.go linearRegression):
 * x = (t − interceptTime) in seconds; covXY = Σxy − ΣxΣy/n; varX = Σx² − (Σx)²/n;
 * slope = covXY / varX; intercept = Σy/n − slope·Σx/n; predict_linear(v, d) = intercept + slope·d.
 */
function promPredictLinear(points: HistoryPoint[], evalMs: number, d: number): number {
  let n = 0, sumX = 0, sumY = 0, sumXY = 0, sumX2 = 0;
  for (const p of points) {
    const x = (p.tMs - evalMs) / 1e3;
    n += 1; sumX += x; sumY += p.value; sumXY += x * p.value; sumX2 += x * x;
  }
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  const intercept = sumY / n - (slope * sumX) / n;
  return intercept + slope * d;
}

describe('forecast (least squares, predict_linear model)', () => {
  it('a perfectly linear rise: 40→46 % over 3 h is 2 points/h, full in 27 h, critical in 22 h', () => {
    const f = forecast([at(3, 40), at(2, 42), at(1, 44), at(0, 46)], opts);
    expect(f.slopePerHour).toBeCloseTo(2, 10);
    expect(f.fittedNow).toBeCloseTo(46, 10);
    expect(f.hoursToExhaustion).toBeCloseTo(27, 10);
    expect(f.hoursToCritical).toBeCloseTo(22, 10);
    expect(f.note).toBeUndefined();
  });

  it('a noisy series matches the hand-computed regression', () => {
    // x = −3,−2,−1,0 h; y = 10,14,15,21: mean x −1.5, mean y 15, Sxy 17, Sxx 5
    // → slope 3.4 /h, intercept at now 15 + 3.4·1.5 = 20.1 → 100 % in 79.9/3.4 h, 90 % in 69.9/3.4 h.
    const f = forecast([at(3, 10), at(2, 14), at(1, 15), at(0, 21)], opts);
    expect(f.slopePerHour).toBeCloseTo(3.4, 10);
    expect(f.fittedNow).toBeCloseTo(20.1, 10);
    expect(f.hoursToExhaustion).toBeCloseTo(79.9 / 3.4, 10);
    expect(f.hoursToCritical).toBeCloseTo(69.9 / 3.4, 10);
  });

  it('agrees with a direct predict_linear on the same irregular series', () => {
    // Irregular spacing and noise, epoch-sized timestamps: where the definition says the line
    // crosses 100 % is where our forecast says it does.
    const points: HistoryPoint[] = [];
    for (let i = 0; i < 50; i++) {
      const minutesAgo = 300 - i * 6 - (i % 3);
      points.push({ tMs: NOW - minutesAgo * 60_000, value: 55 + i * 0.3 + Math.sin(i * 1.7) * 2 });
    }
    const f = forecast(points, opts);
    expect(f.hoursToExhaustion).not.toBeNull();
    expect(promPredictLinear(points, NOW, 0)).toBeCloseTo(f.fittedNow!, 8);
    expect(promPredictLinear(points, NOW, f.hoursToExhaustion! * 3600)).toBeCloseTo(100, 6);
    expect(promPredictLinear(points, NOW, f.hoursToCritical! * 3600)).toBeCloseTo(90, 6);
    expect(predictLinear(points, NOW, 7200)).toBeCloseTo(promPredictLinear(points, NOW, 7200), 8);
  });

  it('is exact for epoch-millisecond timestamps far from zero (centred sums)', () => {
    const fit = linearFit([at(2, 10), at(1, 20), at(0, 30)], NOW);
    expect(fit!.slope * 3600).toBeCloseTo(10, 10);
    expect(fit!.intercept).toBeCloseTo(30, 10);
  });

  it('fewer than 3 points is "not enough data"', () => {
    const f = forecast([at(2, 10), at(0, 30)], opts);
    expect(f).toMatchObject({ hoursToExhaustion: null, hoursToCritical: null, note: 'not enough data' });
  });

  it('3 points over too short a span is "not enough data", not a wild number', () => {
    // 3 points 1 min apart rising 10 points/min would say "full in 7 minutes".
    const f = forecast([{ tMs: NOW - 120_000, value: 10 }, { tMs: NOW - 60_000, value: 20 }, { tMs: NOW, value: 30 }], opts);
    expect(f).toMatchObject({ hoursToExhaustion: null, note: 'not enough data' });
    expect(minSpanMs(FAST_LOOKBACK_MS)).toBe(30 * 60_000);
  });

  it('points outside the lookback window are ignored', () => {
    const old = [at(30, 0), at(29, 0), at(28, 0)];
    const f = forecast([...old, at(3, 40), at(2, 42), at(1, 44), at(0, 46)], opts);
    expect(f.points).toBe(4);
    expect(f.hoursToExhaustion).toBeCloseTo(27, 10);
  });

  it('flat or falling usage is "not rising"', () => {
    expect(forecast([at(3, 50), at(2, 50), at(1, 50), at(0, 50)], opts)).toMatchObject({ hoursToExhaustion: null, note: 'not rising' });
    expect(forecast([at(3, 60), at(2, 55), at(1, 52), at(0, 50)], opts)).toMatchObject({ hoursToExhaustion: null, note: 'not rising' });
  });

  it('jitter around a steady level is "no clear trend", not a date it will be full', () => {
    // y = 50, 52, 49, 52 over −3…0 h: slope 0.3 /h (Sxy 1.5, Sxx 5), fitted now 51.2; residuals
    // −0.3, 1.4, −1.9, 0.8 → SSR 6.3, SE √(6.3/2/5) = 0.794 /h, t = 0.378. Without the test the
    // line "fills" the resource in (100 − 51.2)/0.3 = 163 h.
    const points = [at(3, 50), at(2, 52), at(1, 49), at(0, 52)];
    const fit = linearFit(points, NOW)!;
    expect(slopeTStatistic(points, NOW, fit)).toBeCloseTo(0.3 / Math.sqrt(0.63), 6);
    expect(forecast(points, opts)).toMatchObject({ hoursToExhaustion: null, hoursToCritical: null, note: 'no clear trend' });
  });

  it('a trend that stands out from its noise keeps its forecast: t = 3.4 / √0.42 ≈ 5.2 for the noisy series', () => {
    // Residuals of 10, 14, 15, 21 around the 3.4 /h line: 0.1, 0.7, −1.7, 0.9 → SSR 4.2.
    const points = [at(3, 10), at(2, 14), at(1, 15), at(0, 21)];
    expect(slopeTStatistic(points, NOW, linearFit(points, NOW)!)).toBeCloseTo(3.4 / Math.sqrt(0.42), 6);
    expect(slopeTStatistic([at(3, 40), at(2, 42), at(1, 44), at(0, 46)], NOW, linearFit([at(3, 40), at(2, 42), at(1, 44), at(0, 46)], NOW)!)).toBe(Infinity);
  });

  it('a crossing more than 10 years away is "not rising meaningfully"', () => {
    // +0.0001 points per hour from 50 %: 500 000 h (57 years) to full.
    const f = forecast([at(3, 50), at(2, 50.0001), at(1, 50.0002), at(0, 50.0003)], opts);
    expect(f).toMatchObject({ hoursToExhaustion: null, hoursToCritical: null, note: 'not rising meaningfully' });
  });

  it('already past the target: 0 hours when the latest reading is there too', () => {
    const f = forecast([at(3, 94), at(2, 96), at(1, 98), at(0, 100)], opts);
    expect(f.hoursToExhaustion).toBe(0);
    expect(f.hoursToCritical).toBe(0);
  });

  it('a fitted line already past a target the latest reading is below gives no figure for it', () => {
    // x = −3,−2,−1,−0.5,0 h; y = 70,80,90,98,96 → slope 55.2/5.8 /h, fitted now 86.8 + 1.3·slope ≈ 99.17 %.
    // Critical 97 %: the line is past it, the latest reading (96 %) is not → no figure, not "0 h".
    const f = forecast([at(3, 70), at(2, 80), at(1, 90), at(0.5, 98), at(0, 96)], { ...opts, criticalPct: 97 });
    const slope = 55.2 / 5.8;
    expect(f.fittedNow).toBeCloseTo(86.8 + 1.3 * slope, 9);
    expect(f.hoursToCritical).toBeNull();
    expect(f.hoursToExhaustion).toBeCloseTo((100 - (86.8 + 1.3 * slope)) / slope, 9);
  });

  it('storage looks back 7 days, fast resources 6 hours, a configured lookback wins', () => {
    expect(defaultLookbackMs('filesystem:/', 'bytes', null)).toBe(STORAGE_LOOKBACK_MS);
    expect(defaultLookbackMs('sirekap-db', 'bytes', null)).toBe(STORAGE_LOOKBACK_MS);
    expect(defaultLookbackMs('memory', 'bytes', null)).toBe(FAST_LOOKBACK_MS);
    expect(defaultLookbackMs('cpu', 'cores', null)).toBe(FAST_LOOKBACK_MS);
    expect(defaultLookbackMs('network:eth0', 'bps', null)).toBe(FAST_LOOKBACK_MS);
    expect(defaultLookbackMs('cpu', 'cores', 3_600_000)).toBe(3_600_000);
  });

  it('states durations the way alerts do', () => {
    expect(humanHours(76)).toBe('~3 d 4 h');
    expect(humanHours(48)).toBe('~2 d');
    expect(humanHours(5 + 10 / 60)).toBe('~5 h 10 min');
    expect(humanHours(0.2)).toBe('~12 min');
  });
});
