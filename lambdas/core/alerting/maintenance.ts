import { Cron } from 'croner';
import type { MaintenanceWindow, Weekday } from '../config';
import { formatClock, zonedToUtc } from './timezone';
import type { AlertStatus } from './state';
import { isSilenceWindow } from '../oncall/overrides';

/**
 * Maintenance windows (config `maintenance:`): is a subject inside one at a given instant?
 * Three forms, all evaluated in the window's own time zone:
 * - one-off: `start`..`end` (local date-times, or with an explicit offset);
 * - cron: a window of `durationMs` opens at every occurrence of the 5-field `cron` (croner);
 * - weekly: `weekdays` + `at` ("HH:MM") + `durationMs`, turned into the equivalent cron.
 * Pure: no clock is read here; the caller passes the instant.
 */

export interface ActiveWindow {
  name: string;
  /** ISO instants of the occurrence that covers the asked time. */
  start: string;
  end: string;
}

export interface MaintenanceSubject {
  /** Target id, or `capacity:<site>/<resource>`. */
  subject: string;
  app: string;
}

/** With no `targets` and no `apps`, a window covers every subject. */
export function windowCovers(window: MaintenanceWindow, who: MaintenanceSubject): boolean {
  const targets = window.targets ?? [];
  const apps = window.apps ?? [];
  if (targets.length === 0 && apps.length === 0) return true;
  return targets.includes(who.subject) || apps.includes(who.app);
}

const CRON_DAY: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** The cron expression a weekly window stands for ("30 22 * * 2,4" for tue+thu at 22:30). */
export function weeklyCron(weekdays: Weekday[], at: string): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(at);
  if (!m) throw new Error(`maintenance at "${at}" is not HH:MM`);
  const days = [...new Set(weekdays.map((d) => CRON_DAY[d]))].sort((a, b) => a - b);
  return `${Number(m[2])} ${Number(m[1])} * * ${days.join(',')}`;
}

const crons = new Map<string, Cron>();

function cronFor(expression: string, timezone: string): Cron {
  const cacheKey = `${timezone}|${expression}`;
  let cron = crons.get(cacheKey);
  if (!cron) {
    // paused: we only ask it for occurrences; it must never schedule a timer.
    cron = new Cron(expression, { timezone, paused: true });
    crons.set(cacheKey, cron);
  }
  return cron;
}

/** The occurrence of `window` that covers `at`, or null. */
export function occurrenceAt(window: MaintenanceWindow, at: Date): ActiveWindow | null {
  const timezone = window.timezone || 'Asia/Jakarta';
  if (window.start && window.end) {
    const start = zonedToUtc(window.start, timezone);
    const end = zonedToUtc(window.end, timezone);
    if (at >= start && at < end) return { name: window.name, start: start.toISOString(), end: end.toISOString() };
    return null;
  }
  const expression = window.cron ?? (window.weekdays && window.at ? weeklyCron(window.weekdays, window.at) : undefined);
  const duration = window.durationMs ?? 0;
  if (!expression || duration <= 0) return null;
  // The first occurrence strictly after (at - duration): if it has begun by `at`, the window is open.
  const start = cronFor(expression, timezone).nextRun(new Date(at.getTime() - duration));
  if (!start || start.getTime() > at.getTime()) return null;
  return {
    name: window.name,
    start: start.toISOString(),
    end: new Date(start.getTime() + duration).toISOString(),
  };
}

/** The first configured window that covers this subject at `at` (config order decides ties). */
export function activeMaintenance(
  windows: MaintenanceWindow[],
  who: MaintenanceSubject,
  at: Date,
): ActiveWindow | null {
  for (const window of windows) {
    if (!windowCovers(window, who)) continue;
    const hit = occurrenceAt(window, at);
    if (hit) return hit;
  }
  return null;
}

/** What a window saw, for the message after it: `during maintenance "db": DOWN at 22:05 WIB, UP at 22:20 WIB`. */
export function maintenanceSummary(window: string, changes: Array<{ to: AlertStatus; ts: string }>, timezone: string, nowIso: string): string {
  const during = isSilenceWindow(window) ? `while ${window}` : `during maintenance "${window}"`;
  if (changes.length === 0) return `no change ${during}`;
  const at = new Date(nowIso);
  const list = changes.map((c) => `${c.to.toUpperCase()} at ${formatClock(new Date(c.ts), timezone, at)}`).join(', ');
  return `${during}: ${list}`;
}
