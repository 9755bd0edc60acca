import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { counterIncrease, counterRate, counterSnapshot } from '../../../../lambdas/core/capacity/counters';
import { ASSUMED_LINK_SPEED_BPS, nodeExporterResources } from '../../../../lambdas/core/capacity/node-exporter-preset';
import { evaluateSelector, describeSelector, selectSeries } from '../../../../lambdas/core/capacity/prom-selector';
import { parsePromText, PromParseError } from '../../../../lambdas/core/capacity/prom-text';
import { prometheusResources, readPromResource, needsBaseline } from '../../../../lambdas/core/capacity/prometheus-read';
import type { PrometheusSource, PromResource } from '../../../../lambdas/core/capacity/types';

const FIXTURES = join(__dirname, '../../../fixtures/node-exporter');
const scrape1 = readFileSync(join(FIXTURES, 'scrape-1.prom'), 'utf8');
const scrape2 = readFileSync(join(FIXTURES, 'scrape-2.prom'), 'utf8');
const T1 = Date.parse('2026-11-24T03:00:00.000Z');
const T2 = T1 + 2_000; // the fixtures were scraped ~2 s apart; the test fixes the gap at exactly 2 s

/** A value straight from the text, independent of the parser under test. */
function raw(text: string, line: string): number {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  if (!found) throw new Error(`fixture lacks ${line}`);
  return Number(found.slice(line.length + 1));
}

const preset: PrometheusSource = { type: 'prometheus', url: 'http://127.0.0.1:9/metrics', preset: 'node-exporter', resources: [] };

describe('Prometheus text parsing (real node_exporter 1.5 output)', () => {
  it('flattens every sample with labels and numeric values', () => {
    const samples = parsePromText(scrape1);
    const memTotal = samples.find((s) => s.name === 'node_memory_MemTotal_bytes');
    expect(memTotal?.value).toBe(raw(scrape1, 'node_memory_MemTotal_bytes'));
    const idle0 = samples.find((s) => s.name === 'node_cpu_seconds_total' && s.labels.cpu === '0' && s.labels.mode === 'idle');
    expect(idle0?.value).toBe(raw(scrape1, 'node_cpu_seconds_total{cpu="0",mode="idle"}'));
    // Summaries come back as their _count / _sum series and the quantiles.
    expect(samples.some((s) => s.name === 'go_gc_duration_seconds_count')).toBe(true);
    expect(samples.some((s) => s.name === 'go_gc_duration_seconds' && s.labels.quantile === '0.5')).toBe(true);
  });

  it('reads histograms, infinities and NaN', () => {
    const samples = parsePromText('# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 3\nh_sum 4\nh_count 3\nup +Inf\ndown NaN\n');
    expect(samples.find((s) => s.name === 'h_bucket' && s.labels.le === '+Inf')?.value).toBe(3);
    expect(samples.find((s) => s.name === 'h_count')?.value).toBe(3);
    expect(samples.find((s) => s.name === 'up')?.value).toBe(Infinity);
    expect(Number.isNaN(samples.find((s) => s.name === 'down')!.value)).toBe(true);
  });

  it('rejects an HTML error page, garbage and an empty body', () => {
    expect(() => parsePromText('<html><body>502 Bad Gateway</body></html>\n')).toThrow(PromParseError);
    expect(() => parsePromText('garbage {{{ line\n')).toThrow(/not Prometheus text format/);
    expect(() => parsePromText('')).toThrow(/no samples/);
  });
});

