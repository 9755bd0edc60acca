import { describe, expect, it } from 'vitest';
import { UnsupportedExpression, evaluateExpression, type MathEnv, type NamedSeries } from '../../../../lib/local/dashboard-preview/expressions';
import { parseInsights } from '../../../../lib/local/dashboard-preview/insights';
import { aggregate, gridFor, percentileOf } from '../../../../lib/local/dashboard-preview/statistics';

/** Statistics per period and metric math on the grid, against values worked out by hand. */

const env = (series: Record<string, number[]>, extra: Partial<MathEnv> = {}): MathEnv => ({
  length: Object.values(series)[0]?.length ?? 3,
  periodS: 60,
  byId: (id) => (series[id] ? { label: id, values: series[id]! } : undefined),
  all: () => Object.entries(series).map(([label, values]): NamedSeries => ({ label, values })),
  search: () => [],
  select: () => [],
  ...extra,
});
const values = (text: string, e: MathEnv) => evaluateExpression(text, e, 'x').map((s) => s.values);

describe('statistics', () => {
  it('computes each period from its own datapoints, NaN where a period has none', () => {
    const grid = gridFor(0, 179_000, 60);
    const points = [
      { tMs: 1_000, value: 1 },
      { tMs: 2_000, value: 0 },
      { tMs: 3_000, value: 1 },
      { tMs: 130_000, value: 0 },
    ];
    expect(aggregate(points, 'Average', grid).values).toEqual([2 / 3, NaN, 0]);
    expect(aggregate(points, 'SampleCount', grid).values).toEqual([3, NaN, 1]);
    expect(aggregate(points, 'Sum', grid).values).toEqual([2, NaN, 0]);
    expect(aggregate(points, 'Minimum', grid).values).toEqual([0, NaN, 0]);
    expect(aggregate(points, 'p50', grid).times).toEqual([0, 60, 120]);
  });

  it('takes nearest-rank percentiles', () => {
    const latencies = [10, 20, 30, 40, 50, 60, 70, 80, 90, 1000];
    expect(percentileOf(latencies, 50)).toBe(50);
    expect(percentileOf(latencies, 95)).toBe(1000);
    expect(percentileOf(latencies, 90)).toBe(90);
  });
});

describe('metric math', () => {
  it('applies operators element by element with the usual precedence', () => {
    expect(values('100 * a - b / 2', env({ a: [1, 0.5, NaN], b: [2, 4, 6] }))).toEqual([[99, 48, NaN]]);
    expect(values('-(a + 1) ^ 2', env({ a: [1, 2, 3] }))).toEqual([[-4, -9, -16]]);
  });

  it('reduces one series to a number and a list point by point, skipping missing points', () => {
    const e = env({ a: [1, NaN, 0.5], b: [0, 1, NaN] });
    expect(values('100 * AVG([a, b])', e)).toEqual([[50, 100, 50]]);
    expect(values('MIN(a)', e)).toEqual([[0.5, 0.5, 0.5]]);
    expect(values('MAX([a, b])', e)).toEqual([[1, 1, 0.5]]);
  });

  it("evaluates the dashboards' error-budget expression", () => {
    // 99.95 % available against a 99.9 % objective: half the budget is left.
    expect(values('100 * (1 - (1 - b / 100) / 0.00100000)', env({ b: [99.95] }))[0]![0]).toBeCloseTo(50, 6);
  });

  it('fills, branches, sums and measures gaps', () => {
    const e = env({ a: [1, NaN, NaN, 4] });
    expect(values('FILL(a, 0)', e)).toEqual([[1, 0, 0, 4]]);
    expect(values('FILL(a, REPEAT)', e)).toEqual([[1, 1, 1, 4]]);
    expect(values('IF(a > 2, 1, 0)', e)).toEqual([[0, 0, 0, 1]]);
    expect(values('RUNNING_SUM(FILL(a, 0))', e)).toEqual([[1, 1, 1, 5]]);
    // Samples at periods 0 and 3 of 60 s: the second came 180 s after the first.
    expect(values('DIFF_TIME(REMOVE_EMPTY(a)) / 60', e)).toEqual([[NaN, NaN, NaN, 3]]);
  });

  it('says what it cannot evaluate instead of drawing something', () => {
    expect(() => values('ANOMALY_DETECTION_BAND(a, 2)', env({ a: [1] }))).toThrow(UnsupportedExpression);
    expect(() => values('a +', env({ a: [1] }))).toThrow(UnsupportedExpression);
    expect(() => values('nope * 2', env({ a: [1] }))).toThrow(/no metric with id "nope"/);
  });

  it('hands SEARCH and SELECT to the metric source', () => {
    const seen: string[] = [];
    const e = env({ a: [1] }, {
      length: 1,
      search: (q, stat) => (seen.push(`${q}|${stat}`), [{ label: 'cpu', values: [5] }, { label: 'memory', values: [7] }]),
      select: (q) => (seen.push(q), [{ label: q, values: [3] }]),
    });
    expect(evaluateExpression(`SEARCH('{ns,Site,Resource} MetricName="Utilisation"', 'Maximum', 300)`, e, 's').map((s) => s.label)).toEqual(['cpu', 'memory']);
    expect(values('MIN(SEARCH(\'x\', \'Minimum\', 300))', e)).toEqual([[5]]);
    expect(evaluateExpression(`SELECT COUNT(Up) FROM SCHEMA("ns", App, Region)`, e, 'samples')).toEqual([{ label: 'samples', values: [3] }]);
    expect(seen).toEqual(['{ns,Site,Resource} MetricName="Utilisation"|Maximum', 'x|Minimum', 'SELECT COUNT(Up) FROM SCHEMA("ns", App, Region)']);
  });

  it('reads the simple Metrics Insights form and refuses the rest', () => {
    expect(parseInsights(`SELECT COUNT(Up) FROM SCHEMA("Pantau", App, Region) WHERE Region = 'ap-southeast-3'`)).toEqual({
      stat: 'SampleCount',
      metric: 'Up',
      namespace: 'Pantau',
      dimensionNames: ['App', 'Region'],
      filters: [{ dimension: 'Region', value: 'ap-southeast-3', equal: true }],
    });
    expect(() => parseInsights(`SELECT AVG(Up) FROM "Pantau" GROUP BY App`)).toThrow(UnsupportedExpression);
  });
});
