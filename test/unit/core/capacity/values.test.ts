import { describe, expect, it } from 'vitest';
import { readCloudWatchSource } from '../../../../lambdas/core/capacity/cloudwatch-read';
import { readJsonSource } from '../../../../lambdas/core/capacity/json-read';
import { counterSnapshot } from '../../../../lambdas/core/capacity/counters';
import { parsePromText } from '../../../../lambdas/core/capacity/prom-text';
import { prometheusResources, readPromResource } from '../../../../lambdas/core/capacity/prometheus-read';
import type { CloudWatchSource, HttpJsonSource, PrometheusSource } from '../../../../lambdas/core/capacity/types';

// NaN, ±Inf and negative capacity values are reading errors naming the resource, the role
// (used / free / total), the metric and the value: never "not found", never clamped to 0.

const TS = '2026-12-02T03:00:00.000Z';
const TS_MS = Date.parse(TS);

/** node_exporter filesystem text for /data with the given size / free / avail values. */
function fsScrape(size: string, free: string, avail: string): string {
  const labels = 'device="/dev/sdb1",fstype="ext4",mountpoint="/data"';
  return [
    `node_filesystem_size_bytes{${labels}} ${size}`,
    `node_filesystem_free_bytes{${labels}} ${free}`,
    `node_filesystem_avail_bytes{${labels}} ${avail}`,
    '',
  ].join('\n');
}

const SIZE = 'node_filesystem_size_bytes{device="/dev/sdb1",mountpoint="/data"}';
const FREE = 'node_filesystem_free_bytes{device="/dev/sdb1",mountpoint="/data"}';
const AVAIL = 'node_filesystem_avail_bytes{device="/dev/sdb1",mountpoint="/data"}';

describe('node_exporter filesystem values that are not capacity', () => {
  const source: PrometheusSource = { type: 'prometheus', url: 'http://127.0.0.1:9/metrics', preset: 'node-exporter', resources: [] };
  it.each([
    ['free is NaN', fsScrape('1000', 'NaN', '900'), `filesystem:/data: used is NaN (${SIZE} - ${FREE}) in the scrape`],
    ['avail is NaN', fsScrape('1000', '950', 'NaN'), `filesystem:/data: free is NaN (${AVAIL}) in the scrape`],
    ['avail is +Inf', fsScrape('1000', '950', '+Inf'), `filesystem:/data: free is +Inf (${AVAIL}) in the scrape`],
    ['free is -Inf', fsScrape('1000', '-Inf', '900'), `filesystem:/data: used is +Inf (${SIZE} - ${FREE}) in the scrape`],
    ['avail is negative', fsScrape('1000', '950', '-5'), `filesystem:/data: free is -5 (${AVAIL}) in the scrape`],
    ['free larger than size', fsScrape('1000', '1200', '900'), `filesystem:/data: used is -200 (${SIZE} - ${FREE}) in the scrape`],
    ['size is NaN', fsScrape('NaN', '950', '900'), `filesystem:/data: used is NaN (${SIZE} - ${FREE}) in the scrape`],
  ])('%s → a failed reading naming it', (_name, text, reason) => {
    const samples = parsePromText(text);
    const fs = prometheusResources(source, samples).find((r) => r.name === 'filesystem:/data');
    expect(fs, 'the preset keeps the broken mount').toBeDefined();
    expect(readPromResource('PDN', fs!, { samples, tsMs: TS_MS }, undefined)).toEqual({ ok: false, resource: 'filesystem:/data', reason });
  });

  it('a well-formed filesystem still reads', () => {
    const samples = parsePromText(fsScrape('1000', '100', '50'));
    const fs = prometheusResources(source, samples).find((r) => r.name === 'filesystem:/data');
    expect(readPromResource('PDN', fs!, { samples, tsMs: TS_MS }, undefined)).toMatchObject({ ok: true, reading: { used: 900, total: 950 } });
  });
});

