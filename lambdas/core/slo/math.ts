import type { SloSpec } from './types';

/**
 * SLO arithmetic from counts of good and total events (checks). Pure: the dashboards and alarms
 * express the same formulas as CloudWatch metric math, and the local preview and tests call these.
 *
 * - attainment: good / total, as a fraction (1 = every check good);
 * - error budget: the share of bad checks the objective allows, 1 − objective;
 * - burn rate: how fast the budget is spent, (bad / total) / (1 − objective): 1 spends exactly
 *   the budget over the SLO window, 14.4 spends a 30-day budget's 2 % in one hour;
 * - budget remaining: 1 − (bad / total) / (1 − objective) over the window, 1 = untouched,
 *   0 = the objective is exactly met, negative = missed.
 */

export interface EventCounts {
  good: number;
  total: number;
}

/** Fraction of good events; null without any event (no data is not 100 %). */
export function attainment(counts: EventCounts): number | null {
  return counts.total > 0 ? counts.good / counts.total : null;
}

/** The allowed fraction of bad events for an objective in percent (99.9 → 0.001). */
export function errorBudget(objectivePct: number): number {
  return 1 - objectivePct / 100;
}

/** Burn rate of the budget over the counted events; null without events. */
export function burnRate(counts: EventCounts, objectivePct: number): number | null {
  const achieved = attainment(counts);
  return achieved === null ? null : (1 - achieved) / errorBudget(objectivePct);
}

/** Fraction of the window's error budget left; null without events. */
export function budgetRemaining(counts: EventCounts, objectivePct: number): number | null {
  const burn = burnRate(counts, objectivePct);
  return burn === null ? null : 1 - burn;
}

/** One check result at a time (epoch ms) for rolling windows. */
export interface TimedEvent {
  at: number;
  good: boolean;
}

/** Counts of the events in the window (now − windowMs, now]. */
export function countsWithin(events: readonly TimedEvent[], now: number, windowMs: number): EventCounts {
  let good = 0;
  let total = 0;
  for (const event of events) {
    if (event.at <= now - windowMs || event.at > now) continue;
    total += 1;
    if (event.good) good += 1;
  }
  return { good, total };
}

/** Burn rate over the rolling window ending at `now`. */
export function burnRateWithin(events: readonly TimedEvent[], now: number, windowMs: number, objectivePct: number): number | null {
  return burnRate(countsWithin(events, now, windowMs), objectivePct);
}

/** Availability attainment, budget left and the burn rate over the SLO's own window. */
export interface SloStatus {
  attainment: number | null;
  budgetRemaining: number | null;
  burnRate: number | null;
}

export function availabilityStatus(events: readonly TimedEvent[], now: number, slo: SloSpec): SloStatus {
  const counts = countsWithin(events, now, slo.windowMs);
  return {
    attainment: attainment(counts),
    budgetRemaining: budgetRemaining(counts, slo.availability),
    burnRate: burnRate(counts, slo.availability),
  };
}
