import type { SecretRef } from '../../types';
import type { GetMetricDataInput, MetricDataResultLike } from '../cloudwatch-read';
import type { CounterSnapshot } from '../counters';
import type { HistoryPoint } from '../forecast';
import type { ResourceResult } from '../prometheus-read';
import type { CapacityUnit } from '../types';

/**
 * The I/O a capacity source type may ask for, supplied by the capacity cycle (HTTP, CloudWatch,
 * secrets, the sample store, the clock). A port rather than imports: the source types stay free
 * of the AWS SDK and of the adapters, and a test can hand them a fake.
 */

export interface HttpGet {
  timeoutMs: number;
  headers: Record<string, string>;
}

/** Stored history of one resource, as the forecast and the rate baseline need it. */
export interface SourceHistory {
  points: HistoryPoint[];
  /** The newest stored sample (with its counters, for rate resources). */
  latest?: { tsMs: number; counters?: CounterSnapshot };
}

export interface CapacitySourceIo {
  /** HTTP GET of a text body (one deadline, a body cap). */
  fetchText(url: string, request: HttpGet): Promise<string>;
  /** HTTP GET of a JSON body (sends `accept: application/json`, fails on a body that is not JSON). */
  fetchJson(url: string, request: HttpGet): Promise<unknown>;
  /** Literal values of secret request headers (one resolver for the probes and capacity). */
  secretHeaders(refs: Record<string, SecretRef>): Promise<Record<string, string>>;
  /** One CloudWatch GetMetricData request, every page, in `region` (undefined = the function's own). */
  getMetricData(region: string | undefined, input: GetMetricDataInput): Promise<MetricDataResultLike[]>;
  /**
   * The stored history of a resource up to `atMs`, over its forecast lookback. Never throws: a
   * store failure is reported by the cycle and gives an empty history (no forecast, no baseline).
   */
  history(resource: string, unit: CapacityUnit, atMs: number): Promise<SourceHistory>;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Gap between the two scrapes of a counter that has no usable stored baseline. */
  baselineDelayMs: number;
}

/** What reading one source gave: when, each resource's result, and the histories it loaded. */
export interface SourceReadout {
  ts: string;
  results: ResourceResult[];
  /** Stored history per resource name, read before this run's sample is written. */
  histories: Map<string, SourceHistory>;
}

/** Loads the history of each resource at `atMs`, one after the other, in resource order. */
export async function loadHistories(
  io: Pick<CapacitySourceIo, 'history'>,
  resources: ReadonlyArray<{ name: string; unit: CapacityUnit }>,
  atMs: number,
): Promise<Map<string, SourceHistory>> {
  const histories = new Map<string, SourceHistory>();
  for (const r of resources) histories.set(r.name, await io.history(r.name, r.unit, atMs));
  return histories;
}
