/**
 * Service level objectives per app (the `slo:` section of the config). Availability is the share
 * of good checks (`Up` = 1); latency is the share of successful checks answering within
 * `thresholdMs`, judged at `percentile` on the dashboards. Both are measured over a rolling
 * `windowMs` (30 days by default).
 */
export interface SloSpec {
  /** Objective in percent of good checks, e.g. 99.9. */
  availability: number;
  latency: LatencyObjective;
  /** Rolling window of the objective, milliseconds. */
  windowMs: number;
}

export interface LatencyObjective {
  /** A check answering within this many milliseconds is fast enough. */
  thresholdMs: number;
  /** The percentile charted against the threshold (p95 by default). */
  percentile: number;
  /** Percent of checks that must be fast enough, e.g. 99. */
  target: number;
}

/** The resolved `slo:` section: the objective of every app, and the apps leadership watches. */
export interface SloConfig {
  /** Objective per app id, defaults already applied; every app with a target has one. */
  apps: Record<string, SloSpec>;
  /** Apps in the "election-critical apps" composite alarm, in config order. */
  critical: string[];
}

export const DAY_MS = 86_400_000;

export const DEFAULT_SLO: SloSpec = {
  availability: 99.9,
  latency: { thresholdMs: 1_000, percentile: 95, target: 99 },
  windowMs: 30 * DAY_MS,
};
