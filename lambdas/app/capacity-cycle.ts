import { counterSnapshot, type CounterSnapshot } from '../core/capacity/counters';
import { defaultLookbackMs, forecast, type HistoryPoint } from '../core/capacity/forecast';
import { readJsonSource } from '../core/capacity/json-read';
import {
  capacityAlertRules,
  readingObservation,
  resourceFailureObservation,
  sourceObservation,
  type CapacityLevel,
} from '../core/capacity/levels';
import { capacitySeries, type CapacityMetricSeries } from '../core/capacity/metrics';
import { heartbeatSeries, type MetricSeries } from '../core/metrics';
import { parsePromText } from '../core/capacity/prom-text';
import {
  needsBaseline,
  prometheusResources,
  rateSelector,
  readPromResource,
  type ResourceResult,
  type Scrape,
} from '../core/capacity/prometheus-read';
import type { CapacityReading, CapacitySource, CapacityUnit, CloudWatchSource, HttpJsonSource, PromResource } from '../core/capacity/types';
import type { Observation } from '../core/alerting/types';
import { mapWithConcurrency } from '../core/concurrency';
import { evaluateObservations, type AlertCycleReport, type AlertDeps, type SubjectObservation } from './alert-cycle';
import { capacitySubject, type CapacityHistory, type CapacityState, type ResourceHistory, type SampleToSave } from '../ports';
import type { LogSink, SecretResolver } from '../ports';
import { PROMETHEUS_ACCEPT, type FetchOptions } from '../adapters/capacity-fetch';

/**
 * One capacity cycle: read every source, turn each resource into a reading with a forecast from
 * its stored history, then hand the results to the sinks (samples, state, metrics, alerts).
 * Shared by the capacity Lambda and `pantau capacity`; only the adapters differ.
 *
 * A source that cannot be read is a capacity probe FAILURE (an observation with ok=false), never
 * a zero reading. Sinks are independent: one failing is logged and reported in `sinkErrors` and
 * never stops the others.
 */

export interface CapacityMetricsPublisher {
  publish(series: Array<CapacityMetricSeries | MetricSeries>): Promise<number>;
}

export interface CapacityCycleDeps {
  store: CapacityHistory;
  metrics: CapacityMetricsPublisher;
  fetchText: (url: string, options: FetchOptions) => Promise<string>;
  fetchJson: (url: string, options: FetchOptions) => Promise<unknown>;
  readCloudWatch: (site: string, source: CloudWatchSource, now: Date) => Promise<ResourceResult[]>;
  log: LogSink;
  /** Resolves http-json `secretHeaders` (SSM / Secrets Manager in AWS, env vars locally). */
  secrets?: SecretResolver;
  /** Region label on observations (the region the capacity Lambda runs in). */
  region: string;
  /**
   * The schedule's group (`capacity-5m`): each run publishes its `Heartbeat` (dead-man,
   * lib/constructs/dead-man.ts) with it. Unset for the CLI, which has no schedule to watch.
   */
  shard?: string;
  /**
   * The alert engine's dependencies (lambdas/app/alert-cycle.ts). Capacity subjects use the
   * capacity STATE items; `regions` should be the one region the capacity Lambda runs in.
   * Without it the cycle only reports its observations (the CLI's plain `capacity` run).
   */
  alerts?: AlertDeps;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Gap between the two scrapes of a rate resource with no usable stored sample (default 1 s). */
  baselineDelayMs?: number;
  /** Sources read in parallel (default 8). */
  concurrency?: number;
}

export type CapacitySinkName = 'samples' | 'state' | 'metrics' | 'alerts' | 'history';

export interface CapacityFailure {
  sourceId: string;
  site: string;
  /** null when the whole source failed (unreachable, HTTP error, not parseable). */
  resource: string | null;
  reason: string;
}

export interface LevelChange {
  site: string;
  resource: string;
  level: CapacityLevel;
  previousLevel: CapacityLevel | null;
}

export interface CapacityCycleReport {
  readings: CapacityReading[];
  failures: CapacityFailure[];
  /** Level of every reading, in reading order. */
  levels: CapacityLevel[];
  changes: LevelChange[];
  observations: Observation[];
  /** What the alert engine decided and published (when `alerts` was given). */
  alerts?: AlertCycleReport;
  sinkErrors: Array<{ sink: CapacitySinkName; message: string }>;
}

interface SourceOutcome {
  source: CapacitySource;
  ts: string;
  failure: string | null;
  results: ResourceResult[];
  /** Stored history per resource name, read before this run's sample is written. */
  histories: Map<string, ResourceHistory>;
}