describe('selectors', () => {
  const samples = parsePromText(
    [
      'x{dev="a",kind="disk"} 10',
      'x{dev="b",kind="disk"} 30',
      'x{dev="c",kind="ram"} 5',
      'x{dev="d"} 7',
      'y_total{dir="rx"} 1',
      'y_total{dir="tx"} 2',
    ].join('\n') + '\n',
  );

  it('matches exact labels, ~regex labels (anchored) and notLabels', () => {
    expect(evaluateSelector(samples, { metric: 'x', labels: { kind: 'disk' }, aggregate: 'sum' })).toBe(40);
    expect(evaluateSelector(samples, { metric: 'x', labels: { dev: '~a|c' }, aggregate: 'sum' })).toBe(15);
    // Anchored like PromQL: "~a" does not match "ab"-style values, and a missing label is "".
    expect(selectSeries(samples, { metric: 'x', labels: { kind: '~' }, aggregate: 'sum' }).map((s) => s.labels.dev)).toEqual(['d']);
    expect(evaluateSelector(samples, { metric: 'x', notLabels: { kind: 'ram' }, aggregate: 'sum' })).toBe(47);
    expect(evaluateSelector(samples, { metric: 'x', notLabels: { dev: '~[ab]' }, aggregate: 'sum' })).toBe(12);
  });

  it('aggregates with sum, max, min, avg and scales', () => {
    const sel = { metric: 'x', labels: { kind: 'disk' } };
    expect(evaluateSelector(samples, { ...sel, aggregate: 'max' })).toBe(30);
    expect(evaluateSelector(samples, { ...sel, aggregate: 'min' })).toBe(10);
    expect(evaluateSelector(samples, { ...sel, aggregate: 'avg' })).toBe(20);
    expect(evaluateSelector(samples, { ...sel, aggregate: 'sum', scale: 8 })).toBe(320);
  });

  it('takes several metrics with a ~regex metric name', () => {
    expect(evaluateSelector(samples, { metric: '~y_total|nope', aggregate: 'sum' })).toBe(3);
  });

  it('a selector that matches nothing names itself in the error', () => {
    const sel = { metric: 'x', labels: { dev: 'zzz' }, notLabels: { kind: '~ram' }, aggregate: 'sum' as const };
    expect(() => evaluateSelector(samples, sel)).toThrow('metric x{dev="zzz",kind!~"ram"} not found in the scrape');
    expect(describeSelector(sel)).toBe('x{dev="zzz",kind!~"ram"}');
  });
});

describe('counter rates', () => {
  it('a counter that went down was reset: its increase is its new value, never negative', () => {
    expect(counterIncrease(100, 130)).toBe(30);
    expect(counterIncrease(100, 10)).toBe(10);
    const selector = { metric: 'c_total', aggregate: 'sum' as const };
    const before = counterSnapshot(parsePromText('c_total{i="a"} 100\nc_total{i="b"} 50\n'), selector, 0);
    const after = counterSnapshot(parsePromText('c_total{i="a"} 10\nc_total{i="b"} 60\nc_total{i="new"} 999\n'), selector, 10_000);
    // a: reset, +10; b: +10; new: no earlier value, left out → (10 + 10) / 10 s.
    expect(counterRate(before, after, selector)).toBe(2);
  });

  it('no shared series, or no time between the samples, gives no rate', () => {
    const selector = { metric: 'c_total', aggregate: 'sum' as const };
    const a = { tsMs: 0, values: { k: 1 } };
    expect(counterRate(a, { tsMs: 5_000, values: { other: 3 } }, selector)).toBeNull();
    expect(counterRate(a, { tsMs: 0, values: { k: 3 } }, selector)).toBeNull();
  });
});

