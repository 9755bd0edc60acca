import { readFileSync } from 'node:fs';
import path from 'node:path';
import { counterSnapshot, type CounterSnapshot } from '../lambdas/core/capacity/counters';
import { forecast, STORAGE_LOOKBACK_MS, type HistoryPoint } from '../lambdas/core/capacity/forecast';
import { DEFAULT_THRESHOLDS } from '../lambdas/core/capacity/levels';
import { parsePromText, type PromSample } from '../lambdas/core/capacity/prom-text';
import { prometheusResources, rateSelector, readPromResource, type ResourceResult } from '../lambdas/core/capacity/prometheus-read';
import type { PrometheusSource } from '../lambdas/core/capacity/types';
import { median, round, seeded } from './stats';

/**
 * Capacity parsing and forecasting, CPU only, in its own process:
 *
 * - Per scrape: parse the committed real node_exporter scrapes (test/fixtures/node-exporter)
 *   with parsePromText, expand the node-exporter preset and read every resource, as the
 *   capacity cycle does once the text has arrived. Counters (cpu, network) are read against the
 *   previous scrape's snapshot (scrape-2 against scrape-1 taken 60 s earlier; scrape-1 against
 *   its own snapshot 60 s earlier, a zero rate that runs the same code).
 * - Forecast: the least-squares time-to-exhaustion on a 7-day history at 1-minute samples
 *   (10,080 points, a filesystem filling ~2 points a day with seeded noise), storage lookback.
 *
 * Each figure is the mean over a batch of iterations; the batch is repeated ROUNDS times after
 * a warm-up and the summary gives the median and the worst batch.
 */

export interface CapacityBenchInput {
  rounds: number;
  scrapeIterations: number;
  forecastIterations: number;
}

export interface ScrapeFigures {
  fixture: string;
  bytes: number;
  samples: number;
  resources: string[];
  /** Resources read without an error (all of them on these real scrapes). */
  readingsOk: number;
  /** Per scrape, median over rounds (max in brackets in the table). */
  parseUs: { p50: number; max: number };
  readUs: { p50: number; max: number };
  totalUs: { p50: number; max: number };
  samplesPerSec: number;
}

export interface ForecastFigures {
  points: number;
  spanDays: number;
  us: { p50: number; max: number };
  pointsPerSec: number;
  hoursToExhaustion: number | null;
  slopePerHour: number | null;
}

export interface CapacityBenchOutput {
  setup: Record<string, unknown>;
  scrapes: ScrapeFigures[];
  forecast: ForecastFigures;
}

const FIXTURES = path.join(__dirname, '..', 'test', 'fixtures', 'node-exporter');
const SCRAPE_GAP_MS = 60_000;
const T0 = Date.parse('2026-11-24T03:00:00.000Z');

const SOURCE: PrometheusSource = { type: 'prometheus', url: 'http://127.0.0.1:9100/metrics', preset: 'node-exporter', resources: [] };

function snapshots(samples: readonly PromSample[], tsMs: number): Map<string, CounterSnapshot> {
  const out = new Map<string, CounterSnapshot>();
  for (const r of prometheusResources(SOURCE, samples)) {
    const selector = rateSelector(r);
    if (selector) out.set(r.name, counterSnapshot(samples, selector, tsMs));
  }
  return out;
}

/** What the capacity cycle does with one scrape's text: parse, discover resources, read them. */
function processScrape(text: string, tsMs: number, previous: Map<string, CounterSnapshot>) {
  const t0 = performance.now();
  const samples = parsePromText(text);
  const t1 = performance.now();
  const results: ResourceResult[] = prometheusResources(SOURCE, samples).map((r) =>
    readPromResource('dc-jakarta', r, { samples, tsMs }, previous.get(r.name)),
  );
  const t2 = performance.now();
  return { samples, results, parseMs: t1 - t0, readMs: t2 - t1 };
}

