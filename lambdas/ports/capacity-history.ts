import type { CounterSnapshot } from '../core/capacity/counters';
import type { HistoryPoint } from '../core/capacity/forecast';
import type { CapacityLevel } from '../core/capacity/levels';
import type { CapacityReading, CapacityUnit } from '../core/capacity/types';

/** A capacity resource's level and forecast, kept on the resource's subject state. */
export interface CapacityState {
  site: string;
  resource: string;
  /** null for a resource that has never been read successfully. */
  unit: CapacityUnit | null;
  level: CapacityLevel;
  /** When the current level began (ISO). (`since` belongs to the alert engine on this shared record.) */
  levelSince: string;
  utilisation: number | null;
  hoursToExhaustion: number | null;
  hoursToCritical: number | null;
  /** Forecast exhaustion time (ISO) or null. */
  exhaustionAt: string | null;
  forecastNote?: string;
  /** Last failure text when level is `failed`. */
  failure?: string;
  ts: string;
}

export interface SampleToSave {
  reading: CapacityReading;
  counters?: CounterSnapshot;
}

export interface ResourceHistory {
  points: HistoryPoint[];
  /** The newest stored sample, with its counters when it has some (the rate baseline). */
  latest?: { tsMs: number; counters?: CounterSnapshot };
}

/**
 * Capacity samples and state, per (site, resource). The state shares its record with the alert
 * engine's subject state: `saveState` writes only its own fields and keeps the engine's.
 */
export interface CapacityHistory {
  saveSamples(samples: SampleToSave[]): Promise<number>;
  /** Samples of one resource with ts in [fromMs, toMs], oldest first, plus the newest one's counters. */
  history(site: string, resource: string, fromMs: number, toMs: number): Promise<ResourceHistory>;
  getState(site: string, resource: string): Promise<CapacityState | undefined>;
  /**
   * Writes the resource's new state (conditional on the version read, retried on conflict) and
   * returns the level it had before, so the cycle can log level changes. `levelSince` is kept
   * while the level does not change.
   */
  saveState(next: CapacityState): Promise<{ previousLevel: CapacityLevel | null }>;
}