export const DEFAULT_BASELINE_DELAY_MS = 1_000;
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A stored counter sample older than this is too stale for a "current" rate: scrape twice instead. */
export function baselineMaxAgeMs(source: CapacitySource): number {
  return Math.max(3 * source.intervalMs, 5 * 60_000);
}

export async function runCapacityCycle(sources: CapacitySource[], deps: CapacityCycleDeps): Promise<CapacityCycleReport> {
  const now = deps.now ?? Date.now;
  const sinkErrors: CapacityCycleReport['sinkErrors'] = [];
  const outcomes = await mapWithConcurrency(sources, deps.concurrency ?? 8, (source) =>
    readSource(source, deps, now, sinkErrors),
  );

  const readings: CapacityReading[] = [];
  const levels: CapacityLevel[] = [];
  const failures: CapacityFailure[] = [];
  const observations: Observation[] = [];
  const subjects: SubjectObservation[] = [];
  const observe = (source: CapacitySource, obs: Observation, resourceKey: string): void => {
    observations.push(obs);
    subjects.push({
      obs,
      rules: capacityAlertRules(source),
      subject: capacitySubject(source.site, resourceKey),
    });
  };
  const samples: SampleToSave[] = [];
  const states: CapacityState[] = [];

  for (const outcome of outcomes) {
    const { source, ts } = outcome;
    observe(source, sourceObservation(source, outcome.failure, ts, deps.region), `source:${source.id}`);
    if (outcome.failure !== null) {
      failures.push({ sourceId: source.id, site: source.site, resource: null, reason: outcome.failure });
      continue;
    }
    for (const result of outcome.results) {
      if (!result.ok) {
        failures.push({ sourceId: source.id, site: source.site, resource: result.resource, reason: result.reason });
        observe(source, resourceFailureObservation(source, result.resource, result.reason, ts, deps.region), result.resource);
        states.push(failedState(source.site, result.resource, result.reason, ts));
        continue;
      }
      const reading = withForecast(result.reading, source, outcome.histories.get(result.resource));
      const { observation, level } = readingObservation(source, reading, deps.region);
      readings.push(reading);
      levels.push(level);
      observe(source, observation, reading.resource);
      samples.push({ reading, ...(result.counters ? { counters: result.counters } : {}) });
      states.push(readingState(reading, level));
    }
  }

  const changes: LevelChange[] = [];
  const sinks: Array<[CapacitySinkName, () => Promise<unknown>]> = [
    ['samples', () => deps.store.saveSamples(samples)],
    [
      'state',
      () =>
        mapWithConcurrency(states, 8, async (state) => {
          const { previousLevel } = await deps.store.saveState(state);
          if (previousLevel !== state.level) {
            changes.push({ site: state.site, resource: state.resource, level: state.level, previousLevel });
          }
        }),
    ],
    [
      'metrics',
      () => deps.metrics.publish([...capacitySeries(readings), ...(deps.shard ? [heartbeatSeries(deps.region, deps.shard)] : [])]),
    ],
  ];
  let alerts: AlertCycleReport | undefined;
  if (deps.alerts) {
    const alertDeps = deps.alerts;
    sinks.push(['alerts', async () => (alerts = await evaluateObservations(subjects, alertDeps))]);
  }

  const settled = await Promise.allSettled(sinks.map(([, write]) => write()));
  settled.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') return;
    const sink = sinks[i]![0];
    const message = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
    sinkErrors.push({ sink, message });
    deps.log.error(`capacity sink ${sink} failed; the other sinks still ran`, { sink, error: message });
  });
  for (const f of failures) {
    deps.log.warn('capacity source failed', { source: f.sourceId, site: f.site, resource: f.resource, reason: f.reason });
  }
  return { readings, failures, levels, changes, observations, ...(alerts ? { alerts } : {}), sinkErrors };
}

