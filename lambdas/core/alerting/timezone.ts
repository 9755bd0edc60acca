/**
 * Wall-clock helpers for alert text and maintenance windows, on the runtime's own ICU data
 * (Intl): no time-zone library. Indonesia's zones get the abbreviations people there use
 * (WIB, WITA, WIT); Intl itself only knows "GMT+7".
 */

const INDONESIAN_ZONES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Ujung_Pandang': 'WITA',
  'Asia/Jayapura': 'WIT',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, kind: 'parts' | 'zone'): Intl.DateTimeFormat {
  const cacheKey = `${kind}|${timeZone}`;
  let f = formatters.get(cacheKey);
  if (!f) {
    f =
      kind === 'parts'
        ? new Intl.DateTimeFormat('en-US', {
            timeZone,
            hourCycle: 'h23',
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
            second: '2-digit',
            weekday: 'short',
          })
        : new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' });
    formatters.set(cacheKey, f);
  }
  return f;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday (cron numbering). */
  weekday: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The wall-clock fields of an instant in a time zone. */
export function localParts(at: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(formatter(timeZone, 'parts').formatToParts(at).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

/** Offset of the zone from UTC at an instant, in ms (Asia/Jakarta: +7 h). */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const p = localParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` reads `local` ("2026-11-24T22:00" or
 * "2026-11-24 22:00:00"). A string with its own offset or Z is taken as is.
 */
export function zonedToUtc(local: string, timeZone: string): Date {
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(local.trim())) return new Date(local);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(local.trim());
  if (!m) return new Date(Number.NaN);
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  // Two passes settle the offset across a DST change (Indonesia has none, other zones do).
  let guess = wall - zoneOffsetMs(new Date(wall), timeZone);
  guess = wall - zoneOffsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

/** "WIB" for Asia/Jakarta, else what Intl calls the zone ("GMT+1", "UTC"). */
export function zoneAbbreviation(timeZone: string, at: Date = new Date()): string {
  const known = INDONESIAN_ZONES[timeZone];
  if (known) return known;
  const name = formatter(timeZone, 'zone')
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  return name ?? timeZone;
}

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "10:42 WIB"; with `relativeTo` on another local day, "23 Nov 10:42 WIB" so a reminder sent
 * the next morning does not read as if the outage started minutes ago.
 */
export function formatClock(at: Date, timeZone: string, relativeTo?: Date, months: readonly string[] = MONTHS): string {
  const p = localParts(at, timeZone);
  const clock = `${pad(p.hour)}:${pad(p.minute)} ${zoneAbbreviation(timeZone, at)}`;
  if (!relativeTo) return clock;
  const r = localParts(relativeTo, timeZone);
  const sameDay = r.year === p.year && r.month === p.month && r.day === p.day;
  return sameDay ? clock : `${p.day} ${months[p.month - 1]} ${clock}`;
}

/** "2026-11-24 10:42:07 WIB": the full local time for message bodies. */
export function formatLocalDateTime(at: Date, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} ${zoneAbbreviation(timeZone, at)}`;
}

const UNITS = { s: 's', min: 'min', h: 'h', d: 'd' };

/**
 * "3 h 5 min", "12 min", "40 s": durations the way on-call staff read them; `units` words them
 * in another language ("3 jam 5 menit").
 */
export function formatDuration(ms: number, units: { s: string; min: string; h: string; d: string } = UNITS): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds} ${units.s}`;
  const totalMinutes = Math.round(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes} ${units.min}`;
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) return hours > 0 ? `${days} ${units.d} ${hours} ${units.h}` : `${days} ${units.d}`;
  return minutes > 0 ? `${hours} ${units.h} ${minutes} ${units.min}` : `${hours} ${units.h}`;
}
