import { describe, expect, it } from 'vitest';
import { metricDataInput, readCloudWatchSource } from '../../../../lambdas/core/capacity/cloudwatch-read';
import { readJsonSource } from '../../../../lambdas/core/capacity/json-read';
import {
  DEFAULT_THRESHOLDS,
  capacityLevel,
  readingObservation,
  resourceFailureObservation,
  sourceObservation,
} from '../../../../lambdas/core/capacity/levels';
import { capacitySeries } from '../../../../lambdas/core/capacity/metrics';
import { makeReading } from '../../../../lambdas/core/capacity/readings';
import type { CapacityReading, CloudWatchSource, HttpJsonSource } from '../../../../lambdas/core/capacity/types';

const TS = '2026-11-24T03:00:00.000Z';
const GiB = 1024 ** 3;
const source = { id: 'PDN-Cikarang/0', site: 'PDN-Cikarang', severity: 'critical' as const, thresholds: DEFAULT_THRESHOLDS };

function reading(partial: Partial<CapacityReading> & { utilisation: number }): CapacityReading {
  return { ...makeReading('PDN-Cikarang', 'sirekap-db', 'bytes', partial.utilisation, 100, TS), ...partial };
}

describe('readings', () => {
  it('computes utilisation and headroom, absolute and %', () => {
    expect(makeReading('dc', 'filesystem:/', 'bytes', 300 * GiB, 1000 * GiB, TS)).toEqual({
      site: 'dc',
      resource: 'filesystem:/',
      unit: 'bytes',
      used: 300 * GiB,
      total: 1000 * GiB,
      utilisation: 30,
      headroom: 700 * GiB,
      headroomPct: 70,
      hoursToExhaustion: null,
      hoursToCritical: null,
      ts: TS,
    });
  });

  it('clamps a rate overshoot to the total and refuses a zero total', () => {
    expect(makeReading('dc', 'cpu', 'cores', 4.1, 4, TS)).toMatchObject({ used: 4, utilisation: 100, headroom: 0 });
    expect(makeReading('dc', 'cpu', 'cores', -0.01, 4, TS)).toMatchObject({ used: 0, utilisation: 0 });
    expect(() => makeReading('dc', 'cpu', 'cores', 1, 0, TS)).toThrow(/total above 0/);
  });
});

describe('http-json resources (JMESPath)', () => {
  const json: HttpJsonSource = {
    type: 'http-json',
    url: 'http://127.0.0.1:9/dcim',
    headers: {},
    resources: [
      { name: 'rack-power', unit: 'watts', used: "racks[?id=='A1'].power.draw | [0]", total: "racks[?id=='A1'].power.rating | [0]" },
      { name: 'rack-space', unit: 'units', free: 'racks[0].freeU', total: 42 },
      { name: 'string-number', unit: 'units', used: 'asText', total: 10 },
      { name: 'missing', unit: 'units', used: 'nope.nothing', total: 10 },
      { name: 'bad-expr', unit: 'units', used: 'racks[', total: 10 },
    ],
  };
  const body = { racks: [{ id: 'A1', power: { draw: 3200, rating: 8000 }, freeU: 10 }], asText: '2.5' };

  it('reads used / free / total expressions and fixed totals', () => {
    const results = readJsonSource('DC-Jakarta', json, body, TS);
    expect(results[0]).toMatchObject({ ok: true, reading: { resource: 'rack-power', used: 3200, total: 8000, utilisation: 40 } });
    expect(results[1]).toMatchObject({ ok: true, reading: { resource: 'rack-space', used: 32, total: 42 } });
    expect(results[2]).toMatchObject({ ok: true, reading: { used: 2.5, utilisation: 25 } });
  });

  it('an expression with no number, or a bad expression, is a failure naming it', () => {
    const results = readJsonSource('DC-Jakarta', json, body, TS);
    expect(results[3]).toEqual({ ok: false, resource: 'missing', reason: 'missing: "nope.nothing" gave nothing, not a number' });
    expect(results[4]).toMatchObject({ ok: false, resource: 'bad-expr' });
    expect(!results[4]!.ok && results[4]!.reason).toMatch(/bad JMESPath "racks\["/);
  });
});

