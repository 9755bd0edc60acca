import { formatDuration } from './duration';

/**
 * Upper bounds of the values the runtime turns into timers, schedules and buffers. Without them
 * `interval: 30d` passed validation and then overflowed Node's setTimeout (2^31−1 ms ≈ 24.8 d:
 * the timer fires at once, so `watch` looped back to back), and `maxBodyBytes: 2GiB` read 2 GB
 * into memory before failing. Each bound is a product maximum well inside what the platform can
 * do, stated in docs/config.md "Limits" with the message below.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface DurationLimit {
  maxMs: number;
  /** Why the bound is there, as the message says it. */
  why: string;
}

export const DURATION_LIMITS = {
  interval: { maxMs: DAY, why: 'a check less often than daily is not monitoring' },
  timeout: { maxMs: 15 * MINUTE, why: 'a check must finish inside one Lambda invocation, 900 s at most' },
  freshness: { maxMs: 3 * DAY, why: '3 × the longest interval' },
  flappingWindow: { maxMs: 7 * DAY, why: 'state changes older than a week say nothing about flapping now' },
  stormWindow: { maxMs: HOUR, why: 'alerts held longer are stale when the digest goes out' },
  capacityInterval: { maxMs: DAY, why: 'a source read less often than daily cannot forecast' },
  lookback: { maxMs: 90 * DAY, why: 'the forecast fits a trend, not a season' },
  cloudwatchPeriod: { maxMs: DAY, why: 'the longest period worth a sample' },
} as const satisfies Record<string, DurationLimit>;

export function durationTooLong(value: unknown, ms: number, limit: DurationLimit): string | null {
  if (ms <= limit.maxMs) return null;
  return `${String(value)} is above the ${formatDuration(limit.maxMs)} maximum (${limit.why}) — use ${formatDuration(limit.maxMs)} or less`;
}

/** Memory of the probe Lambda (lib/constructs/pantau-function.ts default; the probe fleet keeps it). */
export const PROBE_MEMORY_BYTES = 512 * 1024 ** 2;
/** Share of that memory all bodies in flight may take: the rest is the runtime, SDK and results. */
export const BODY_MEMORY_SHARE = 0.5;
/**
 * Hard ceiling for one body, whatever the memory: far below Node's longest string (2^29 − 24
 * characters ≈ 512 MiB), which a kept body is turned into for assertions.
 */
export const MAX_BODY_BYTES_CEILING = 64 * 1024 ** 2;

/** Checks in flight at once in one probe invocation: never more than the targets of a shard. */
export function checksInFlight(concurrency: number, shardSize: number): number {
  return Math.min(concurrency, shardSize);
}

/** maxBodyBytes ≤ min(64 MiB, ⌊memory × ½ ÷ checks in flight⌋). */
export function maxBodyBytesBound(inFlight: number, memoryBytes = PROBE_MEMORY_BYTES): number {
  return Math.min(MAX_BODY_BYTES_CEILING, Math.floor((memoryBytes * BODY_MEMORY_SHARE) / inFlight));
}

/** 1048576 → "1MiB", 10737418 → "10.23MiB" (rounded down, so the figure itself fits). */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes >= size) return `${Math.floor((bytes / size) * 100) / 100}${unit}`;
  }
  return `${bytes}B`;
}

/**
 * Every check in flight may hold its whole body: maxBodyBytes × min(concurrency, shardSize) must
 * fit in half the probe Lambda's memory (docs/config.md "Limits").
 */
export function bodyMemoryProblem(maxBodyBytes: number, { concurrency, shardSize }: { concurrency: number; shardSize: number }): string | null {
  const inFlight = checksInFlight(concurrency, shardSize);
  const bound = maxBodyBytesBound(inFlight);
  if (maxBodyBytes <= bound) return null;
  const share = PROBE_MEMORY_BYTES * BODY_MEMORY_SHARE;
  return `${formatBytes(maxBodyBytes)} × ${inFlight} checks in flight (the smaller of concurrency ${concurrency} and shardSize ${shardSize}) = ${formatBytes(maxBodyBytes * inFlight)}, over half (${formatBytes(share)}) of the probe Lambda's ${formatBytes(PROBE_MEMORY_BYTES)} memory — lower maxBodyBytes to ≤ ${formatBytes(bound)}, or lower concurrency`;
}