describe('own Prometheus resources', () => {
  const samples = parsePromText('ups_load_watts NaN\nups_rating_watts 8000\nups_rating_neg -1\nups_ok 100\nups_inf +Inf\n');
  it.each([
    ['used NaN', { used: { metric: 'ups_load_watts' }, total: 8000 }, 'ups: used is NaN (ups_load_watts) in the scrape'],
    ['total negative', { used: { metric: 'ups_ok' }, total: { metric: 'ups_rating_neg' } }, 'ups: total is -1 (ups_rating_neg) in the scrape'],
    ['total +Inf', { used: { metric: 'ups_ok' }, total: { metric: 'ups_inf' } }, 'ups: total is +Inf (ups_inf) in the scrape'],
    ['metric absent is still "not found"', { used: { metric: 'ups_gone' }, total: 8000 }, 'ups: metric ups_gone not found in the scrape'],
  ])('%s', (_name, partial, reason) => {
    const resource = { name: 'ups', unit: 'watts' as const, ...partial } as Parameters<typeof readPromResource>[1];
    expect(readPromResource('PDN', resource, { samples, tsMs: TS_MS }, undefined)).toEqual({ ok: false, resource: 'ups', reason });
  });

  it('a NaN counter is an error, not a stored NaN baseline', () => {
    const counters = parsePromText('node_network_receive_bytes_total{device="eth0"} NaN\n');
    expect(() => counterSnapshot(counters, { metric: 'node_network_receive_bytes_total', aggregate: 'sum' }, TS_MS)).toThrow(
      'counter node_network_receive_bytes_total{device="eth0"} is NaN in the scrape',
    );
  });
});

describe('http-json values that are not capacity', () => {
  const source = (used: string): HttpJsonSource => ({
    type: 'http-json',
    url: 'http://127.0.0.1:9/dcim',
    headers: {},
    resources: [{ name: 'rack-power', unit: 'watts', used, total: 'rating' }],
  });
  it.each([
    ['"NaN" string', { draw: 'NaN', rating: 8000 }, 'rack-power: used is NaN ("draw") in the response'],
    ['"Infinity" string', { draw: 'Infinity', rating: 8000 }, 'rack-power: used is +Inf ("draw") in the response'],
    ['"-inf" string', { draw: '-inf', rating: 8000 }, 'rack-power: used is -Inf ("draw") in the response'],
    ['negative number', { draw: -40, rating: 8000 }, 'rack-power: used is -40 ("draw") in the response'],
    ['negative total', { draw: 40, rating: -1 }, 'rack-power: total is -1 ("rating") in the response'],
    ['text is still not a number', { draw: 'n/a', rating: 8000 }, 'rack-power: "draw" gave "n/a", not a number'],
  ])('%s', (_name, body, reason) => {
    expect(readJsonSource('DC', source('draw'), body, TS)).toEqual([{ ok: false, resource: 'rack-power', reason }]);
  });
});

describe('CloudWatch values that are not capacity', () => {
  const cw: CloudWatchSource = {
    type: 'cloudwatch',
    region: 'ap-southeast-3',
    resources: [
      { name: 'sirekap-db', unit: 'bytes', namespace: 'AWS/RDS', metric: 'FreeStorageSpace', dimensions: {}, stat: 'Minimum', meaning: 'free', total: 500, periodSeconds: 300 },
    ],
  };
  it.each([
    [NaN, 'sirekap-db: free is NaN (AWS/RDS FreeStorageSpace) in CloudWatch'],
    [Infinity, 'sirekap-db: free is +Inf (AWS/RDS FreeStorageSpace) in CloudWatch'],
    [-Infinity, 'sirekap-db: free is -Inf (AWS/RDS FreeStorageSpace) in CloudWatch'],
    [-3, 'sirekap-db: free is -3 (AWS/RDS FreeStorageSpace) in CloudWatch'],
    [900, 'sirekap-db: used is -400 of a total of 500: free is larger than total'],
  ])('value %s', (value, reason) => {
    const results = readCloudWatchSource('aws', cw, [{ Id: 'm0', Timestamps: [new Date(TS)], Values: [value] }], TS);
    expect(results).toEqual([{ ok: false, resource: 'sirekap-db', reason }]);
  });
});
