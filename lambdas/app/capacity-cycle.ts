import { defaultLookbackMs, withForecast } from '../core/capacity/forecast';
import {
  capacityAlertRules,
  readingObservation,
  resourceFailureObservation,
  sourceObservation,
  type CapacityLevel,
} from '../core/capacity/levels';
import { capacitySeries, type CapacityMetricSeries } from '../core/capacity/metrics';
import { heartbeatSeries, type MetricSeries } from '../core/metrics';
import type { GetMetricDataInput, MetricDataResultLike } from '../core/capacity/cloudwatch-read';
import type { ResourceResult } from '../core/capacity/prometheus-read';
import type { CapacitySourceIo, SourceHistory } from '../core/capacity/sources/io';
import { descriptorFor, type CapacitySourceRegistry } from '../core/capacity/sources/registry';
import type { CapacityReading, CapacitySource, CapacityUnit } from '../core/capacity/types';
import type { Observation } from '../core/alerting/types';
import { mapWithConcurrency } from '../core/concurrency';
import { evaluateObservations, type AlertCycleReport, type AlertDeps, type SubjectObservation } from './alert-cycle';
import { capacitySubject, resolveSecretHeaders, type CapacityHistory, type CapacityState, type FetchOptions, type LogSink, type SampleToSave, type SecretResolver } from '../ports';

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
  /** One GetMetricData request with every page (cloudwatch sources), in `region` or the default one. */
  getMetricData: (region: string | undefined, input: GetMetricDataInput) => Promise<MetricDataResultLike[]>;
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
  /** The source types (default: the shipped registry); a test may register its own. */
  sourceTypes?: CapacitySourceRegistry;
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
  histories: Map<string, SourceHistory>;
}

export const DEFAULT_BASELINE_DELAY_MS = 1_000;
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runCapacityCycle(sources: CapacitySource[], deps: CapacityCycleDeps): Promise<CapacityCycleReport> {
  const now = deps.now ?? Date.now;
  const sinkErrors: SinkErrors = [];
  const outcomes = await mapWithConcurrency(sources, deps.concurrency ?? 8, (source) =>
    readSource(source, deps, now, sinkErrors),
  );
  const records = recordOutcomes(outcomes, deps.region);
  const { changes, alerts } = await writeSinks(records, deps, sinkErrors);
  const { readings, failures, levels, observations } = records;
  for (const f of failures) {
    deps.log.warn('capacity source failed', { source: f.sourceId, site: f.site, resource: f.resource, reason: f.reason });
  }
  return { readings, failures, levels, changes, observations, ...(alerts ? { alerts } : {}), sinkErrors };
}

/** What one run read, in the shapes its sinks write. */
interface CycleRecords {
  readings: CapacityReading[];
  levels: CapacityLevel[];
  failures: CapacityFailure[];
  observations: Observation[];
  subjects: SubjectObservation[];
  samples: SampleToSave[];
  states: CapacityState[];
}

function recordOutcomes(outcomes: SourceOutcome[], region: string): CycleRecords {
  const records: CycleRecords = { readings: [], levels: [], failures: [], observations: [], subjects: [], samples: [], states: [] };
  const { readings, levels, failures, observations, subjects, samples, states } = records;
  const observe = (source: CapacitySource, obs: Observation, resourceKey: string): void => {
    observations.push(obs);
    subjects.push({
      obs,
      rules: capacityAlertRules(source),
      subject: capacitySubject(source.site, resourceKey),
    });
  };

  for (const outcome of outcomes) {
    const { source, ts } = outcome;
    observe(source, sourceObservation(source, outcome.failure, ts, region), `source:${source.id}`);
    if (outcome.failure !== null) {
      failures.push({ sourceId: source.id, site: source.site, resource: null, reason: outcome.failure });
      continue;
    }
    for (const result of outcome.results) {
      if (!result.ok) {
        failures.push({ sourceId: source.id, site: source.site, resource: result.resource, reason: result.reason });
        observe(source, resourceFailureObservation(source, result.resource, result.reason, ts, region), result.resource);
        states.push(failedState(source.site, result.resource, result.reason, ts));
        continue;
      }
      const reading = withForecast(result.reading, source, outcome.histories.get(result.resource));
      const { observation, level } = readingObservation(source, reading, region);
      readings.push(reading);
      levels.push(level);
      observe(source, observation, reading.resource);
      samples.push({ reading, ...(result.counters ? { counters: result.counters } : {}) });
      states.push(readingState(reading, level));
    }
  }
  return records;
}