function timeScrape(fixture: string, text: string, previous: Map<string, CounterSnapshot>, tsMs: number, input: CapacityBenchInput): ScrapeFigures {
  const first = processScrape(text, tsMs, previous);
  for (let i = 0; i < Math.min(50, input.scrapeIterations); i++) processScrape(text, tsMs, previous); // warm-up
  const parse: number[] = [];
  const read: number[] = [];
  const total: number[] = [];
  for (let r = 0; r < input.rounds; r++) {
    let parseMs = 0;
    let readMs = 0;
    for (let i = 0; i < input.scrapeIterations; i++) {
      const out = processScrape(text, tsMs, previous);
      parseMs += out.parseMs;
      readMs += out.readMs;
    }
    parse.push((parseMs * 1000) / input.scrapeIterations);
    read.push((readMs * 1000) / input.scrapeIterations);
    total.push(((parseMs + readMs) * 1000) / input.scrapeIterations);
  }
  const us = (values: number[]) => ({ p50: round(median(values), 0), max: round(Math.max(...values), 0) });
  return {
    fixture,
    bytes: Buffer.byteLength(text),
    samples: first.samples.length,
    resources: first.results.map((r) => r.resource),
    readingsOk: first.results.filter((r) => r.ok).length,
    parseUs: us(parse),
    readUs: us(read),
    totalUs: us(total),
    samplesPerSec: Math.round(first.samples.length / (median(total) / 1e6)),
  };
}


function history(points: number): HistoryPoint[] {
  const random = seeded(20261124);
  // 62 % → ~76 % over 7 days (2 points a day), ±0.5 point of noise.
  return Array.from({ length: points }, (_, i) => ({
    tMs: T0 + i * 60_000,
    value: 62 + (2 / 1440) * i + (random() - 0.5),
  }));
}

function timeForecast(input: CapacityBenchInput): ForecastFigures {
  const points = history(7 * 24 * 60);
  const options = { nowMs: points.at(-1)!.tMs, lookbackMs: STORAGE_LOOKBACK_MS, criticalPct: DEFAULT_THRESHOLDS.criticalPct };
  const result = forecast(points, options);
  for (let i = 0; i < Math.min(20, input.forecastIterations); i++) forecast(points, options); // warm-up
  const perRound: number[] = [];
  for (let r = 0; r < input.rounds; r++) {
    const started = performance.now();
    for (let i = 0; i < input.forecastIterations; i++) forecast(points, options);
    perRound.push(((performance.now() - started) * 1000) / input.forecastIterations);
  }
  return {
    points: points.length,
    spanDays: round((points.at(-1)!.tMs - points[0]!.tMs) / 86_400_000, 2),
    us: { p50: round(median(perRound), 0), max: round(Math.max(...perRound), 0) },
    pointsPerSec: Math.round(points.length / (median(perRound) / 1e6)),
    hoursToExhaustion: result.hoursToExhaustion === null ? null : round(result.hoursToExhaustion, 1),
    slopePerHour: result.slopePerHour === null ? null : round(result.slopePerHour, 4),
  };
}

export function runCapacityBench(input: CapacityBenchInput): CapacityBenchOutput {
  const text1 = readFileSync(path.join(FIXTURES, 'scrape-1.prom'), 'utf8');
  const text2 = readFileSync(path.join(FIXTURES, 'scrape-2.prom'), 'utf8');
  const samples1 = parsePromText(text1);
  const ts1 = T0;
  const ts2 = T0 + SCRAPE_GAP_MS;
  const scrapes = [
    timeScrape('scrape-1.prom', text1, snapshots(samples1, ts1 - SCRAPE_GAP_MS), ts1, input),
    timeScrape('scrape-2.prom', text2, snapshots(samples1, ts1), ts2, input),
  ];
  return {
    setup: {
      fixtures: 'test/fixtures/node-exporter/scrape-{1,2}.prom (real node_exporter output)',
      perScrape: 'parsePromText + prometheusResources (node-exporter preset) + readPromResource for every resource',
      counters: `previous snapshot ${SCRAPE_GAP_MS / 1000} s earlier (scrape-2 against scrape-1)`,
      forecast: `forecast() with lookback ${STORAGE_LOOKBACK_MS / 86_400_000} d (storage), criticalPct ${DEFAULT_THRESHOLDS.criticalPct}`,
      rounds: input.rounds,
      scrapeIterations: input.scrapeIterations,
      forecastIterations: input.forecastIterations,
    },
    scrapes,
    forecast: timeForecast(input),
  };
}

process.once('message', (input: CapacityBenchInput) => {
  try {
    const output = runCapacityBench(input);
    process.send?.({ output }, () => process.exit(0));
  } catch (err) {
    process.send?.({ error: (err as Error).stack ?? (err as Error).message }, () => process.exit(1));
  }
});