describe('node-exporter preset on the real scrape', () => {
  const s1 = parsePromText(scrape1);
  const s2 = parsePromText(scrape2);

  it('yields cpu, memory, filesystem:/ and network:eth0 (no speed reported: an assumed 1 Gb/s, said in a note)', () => {
    const resources = prometheusResources(preset, s1);
    expect(resources.map((r) => r.name)).toEqual(['cpu', 'memory', 'filesystem:/', 'network:eth0']);
    expect(resources.find((r) => r.name === 'network:eth0')).toMatchObject({ total: ASSUMED_LINK_SPEED_BPS, note: expect.stringContaining('linkSpeedBps') });
  });

  it('memory is MemTotal − MemAvailable of MemTotal', () => {
    const memory = prometheusResources(preset, s1).find((r) => r.name === 'memory')!;
    const result = readPromResource('dc', memory, { samples: s1, tsMs: T1 }, undefined);
    const total = raw(scrape1, 'node_memory_MemTotal_bytes');
    const used = total - raw(scrape1, 'node_memory_MemAvailable_bytes');
    expect(result).toMatchObject({ ok: true, reading: { site: 'dc', resource: 'memory', unit: 'bytes', used, total, headroom: total - used } });
    if (result.ok) expect(result.reading.utilisation).toBeCloseTo((used / total) * 100, 10);
  });

  it('filesystem:/ is what df reports: used = size − free, of used + avail (root-reserved blocks are neither)', () => {
    const fs = prometheusResources(preset, s1).find((r) => r.name === 'filesystem:/')!;
    const result = readPromResource('dc', fs, { samples: s1, tsMs: T1 }, undefined);
    const series = '{device="/dev/vda",fstype="ext4",mountpoint="/"}';
    const size = raw(scrape1, `node_filesystem_size_bytes${series}`);
    const free = raw(scrape1, `node_filesystem_free_bytes${series}`);
    const avail = raw(scrape1, `node_filesystem_avail_bytes${series}`);
    expect(free).toBeGreaterThan(avail); // the fixture's disk has reserved blocks, so the two models differ
    expect(result.ok && result.reading).toMatchObject({ used: size - free, total: size - free + avail, headroom: avail, unit: 'bytes' });
    // df's Use% is used / (used + avail), rounded up.
    if (result.ok) expect(Math.ceil(result.reading.utilisation)).toBe(Math.ceil(((size - free) / (size - free + avail)) * 100));
  });

  it('cpu is CPUs − rate(idle) between two scrapes', () => {
    const cpu = prometheusResources(preset, s2).find((r) => r.name === 'cpu')!;
    expect(cpu.total).toBe(2);
    const previous = counterSnapshot(s1, cpu.free!, T1);
    const result = readPromResource('dc', cpu, { samples: s2, tsMs: T2 }, previous);
    const idle = (text: string) =>
      raw(text, 'node_cpu_seconds_total{cpu="0",mode="idle"}') + raw(text, 'node_cpu_seconds_total{cpu="1",mode="idle"}');
    const busy = 2 - (idle(scrape2) - idle(scrape1)) / 2;
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.reading.used).toBeCloseTo(busy, 10);
    expect(result.reading.utilisation).toBeCloseTo((busy / 2) * 100, 8);
    expect(result.counters?.tsMs).toBe(T2);
  });

  it('cpu without an earlier sample is a failure, not a zero', () => {
    const cpu = prometheusResources(preset, s2).find((r) => r.name === 'cpu')!;
    const result = readPromResource('dc', cpu, { samples: s2, tsMs: T2 }, undefined);
    expect(result).toMatchObject({ ok: false, resource: 'cpu' });
    expect(needsBaseline(cpu, undefined, T2, 300_000)).toBe(true);
    expect(needsBaseline(cpu, { tsMs: T2 - 60_000, values: {} }, T2, 300_000)).toBe(false);
    expect(needsBaseline(cpu, { tsMs: T2 - 600_000, values: {} }, T2, 300_000)).toBe(true);
    expect(needsBaseline(cpu, { tsMs: T2 - 10, values: {} }, T2, 300_000)).toBe(true);
  });

  it('a missing metric is a failure that names the metric', () => {
    const memory = prometheusResources(preset, s1).find((r) => r.name === 'memory')!;
    const without = s1.filter((s) => s.name !== 'node_memory_MemAvailable_bytes');
    expect(readPromResource('dc', memory, { samples: without, tsMs: T1 }, undefined)).toEqual({
      ok: false,
      resource: 'memory',
      reason: 'memory: metric node_memory_MemAvailable_bytes not found in the scrape',
    });
  });
});