describe('cloudwatch resources', () => {
  const cw: CloudWatchSource = {
    type: 'cloudwatch',
    region: 'ap-southeast-3',
    resources: [
      { name: 'sirekap-db', unit: 'bytes', namespace: 'AWS/RDS', metric: 'FreeStorageSpace', dimensions: { DBInstanceIdentifier: 'sirekap' }, stat: 'Minimum', meaning: 'free', total: 500 * GiB, periodSeconds: 300 },
      { name: 'lambda-concurrency', unit: 'units', namespace: 'AWS/Lambda', metric: 'ConcurrentExecutions', dimensions: {}, stat: 'Maximum', meaning: 'used', total: 1000, periodSeconds: 60 },
    ],
  };
  const now = new Date('2026-11-24T03:00:00.400Z');

  it('builds one query per resource over a window long enough for late, sparse metrics', () => {
    const input = metricDataInput(cw, now);
    expect(input.MetricDataQueries).toEqual([
      { Id: 'm0', MetricStat: { Metric: { Namespace: 'AWS/RDS', MetricName: 'FreeStorageSpace', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'sirekap' }] }, Period: 300, Stat: 'Minimum' }, ReturnData: true },
      { Id: 'm1', MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'ConcurrentExecutions', Dimensions: [] }, Period: 60, Stat: 'Maximum' }, ReturnData: true },
    ]);
    expect(input.EndTime.toISOString()).toBe('2026-11-24T03:00:00.000Z');
    expect(input.StartTime.toISOString()).toBe('2026-11-24T02:35:00.000Z'); // 5 × 300 s
  });

  it('takes the newest datapoint; free metrics count from the total; no datapoints is a failure', () => {
    const results = readCloudWatchSource('aws', cw, [
      { Id: 'm0', Timestamps: [new Date('2026-11-24T02:50:00Z'), new Date('2026-11-24T02:55:00Z')], Values: [120 * GiB, 100 * GiB] },
      { Id: 'm1', Timestamps: [], Values: [] },
    ], TS);
    expect(results[0]).toMatchObject({ ok: true, reading: { used: 400 * GiB, total: 500 * GiB, utilisation: 80 } });
    expect(results[1]).toEqual({
      ok: false,
      resource: 'lambda-concurrency',
      reason: 'lambda-concurrency: no datapoints for AWS/Lambda ConcurrentExecutions in the last 15 min',
    });
  });
});

