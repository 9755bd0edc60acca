import type { TopicName } from '../config';
import type { CheckResult } from '../types';
import type { AlertEvent } from '../alerting/types';
import { cut, subjectLine } from '../alerting/messages';
import { localParts } from '../alerting/timezone';
import type { FindingKind } from './finding';
import { digestFindings } from './observations';

/**
 * The daily security digest: low-severity findings (missing security headers, version banners)
 * are never paged. Each (target, finding) seen during a day (in the alerting time zone) is kept
 * once on that day's record, and the day is sent as ONE `security_digest` message after it ends
 * (the Lambdas: the first probe run of the next day; the CLI: also when `watch` or the demo stops).
 * Pure: the app layer (lambdas/app/security-digest.ts) stores the record and publishes.
 */

export const DEFAULT_DIGEST_TOPIC: TopicName = 'info';
/** A day's record keeps at most this many (target, finding) entries; the rest are counted only. */
export const DIGEST_MAX_ENTRIES = 500;
/** Entries listed in the message body; the others are summed up in one line. */
const BODY_ENTRIES_MAX = 100;

export interface DigestEntry {
  target: string;
  app: string;
  finding: FindingKind;
  evidence: string;
  /** First time it was seen that day (ISO). */
  firstSeen: string;
}

/** One day's record (a subject state of its own). `sent`: keys already delivered in a digest. */
export interface DigestDay {
  day: string;
  entries: Record<string, DigestEntry>;
  /** Entries not kept because the day already held DIGEST_MAX_ENTRIES. */
  overflow: number;
  sent: string[];
  /** Digests sent for the day so far (a second one only after a local run flushed early). */
  sends: number;
  /** A run that is publishing the day's digest owns it until then (ISO); others wait. */
  claimedUntil?: string;
}

/** `YYYY-MM-DD` of an instant in a time zone. */
export function dayOf(at: Date, timezone: string): string {
  const p = localParts(at, timezone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The day before `day` (calendar arithmetic, no time zone involved). */
export function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

export const emptyDay = (day: string): DigestDay => ({ day, entries: {}, overflow: 0, sent: [], sends: 0 });

const entryKey = (target: string, finding: string) => `${target}/${finding}`;

/** The digest findings of these results not yet on the day's record: null when there is nothing new. */
export function addFindings(previous: DigestDay, results: CheckResult[]): DigestDay | null {
  const next: DigestDay = { ...previous, entries: { ...previous.entries } };
  let changed = false;
  for (const result of results) {
    for (const f of digestFindings(result)) {
      const key = entryKey(result.target, f.finding);
      if (next.entries[key]) continue;
      if (Object.keys(next.entries).length >= DIGEST_MAX_ENTRIES) {
        next.overflow += 1;
      } else {
        next.entries[key] = { target: result.target, app: result.app, finding: f.finding, evidence: f.evidence, firstSeen: result.ts };
      }
      changed = true;
    }
  }
  return changed ? next : null;
}

/** Entries of the day no digest has delivered yet. */
export function unsentEntries(day: DigestDay): Array<[string, DigestEntry]> {
  const sent = new Set(day.sent);
  return Object.entries(day.entries)
    .filter(([key]) => !sent.has(key))
    .sort(([a], [b]) => a.localeCompare(b));
}

export interface DigestMessageInput {
  day: string;
  entries: DigestEntry[];
  overflow: number;
  /** Which digest of the day this is (0 for the first). */
  part: number;
  topic: TopicName;
  /** Who sends it (the `app` of the message: the project). */
  project: string;
  ts: string;
}

/** The one `security_digest` message of a day: a count per finding first, then one line per (target, finding). */
export function digestEvent(input: DigestMessageInput): AlertEvent {
  const { entries, day } = input;
  const byFinding = new Map<string, number>();
  for (const e of entries) byFinding.set(e.finding, (byFinding.get(e.finding) ?? 0) + 1);
  const targets = new Set(entries.map((e) => e.target)).size;
  const counts = [...byFinding].map(([finding, n]) => `${finding} ${n}`).join(', ');
  const total = entries.length + input.overflow;
  const message = `SECURITY DIGEST ${day}: ${total} low-severity finding${total === 1 ? '' : 's'} on ${targets} target${targets === 1 ? '' : 's'} (${counts})`;
  const lines = entries.slice(0, BODY_ENTRIES_MAX).map((e) => `- ${e.target} (${e.app}) ${e.finding}: ${cut(e.evidence, 200)}`);
  if (entries.length > BODY_ENTRIES_MAX) lines.push(`- … and ${entries.length - BODY_ENTRIES_MAX} more`);
  if (input.overflow > 0) lines.push(`- … and ${input.overflow} more not kept (the day's record is full)`);
  return {
    kind: 'security_digest',
    target: 'security-digest',
    app: input.project,
    severity: 'low',
    topic: input.topic,
    incidentId: null,
    ts: input.ts,
    subject: subjectLine(message),
    message,
    regions: [],
    dedupId: `security_digest/${day}${input.part > 0 ? `/${input.part}` : ''}`,
    domain: 'security',
    body: [message, '', 'Not paged: low-severity findings are collected and sent once a day.', '', ...lines].join('\n'),
  };
}