describe('node-exporter preset discovery', () => {
  const text = [
    'node_filesystem_size_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 1000',
    'node_filesystem_avail_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 250',
    'node_filesystem_size_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/srv/bind"} 1000',
    'node_filesystem_avail_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/srv/bind"} 250',
    'node_filesystem_size_bytes{device="/dev/sdb1",fstype="xfs",mountpoint="/data"} 4000',
    'node_filesystem_avail_bytes{device="/dev/sdb1",fstype="xfs",mountpoint="/data"} 1000',
    'node_filesystem_size_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 100',
    'node_filesystem_size_bytes{device="overlay",fstype="overlay",mountpoint="/var/lib/docker/overlay2/x/merged"} 1000',
    'node_filesystem_size_bytes{device="/dev/loop0",fstype="squashfs",mountpoint="/snap/core/1"} 50',
    'node_filesystem_size_bytes{device="proc",fstype="proc",mountpoint="/proc"} 0',
    'node_filesystem_size_bytes{device="/dev/sdc1",fstype="ext4",mountpoint="/broken"} 10',
    'node_filesystem_device_error{device="/dev/sdc1",fstype="ext4",mountpoint="/broken"} 1',
    'node_network_receive_bytes_total{device="lo"} 5',
    'node_network_transmit_bytes_total{device="lo"} 5',
    'node_network_receive_bytes_total{device="eth0"} 1000',
    'node_network_transmit_bytes_total{device="eth0"} 2000',
    'node_network_speed_bytes{device="eth0"} 125000000',
    'node_network_receive_bytes_total{device="eth1"} 0',
    'node_network_transmit_bytes_total{device="eth1"} 0',
    'node_network_speed_bytes{device="eth1"} -125000',
    'node_network_receive_bytes_total{device="docker0"} 0',
    'node_network_transmit_bytes_total{device="docker0"} 0',
    'node_network_speed_bytes{device="docker0"} 1250000',
  ].join('\n') + '\n';
  const samples = parsePromText(text);

  it('keeps real filesystems once per device and drops pseudo, container and failing ones', () => {
    const names = nodeExporterResources(samples).map((r) => r.name);
    expect(names.filter((n) => n.startsWith('filesystem:'))).toEqual(['filesystem:/', 'filesystem:/data']);
  });

  it('network: physical links at their speed, else linkSpeedBps, else an assumed 1 Gb/s with a note; never lo or bridges', () => {
    const network = (options = {}) => nodeExporterResources(samples, options).filter((r) => r.name.startsWith('network:'));
    expect(network().map((r) => [r.name, r.total, r.note ?? null])).toEqual([
      ['network:eth0', 1e9, null],
      ['network:eth1', ASSUMED_LINK_SPEED_BPS, expect.stringContaining('assumed 1 Gb/s')],
    ]);
    expect(network({ linkSpeedBps: 10e9 }).map((r) => [r.name, r.total, r.note ?? null])).toEqual([
      ['network:eth0', 1e9, null],
      ['network:eth1', 10e9, null],
    ]);
  });

  it('network utilisation is the busier direction: max(rx, tx) bytes/s × 8 of the link speed (full duplex)', () => {
    const eth0 = nodeExporterResources(samples).find((r) => r.name === 'network:eth0')!;
    const later = parsePromText(text.replace('receive_bytes_total{device="eth0"} 1000', 'receive_bytes_total{device="eth0"} 75001000').replace('transmit_bytes_total{device="eth0"} 2000', 'transmit_bytes_total{device="eth0"} 12502000'));
    const previous = counterSnapshot(samples, eth0.used!, 0);
    const result = readPromResource('dc', eth0, { samples: later, tsMs: 10_000 }, previous);
    // In 10 s: 75 MB received (60 Mb/s) and 12.5 MB sent (10 Mb/s) → 60 Mb/s of 1 Gb/s = 6 %, not 7 %.
    expect(result.ok && result.reading).toMatchObject({ used: 60e6, total: 1e9, utilisation: 6 });
  });

  it("a source's own resource replaces the preset's of the same name, others are added", () => {
    const own: PromResource = { name: 'memory', unit: 'bytes', used: { metric: 'node_filesystem_size_bytes', labels: { mountpoint: '/' }, aggregate: 'max' }, total: 4000 };
    const rack: PromResource = { name: 'rack-power', unit: 'watts', used: { metric: 'node_filesystem_size_bytes', labels: { mountpoint: '/data' }, aggregate: 'max' }, total: 8000 };
    const resources = prometheusResources({ ...preset, resources: [own, rack] }, samples);
    expect(resources.filter((r) => r.name === 'memory')).toEqual([own]);
    expect(resources.map((r) => r.name)).toContain('rack-power');
    const result = readPromResource('dc', rack, { samples, tsMs: 0 }, undefined);
    expect(result.ok && result.reading).toMatchObject({ used: 4000, total: 8000, utilisation: 50, headroom: 4000, headroomPct: 50 });
  });
});
