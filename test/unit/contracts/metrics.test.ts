import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { describe, expect, it } from 'vitest';
import { CAPACITY_METRIC_NAMES, PROBE_DIMENSIONS, PROBE_METRIC_NAMES } from '../../../lambdas/contracts/metrics';
import { buildMetricSeries, heartbeatSeries, type MetricSeries } from '../../../lambdas/core/metrics';
import { capacitySeries, type CapacityMetricSeries } from '../../../lambdas/core/capacity/metrics';
import type { CapacityReading } from '../../../lambdas/core/capacity/types';
import { KNOWN_METRIC_NAMES, metricFactory } from '../../../lib/constructs/metric-factory';
import { customMetricCount } from '../../../lib/config/metric-count';
import { makeConfig, makeTarget } from '../../support/config-fixture';
import { makeResult } from '../../support/results';

/**
 * CloudWatch finds a metric only by its exact name and dimension set. The Lambdas build their
 * series in the core; the CDK app builds dashboard and alarm metrics in its factory. These tests
 * hold every published series against the metric the factory would build for it.
 */

const NAMESPACE = 'Pantau';
const factory = metricFactory(NAMESPACE);
const NOW = new Date('2026-11-24T03:00:00Z');

/** Results that between them produce every probe metric: a full https check, a failure, a detailed target. */
const results = [
  makeResult({
    target: 'web',
    app: 'sirekap',
    url: 'https://a.example/',
    latencyMs: 100,
    phases: { dns: 2, connect: 3, tls: 10, ttfb: 80, transfer: 5, total: 100 },
    certDaysLeft: 40,
    patrol: { judged: ['defacement'], findings: [] },
  }),
  makeResult({ target: 'api', app: 'sirekap', region: 'ap-southeast-1', ok: false, error: 'timeout', latencyMs: 10_000 }),
];

const reading: CapacityReading = {
  site: 'PDN-Cikarang',
  resource: 'power',
  unit: 'watts',
  used: 80,
  total: 100,
  utilisation: 80,
  headroom: 20,
  headroomPct: 20,
  hoursToExhaustion: 48,
  hoursToCritical: 12,
  ts: NOW.toISOString(),
};

const expectSame = (metric: cloudwatch.Metric, series: Pick<MetricSeries | CapacityMetricSeries, 'name' | 'dimensions'>) => {
  expect(metric.namespace).toBe(NAMESPACE);
  expect(metric.metricName).toBe(series.name);
  expect(metric.dimensions).toEqual(series.dimensions);
};

describe('probe metrics', () => {
  const series = buildMetricSeries(results, new Set(['web']), NOW);

  it('the sample results produce every probe metric name', () => {
    expect(new Set(series.map((s) => s.name))).toEqual(new Set(PROBE_METRIC_NAMES));
  });

  it('every published name is one the CDK factory knows', () => {
    for (const s of series) expect(KNOWN_METRIC_NAMES.has(s.name), s.name).toBe(true);
  });

  it('every per-app series is exactly the metric the factory builds for it', () => {
    const perApp = series.filter((s) => !(PROBE_DIMENSIONS.target in s.dimensions));
    expect(perApp.length).toBeGreaterThan(0);
    for (const s of perApp) {
      const { [PROBE_DIMENSIONS.app]: app, [PROBE_DIMENSIONS.region]: region } = s.dimensions;
      expectSame(factory.probe.metric(s.name as (typeof PROBE_METRIC_NAMES)[number], app!, region!, 'Average'), s);
    }
  });

  it('the named helpers chart the series the probe publishes', () => {
    const find = (name: string, region = 'ap-southeast-3') =>
      series.find((s) => s.name === name && s.dimensions.Region === region && !(PROBE_DIMENSIONS.target in s.dimensions))!;
    expectSame(factory.probe.up('sirekap', 'ap-southeast-3'), find('Up'));
    expectSame(factory.probe.up('sirekap', 'ap-southeast-1'), find('Up', 'ap-southeast-1'));
    expectSame(factory.probe.latency('sirekap', 'ap-southeast-3', 'p95'), find('LatencyMs'));
    expectSame(factory.probe.certDaysLeft('sirekap', 'ap-southeast-3'), find('CertDaysLeft'));
  });

  it('per-target series add only the Target dimension to the per-app ones', () => {
    const perTarget = series.filter((s) => PROBE_DIMENSIONS.target in s.dimensions);
    expect(perTarget.length).toBeGreaterThan(0);
    for (const s of perTarget) expect(Object.keys(s.dimensions)).toEqual([PROBE_DIMENSIONS.app, PROBE_DIMENSIONS.region, PROBE_DIMENSIONS.target]);
  });

  it('the samples query counts the probe metric over its published dimensions', () => {
    const up = series.find((s) => s.name === 'Up')!;
    const dims = Object.keys(up.dimensions).join(', ');
    expect(factory.probe.samplesFrom('ap-southeast-1').expression).toBe(
      `SELECT COUNT(${up.name}) FROM SCHEMA("${NAMESPACE}", ${dims}) WHERE Region = 'ap-southeast-1'`,
    );
  });
});

describe('capacity metrics', () => {
  const series = capacitySeries([reading]);

  it('every capacity metric is published and known to the factory', () => {
    expect(series.map((s) => s.name)).toEqual([...CAPACITY_METRIC_NAMES]);
    for (const s of series) {
      expect(KNOWN_METRIC_NAMES.has(s.name)).toBe(true);
      expectSame(factory.capacity.metric(s.name, reading.site, reading.resource, 'Maximum'), s);
    }
  });

  it('the named helpers chart the series the capacity run publishes', () => {
    const byName = new Map(series.map((s) => [s.name, s]));
    expectSame(factory.capacity.usedPct(reading.site, reading.resource), byName.get('Utilisation')!);
    expectSame(factory.capacity.headroomPct(reading.site, reading.resource), byName.get('HeadroomPct')!);
    expectSame(factory.capacity.hoursToExhaustion(reading.site, reading.resource), byName.get('HoursToExhaustion')!);
  });
});

describe('heartbeat', () => {
  it('the dead-man metric is the series each run publishes', () => {
    const series = heartbeatSeries('ap-southeast-1', '1m-01', NOW);
    expect(KNOWN_METRIC_NAMES.has(series.name)).toBe(true);
    const metric = factory.heartbeat('1m-01', 'ap-southeast-1', Duration.minutes(1));
    expectSame(metric, series);
    expect(metric.statistic).toBe('SampleCount');
  });
});

describe('the metric count names what is published', () => {
  it('its dimensions and metric names are those of the published series', () => {
    const config = makeConfig({
      targets: [makeTarget({ id: 'web', app: 'sirekap', url: 'https://a.example/', metrics: 'detailed' })],
    });
    const published = [
      ...buildMetricSeries(results, new Set(['web']), NOW),
      ...capacitySeries([reading]),
      heartbeatSeries('ap-southeast-3', '1m-01', NOW),
    ];
    const shapes = new Set(published.map((s) => Object.keys(s.dimensions).join(',')));
    for (const line of customMetricCount(config).breakdown) {
      expect(shapes.has(line.dimensions.join(',')), line.dimensions.join(',')).toBe(true);
      for (const name of line.metrics) expect(KNOWN_METRIC_NAMES.has(name), name).toBe(true);
    }
  });
});
