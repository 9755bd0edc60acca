import { createHash } from 'node:crypto';
import type { Severity } from '../types';
import type { AlertEvent } from './types';
import { displayApp, subjectLine, verdictWord } from './messages';

/**
 * Alert storms: a data-centre outage can take hundreds of regional sites down in one run. When
 * at least `threshold` alerts of one kind for one topic and app arise together, they go out as
 * ONE message listing the targets instead of hundreds of SMS. Each member keeps its own state,
 * incident and dedupId; the grouped message's dedupId is derived from the members', so a retry
 * of the same group carries the same id.
 */

export interface OutgoingAlert {
  /** What is published. */
  event: AlertEvent;
  /** The individual alerts it stands for (itself when not grouped). */
  members: AlertEvent[];
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, low: 2 };
/** Names listed in the first line before "+N more" (the body lists all). */
const NAMES_IN_FIRST_LINE = 6;

export function groupStorms(events: AlertEvent[], threshold: number): OutgoingAlert[] {
  const groups = new Map<string, AlertEvent[]>();
  for (const e of events) {
    const key = `${e.kind}|${e.topic}|${e.app}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const out: OutgoingAlert[] = [];
  for (const members of groups.values()) {
    if (threshold >= 2 && members.length >= threshold) out.push({ event: groupedEvent(members), members });
    else for (const e of members) out.push({ event: e, members: [e] });
  }
  return out;
}

export function groupedEvent(members: AlertEvent[]): AlertEvent {
  const sorted = [...members].sort((a, b) => a.target.localeCompare(b.target));
  const first = sorted[0]!;
  const domain = first.domain ?? 'uptime';
  const noun = domain === 'capacity' ? 'resources' : 'targets';
  const names = sorted.map((e) => e.target);
  const shown = names.slice(0, NAMES_IN_FIRST_LINE).join(', ');
  const more = names.length > NAMES_IN_FIRST_LINE ? ` (+${names.length - NAMES_IN_FIRST_LINE} more)` : '';
  const causes = [...new Set(sorted.map((e) => e.cause).filter(Boolean))];
  const cause = causes.length === 1 ? ` (${causes[0]})` : '';
  const message = `${verdictWord(domain, first.kind)} ${names.length} ${displayApp(first.app)} ${noun}${cause}: ${shown}${more}`;
  const severity = sorted.map((e) => e.severity).sort((a, b) => SEVERITY_RANK[a] - SEVERITY_RANK[b])[0]!;
  const ts = sorted.map((e) => e.ts).sort().at(-1)!;
  const dedupId = `storm/${first.kind}/${first.app}/${createHash('sha256')
    .update(sorted.map((e) => e.dedupId).sort().join('\n'))
    .digest('hex')
    .slice(0, 16)}`;
  const body = [
    message,
    '',
    `${names.length} ${noun} of app ${first.app} at once (alert storm: one message instead of ${names.length}).`,
    '',
    ...sorted.map((e) => `- ${e.message}`),
    '',
    `Alert id: ${dedupId}`,
  ].join('\n');
  return {
    kind: first.kind,
    target: `group:${first.app}`,
    app: first.app,
    severity,
    topic: first.topic,
    incidentId: null,
    ts,
    subject: subjectLine(message),
    message,
    regions: [...new Set(sorted.flatMap((e) => e.regions))].sort(),
    dedupId,
    grouped: names,
    domain,
    cause: causes.length === 1 ? causes[0]! : null,
    body,
  };
}