/** Runs every sink; one failing is logged and reported in `sinkErrors` and never stops the others. */
async function writeSinks(
  records: CycleRecords,
  deps: CapacityCycleDeps,
  sinkErrors: SinkErrors,
): Promise<{ changes: LevelChange[]; alerts: AlertCycleReport | undefined }> {
  const changes: LevelChange[] = [];
  const sinks: Array<[CapacitySinkName, () => Promise<unknown>]> = [
    ['samples', () => deps.store.saveSamples(records.samples)],
    [
      'state',
      () =>
        mapWithConcurrency(records.states, 8, async (state) => {
          const { previousLevel } = await deps.store.saveState(state);
          if (previousLevel !== state.level) {
            changes.push({ site: state.site, resource: state.resource, level: state.level, previousLevel });
          }
        }),
    ],
    [
      'metrics',
      () => deps.metrics.publish([...capacitySeries(records.readings), ...(deps.shard ? [heartbeatSeries(deps.region, deps.shard)] : [])]),
    ],
  ];
  let alerts: AlertCycleReport | undefined;
  if (deps.alerts) {
    const alertDeps = deps.alerts;
    sinks.push(['alerts', async () => (alerts = await evaluateObservations(records.subjects, alertDeps))]);
  }

  const settled = await Promise.allSettled(sinks.map(([, write]) => write()));
  settled.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') return;
    const sink = sinks[i]![0];
    const message = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
    sinkErrors.push({ sink, message });
    deps.log.error(`capacity sink ${sink} failed; the other sinks still ran`, { sink, error: message });
  });
  return { changes, alerts };
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

type SinkErrors = CapacityCycleReport['sinkErrors'];

/** Reads one source through its type's descriptor; a source that cannot be read is a failure, never a zero. */
async function readSource(source: CapacitySource, deps: CapacityCycleDeps, now: () => number, sinkErrors: SinkErrors): Promise<SourceOutcome> {
  const startedTs = new Date(now()).toISOString();
  try {
    const descriptor = descriptorFor(source.source.type, deps.sourceTypes);
    const readout = await descriptor.read(source, sourceIo(source, deps, now, sinkErrors));
    return { source, failure: null, ...readout };
  } catch (err) {
    return { source, ts: startedTs, failure: (err as Error).message, results: [], histories: new Map() };
  }
}

/** The I/O port a source type reads through, made from the cycle's adapters. */
function sourceIo(source: CapacitySource, deps: CapacityCycleDeps, now: () => number, sinkErrors: SinkErrors): CapacitySourceIo {
  return {
    fetchText: deps.fetchText,
    fetchJson: deps.fetchJson,
    getMetricData: deps.getMetricData,
    secretHeaders: (refs) => resolveSecretHeaders({ secretHeaders: refs }, deps.secrets),
    history: (resource, unit, atMs) => storedHistory(source, resource, unit, atMs, deps, sinkErrors),
    now,
    sleep: deps.sleep ?? defaultSleep,
    baselineDelayMs: deps.baselineDelayMs ?? DEFAULT_BASELINE_DELAY_MS,
  };
}

async function storedHistory(
  source: CapacitySource,
  resource: string,
  unit: CapacityUnit,
  atMs: number,
  deps: Pick<CapacityCycleDeps, 'store' | 'log'>,
  sinkErrors: SinkErrors,
): Promise<SourceHistory> {
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
}