/** Forecast from the stored history plus this reading. */
function withForecast(reading: CapacityReading, source: CapacitySource, history: ResourceHistory | undefined): CapacityReading {
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

function readingState(reading: CapacityReading, level: CapacityLevel): CapacityState {
  return {
    site: reading.site,
    resource: reading.resource,
    unit: reading.unit,
    level,
    levelSince: reading.ts,
    utilisation: reading.utilisation,
    hoursToExhaustion: reading.hoursToExhaustion,
    hoursToCritical: reading.hoursToCritical,
    exhaustionAt:
      reading.hoursToExhaustion === null ? null : new Date(Date.parse(reading.ts) + reading.hoursToExhaustion * 3_600_000).toISOString(),
    ...(reading.forecastNote ? { forecastNote: reading.forecastNote } : {}),
    ts: reading.ts,
  };
}

function failedState(site: string, resource: string, failure: string, ts: string): CapacityState {
  return {
    site,
    resource,
    unit: null,
    level: 'failed',
    levelSince: ts,
    utilisation: null,
    hoursToExhaustion: null,
    hoursToCritical: null,
    exhaustionAt: null,
    failure,
    ts,
  };
}

async function jsonHeaders(source: HttpJsonSource, secrets: SecretResolver | undefined): Promise<Record<string, string>> {
  const headers = { ...source.headers };
  for (const [name, ref] of Object.entries(source.secretHeaders ?? {})) {
    if (!secrets) throw new Error(`header ${name} needs a secret, and no secret resolver is configured`);
    headers[name] = await secrets(ref);
  }
  return headers;
}

async function readSource(
  source: CapacitySource,
  deps: CapacityCycleDeps,
  now: () => number,
  sinkErrors: CapacityCycleReport['sinkErrors'],
): Promise<SourceOutcome> {
  const startedMs = now();
  const outcome: SourceOutcome = { source, ts: new Date(startedMs).toISOString(), failure: null, results: [], histories: new Map() };
  const history = async (resource: string, unit: CapacityUnit, atMs: number): Promise<ResourceHistory> => {
    const lookback = defaultLookbackMs(resource, unit, source.lookbackMs);
    try {
      return await deps.store.history(source.site, resource, atMs - lookback, atMs);
    } catch (err) {
      // No history means no forecast and a second scrape for rates — degraded, not broken.
      const message = `${source.site}/${resource}: ${(err as Error).message}`;
      sinkErrors.push({ sink: 'history', message });
      deps.log.error('capacity history read failed', { error: message });
      return { points: [] };
    }
  };

  try {
    const s = source.source;
    if (s.type === 'prometheus') {
      const options: FetchOptions = { timeoutMs: source.timeoutMs, headers: { accept: PROMETHEUS_ACCEPT } };
      const scrape = async (): Promise<Scrape> => {
        const text = await deps.fetchText(s.url, options);
        return { samples: parsePromText(text), tsMs: now() };
      };
      let current = await scrape();
      const resources = prometheusResources(s, current.samples);
      for (const r of resources) outcome.histories.set(r.name, await history(r.name, r.unit, current.tsMs));
      const previous = new Map<string, CounterSnapshot | undefined>();
      const needSecond: PromResource[] = [];
      for (const r of resources) {
        const stored = outcome.histories.get(r.name)?.latest?.counters;
        if (needsBaseline(r, stored, current.tsMs, baselineMaxAgeMs(source))) needSecond.push(r);
        else previous.set(r.name, stored);
      }
      if (needSecond.length > 0) {
        // No usable stored counters (first run, or a gap): take the baseline now and scrape
        // again shortly, so cpu and network are reported on the very first run too.
        const first = current;
        await (deps.sleep ?? defaultSleep)(deps.baselineDelayMs ?? DEFAULT_BASELINE_DELAY_MS);
        current = await scrape();
        for (const r of needSecond) {
          try {
            previous.set(r.name, counterSnapshot(first.samples, rateSelector(r)!, first.tsMs));
          } catch {
            previous.set(r.name, undefined); // the resource reports the missing metric itself
          }
        }
      }
      outcome.ts = new Date(current.tsMs).toISOString();
      outcome.results = resources.map((r) => readPromResource(source.site, r, current, previous.get(r.name)));
    } else if (s.type === 'http-json') {
      const body = await deps.fetchJson(s.url, { timeoutMs: source.timeoutMs, headers: await jsonHeaders(s, deps.secrets) });
      outcome.ts = new Date(now()).toISOString();
      outcome.results = readJsonSource(source.site, s, body, outcome.ts);
      for (const r of s.resources) outcome.histories.set(r.name, await history(r.name, r.unit, Date.parse(outcome.ts)));
    } else {
      const at = new Date(now());
      outcome.ts = at.toISOString();
      outcome.results = await deps.readCloudWatch(source.site, s, at);
      for (const r of s.resources) outcome.histories.set(r.name, await history(r.name, r.unit, at.getTime()));
    }
  } catch (err) {
    outcome.failure = (err as Error).message;
    outcome.results = [];
  }
  return outcome;
}
