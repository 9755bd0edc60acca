import { formatDuration, localParts, zoneAbbreviation } from '../alerting/timezone';
import type { PageText } from './text';

const pad = (n: number) => String(n).padStart(2, '0');

/** Text safe inside HTML elements and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "2 Des 2026 10:42 WIB": dates as the reader's language writes them, times in the page's zone. */
export function formatWhen(iso: string, timeZone: string, text: PageText): string {
  const at = new Date(iso);
  const p = localParts(at, timeZone);
  return `${p.day} ${text.months[p.month - 1]} ${p.year} ${pad(p.hour)}:${pad(p.minute)} ${zoneAbbreviation(timeZone, at)}`;
}

/** "12 Nov" for a YYYY-MM-DD day. */
export function formatDay(day: string, text: PageText): string {
  const [, month, date] = day.split('-').map(Number) as [number, number, number];
  return `${date} ${text.months[month - 1]}`;
}

/** "99,95%" in Indonesian, "99.95%" in English. */
export function formatPercent(value: number, text: PageText): string {
  return `${String(value).replace('.', text.decimal)}%`;
}

/** "3 jam 5 menit" / "3 h 5 min": the alert messages' duration, in the page's words. */
export function formatSpan(ms: number, text: PageText): string {
  return formatDuration(ms).replace(/\b(s|min|h|d)\b/g, (unit) => text.units[unit as keyof PageText['units']]);
}
