import { Cron } from 'croner';
import type { MaintenanceWindow } from '../../lambdas/core/config';
import { zoneOffsetMs } from '../../lambdas/core/alerting/timezone';
import { formatDuration } from './duration';
import { Problems, type Path } from './problems';
import { parseLenient } from './lenient-parse';
import { maintenanceSchema, type RawMaintenance } from './schema';
import { canonicalTimeZone } from './validators';

/**
 * `maintenance:` → MaintenanceWindow[]. Exactly one schedule form per window:
 *   one-off  start + end                (local date-times in `timezone`, or with an offset)
 *   cron     cron + duration            (5-field cron in `timezone`, checked with croner)
 *   weekly   weekdays + at + duration   ("HH:MM" in `timezone`)
 */

export interface MaintenanceContext {
  targetIds: ReadonlySet<string>;
  apps: ReadonlySet<string>;
  defaultTimezone: string;
}

const MAX_RECURRING_MS = 7 * 86_400_000;
const FORMS = 'start+end, cron+duration, or weekdays+at+duration';

export function resolveMaintenance(raw: unknown, ctx: MaintenanceContext, problems: Problems): MaintenanceWindow[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.add(['maintenance'], `expected a list of windows — write maintenance: [{ name: …, apps: […], weekdays: [sun], at: "01:00", duration: 2h }]`);
    return [];
  }
  const windows: MaintenanceWindow[] = [];
  raw.forEach((item: unknown, i) => {
    const path = ['maintenance', i];
    const parsed = parseLenient(maintenanceSchema, item, path, problems);
    if (!parsed) return;
    const window = resolveWindow(parsed.data, parsed.dropped, path, ctx, problems);
    if (window) windows.push(window);
  });
  return windows;
}

function resolveWindow(
  m: RawMaintenance,
  dropped: ReadonlySet<string>,
  path: Path,
  ctx: MaintenanceContext,
  problems: Problems,
): MaintenanceWindow | undefined {
  const before = problems.list.length;
  // Written but invalid (already reported) still counts as written for the form checks below.
  const has = (key: keyof RawMaintenance): boolean => m[key] !== undefined || dropped.has(key);
  const timezone = canonicalTimeZone(m.timezone ?? ctx.defaultTimezone) ?? ctx.defaultTimezone;

  (m.targets ?? []).forEach((id, i) => {
    if (!ctx.targetIds.has(id)) problems.add([...path, 'targets', i], `${JSON.stringify(id)} is not a target id in this config — use an id from targets[].id`);
  });
  (m.apps ?? []).forEach((app, i) => {
    if (!ctx.apps.has(app)) problems.add([...path, 'apps', i], `${JSON.stringify(app)} is not an app in this config — use one of ${[...ctx.apps].sort().join(', ')}`);
  });

  const oneOff = has('start') || has('end');
  const cron = has('cron');
  const weekly = has('weekdays') || has('at');
  const forms = [oneOff && 'start/end', cron && 'cron', weekly && 'weekdays/at'].filter(Boolean);
  if (forms.length === 0) {
    problems.add(path, `has no schedule — add ${FORMS}`);
  } else if (forms.length > 1) {
    problems.add(path, `mixes ${forms.join(' and ')} — use exactly one form: ${FORMS}`);
  } else if (oneOff) {
    checkOneOff(m, has, path, timezone, problems);
  } else {
    if (!has('duration')) problems.add([...path, 'duration'], `required with ${cron ? 'cron' : 'weekdays'} — add duration: 2h`);
    else if (m.duration !== undefined && m.duration > MAX_RECURRING_MS) problems.add([...path, 'duration'], `${formatDuration(m.duration)} is longer than a week — a recurring window must end before it starts again`);
    if (cron) {
      if (m.cron !== undefined) checkCron(m.cron, [...path, 'cron'], timezone, problems);
    } else {
      if (!has('weekdays')) problems.add([...path, 'weekdays'], 'required with at — add weekdays: [sun]');
      if (!has('at')) problems.add([...path, 'at'], 'required with weekdays — add at: "01:00"');
    }
  }
  if (problems.list.length > before) return undefined;

  const window: MaintenanceWindow = { name: m.name, targets: m.targets ?? [], apps: m.apps ?? [], timezone };
  if (oneOff) {
    window.start = normaliseDateTime(m.start!);
    window.end = normaliseDateTime(m.end!);
  } else {
    if (cron) window.cron = m.cron!.trim().replace(/\s+/g, ' ');
    else {
      window.weekdays = m.weekdays!;
      window.at = m.at!;
    }
    window.durationMs = m.duration!;
  }
  return window;
}

function checkOneOff(
  m: RawMaintenance,
  has: (key: keyof RawMaintenance) => boolean,
  path: Path,
  timezone: string,
  problems: Problems,
): void {
  if (has('duration')) problems.add([...path, 'duration'], 'is not used with start/end — remove it (the window runs from start to end)');
  if (!has('start')) problems.add([...path, 'start'], 'required with end — add start: 2026-02-14T00:00');
  if (!has('end')) problems.add([...path, 'end'], 'required with start — add end: 2026-02-14T06:00');
  const start = m.start === undefined ? undefined : toEpoch(m.start, timezone, [...path, 'start'], problems);
  const end = m.end === undefined ? undefined : toEpoch(m.end, timezone, [...path, 'end'], problems);
  if (start !== undefined && end !== undefined && end <= start) {
    problems.add([...path, 'end'], `${m.end} is not after start ${m.start} — end must be later than start`);
  }
}

function checkCron(expr: string, path: Path, timezone: string, problems: Problems): void {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) {
    problems.add(path, `${JSON.stringify(expr)} has ${fields.length} fields — write 5: minute hour day-of-month month day-of-week, e.g. "0 2 * * sun"`);
    return;
  }
  let job: Cron | undefined;
  try {
    job = new Cron(expr, { timezone, paused: true });
    if (!job.nextRun()) problems.add(path, `${JSON.stringify(expr)} never matches a date — check the day and month fields`);
  } catch (err) {
    const detail = (err as Error).message.replace(/^CronPattern: /, '');
    problems.add(path, `${JSON.stringify(expr)} is not a valid cron expression (${detail}) — e.g. "0 2 * * sun" for 02:00 every Sunday`);
  } finally {
    job?.stop();
  }
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/;

function normaliseDateTime(value: string): string {
  return value.trim().replace(' ', 'T');
}

/** Epoch ms of a local date-time in `timezone` (or of one carrying its own offset). */
function toEpoch(value: string, timezone: string, path: Path, problems: Problems): number | undefined {
  const m = DATE_TIME.exec(value.trim());
  const bad = (): undefined => {
    problems.add(path, `${JSON.stringify(value)} is not a date-time — write YYYY-MM-DDTHH:MM in the window's time zone (e.g. 2026-02-14T22:00) or add an offset (2026-02-14T22:00+07:00)`);
    return undefined;
  };
  if (!m) return bad();
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return bad();
  if (m[7]) return Date.parse(normaliseDateTime(value));
  // Wall-clock time in the zone: subtract the zone's offset at that moment (two passes for DST edges).
  let epoch = wall - zoneOffsetMs(new Date(wall), timezone);
  epoch = wall - zoneOffsetMs(new Date(epoch), timezone);
  return epoch;
}