describe('levels and observations', () => {
  it('critical ≥ 90, forecast within 72 h, warn ≥ 80, else ok', () => {
    expect(capacityLevel(reading({ utilisation: 91 }), DEFAULT_THRESHOLDS)).toBe('critical');
    expect(capacityLevel(reading({ utilisation: 50, hoursToExhaustion: 70 }), DEFAULT_THRESHOLDS)).toBe('forecast');
    expect(capacityLevel(reading({ utilisation: 85, hoursToExhaustion: 500 }), DEFAULT_THRESHOLDS)).toBe('warn');
    expect(capacityLevel(reading({ utilisation: 50, hoursToExhaustion: 100 }), DEFAULT_THRESHOLDS)).toBe('ok');
    expect(capacityLevel(reading({ utilisation: 50, hoursToExhaustion: 76 }), DEFAULT_THRESHOLDS)).toBe('ok');
  });

  it('forecast alerts only for storage by default; cpu and memory trends are shown, not alerted', () => {
    const cpu = { ...reading({ utilisation: 50, hoursToExhaustion: 2 }), resource: 'cpu', unit: 'cores' as const };
    const memory = { ...reading({ utilisation: 50, hoursToExhaustion: 2 }), resource: 'memory' };
    const disk = { ...reading({ utilisation: 50, hoursToExhaustion: 2 }), resource: 'filesystem:/data' };
    expect(capacityLevel(cpu, DEFAULT_THRESHOLDS)).toBe('ok');
    expect(capacityLevel(memory, DEFAULT_THRESHOLDS)).toBe('ok');
    expect(capacityLevel(disk, DEFAULT_THRESHOLDS)).toBe('forecast');
    expect(capacityLevel(cpu, { ...DEFAULT_THRESHOLDS, forecastAlerts: 'all' })).toBe('forecast');
    expect(capacityLevel(disk, { ...DEFAULT_THRESHOLDS, forecastAlerts: 'none' })).toBe('ok');
    // A level still follows utilisation whatever the forecast mode.
    expect(capacityLevel({ ...cpu, utilisation: 95 }, { ...DEFAULT_THRESHOLDS, forecastAlerts: 'none' })).toBe('critical');
  });

  it('a forecast is a degraded observation with the time left in words', () => {
    const fourDays = { ...source, thresholds: { ...DEFAULT_THRESHOLDS, forecastHours: 96 } };
    const { observation, level } = readingObservation(fourDays, reading({ utilisation: 61.2, hoursToExhaustion: 76.2 }), 'ap-southeast-3');
    expect(level).toBe('forecast');
    expect(observation).toEqual({
      subject: 'capacity:PDN-Cikarang/sirekap-db',
      domain: 'capacity',
      app: 'PDN-Cikarang',
      severity: 'critical',
      ok: true,
      degraded: true,
      error: null,
      reason: 'storage on PDN-Cikarang/sirekap-db full in ~3 d 4 h at the current rate (now 61 %)',
      region: 'ap-southeast-3',
      ts: TS,
      label: 'PDN-Cikarang/sirekap-db',
    });
  });

  it('critical is a failing observation; warn is degraded', () => {
    const critical = readingObservation(source, reading({ utilisation: 93 }), 'r').observation;
    expect(critical).toMatchObject({ ok: false, degraded: false, error: 'critical', reason: 'storage on PDN-Cikarang/sirekap-db at 93 % (critical ≥ 90 %)' });
    const warn = readingObservation(source, reading({ utilisation: 82 }), 'r').observation;
    expect(warn).toMatchObject({ ok: true, degraded: true, error: null, reason: 'storage on PDN-Cikarang/sirekap-db at 82 % (warning ≥ 80 %)' });
  });

  it('a failed read is a failure, of the resource or of the whole source', () => {
    expect(resourceFailureObservation(source, 'memory', 'metric x not found', TS, 'r')).toMatchObject({
      subject: 'capacity:PDN-Cikarang/memory',
      ok: false,
      error: 'source',
      reason: 'capacity probe failed on PDN-Cikarang/memory: metric x not found',
    });
    expect(sourceObservation(source, 'http://x unreachable: connection refused', TS, 'r')).toMatchObject({
      subject: 'capacity:PDN-Cikarang/source:PDN-Cikarang/0',
      ok: false,
      error: 'source',
    });
    expect(sourceObservation(source, null, TS, 'r')).toMatchObject({ ok: true, error: null });
  });
});

describe('capacity metrics', () => {
  it('Utilisation, HeadroomPct and (when known) HoursToExhaustion by Site and Resource', () => {
    const series = capacitySeries([
      reading({ utilisation: 61.25, headroomPct: 38.75, hoursToExhaustion: 76.5 }),
      { ...reading({ utilisation: 10, headroomPct: 90 }), resource: 'cpu' },
    ]);
    const ts = new Date(TS);
    expect(series).toEqual([
      { name: 'Utilisation', dimensions: { Site: 'PDN-Cikarang', Resource: 'sirekap-db' }, unit: 'Percent', values: [61.25], timestamp: ts },
      { name: 'HeadroomPct', dimensions: { Site: 'PDN-Cikarang', Resource: 'sirekap-db' }, unit: 'Percent', values: [38.75], timestamp: ts },
      { name: 'HoursToExhaustion', dimensions: { Site: 'PDN-Cikarang', Resource: 'sirekap-db' }, unit: 'None', values: [76.5], timestamp: ts },
      { name: 'Utilisation', dimensions: { Site: 'PDN-Cikarang', Resource: 'cpu' }, unit: 'Percent', values: [10], timestamp: ts },
      { name: 'HeadroomPct', dimensions: { Site: 'PDN-Cikarang', Resource: 'cpu' }, unit: 'Percent', values: [90], timestamp: ts },
    ]);
  });
});
