import { localParts } from '../alerting/timezone';
import type { CheckResult } from '../types';
import type { DailyAvailability, DailyIncrement } from './types';

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar day of an instant, YYYY-MM-DD: election staff read days in WIB, not UTC. */
export function dayKey(at: Date, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** The last `count` local days up to and including today's, oldest first. */
export function lastDays(now: Date, timeZone: string, count: number): string[] {
  const today = dayKey(now, timeZone);
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const todayUtc = Date.UTC(y, m - 1, d);
  const days: string[] = [];
  for (let back = count - 1; back >= 0; back--) {
    days.push(new Date(todayUtc - back * DAY_MS).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * What one probe run adds to each (app, day): one increment per pair however many targets and
 * regions the run checked, so the store takes one atomic ADD per app per run.
 */
export function dailyIncrements(results: CheckResult[], timeZone: string): DailyIncrement[] {
  const byKey = new Map<string, DailyIncrement>();
  for (const result of results) {
    const day = dayKey(new Date(result.ts), timeZone);
    const key = `${result.app}\u0000${day}`;
    let entry = byKey.get(key);
    if (!entry) {
      entry = { app: result.app, day, good: 0, total: 0, latencySumMs: 0, latencyCount: 0 };
      byKey.set(key, entry);
    }
    entry.total += 1;
    if (result.ok) {
      entry.good += 1;
      entry.latencySumMs += Math.round(result.latencyMs);
      entry.latencyCount += 1;
    }
  }
  return [...byKey.values()];
}

/** Percentage of passing checks, to two decimals (99.95 must not read as 100). */
export function availabilityOf(days: Array<Pick<DailyAvailability, 'good' | 'total'>>): number | null {
  const total = days.reduce((sum, d) => sum + d.total, 0);
  if (total === 0) return null;
  const good = days.reduce((sum, d) => sum + d.good, 0);
  return Math.floor((good / total) * 10_000) / 100;
}
