import { createHash } from 'node:crypto';
import type { Severity } from '../types';
import type { AlertDomain, AlertEvent, AlertKind } from './types';
import { displayApp, subjectLine, verdictWord } from './messages';
import { formatClock } from './timezone';
import { phrasesFor, type Phrases, type StormParts } from './i18n';
import type { StormEntry, StormKey, StormWindow } from './storm-window';

/**
 * The texts of storm messages (storm.ts tells when each is sent): one message for alerts
 * grouped in one run, the opening message of a storm window and its follow-up digest.
 */

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, low: 2 };
/** Names listed in the first line before "+N more" (the body lists all). */
const NAMES_IN_FIRST_LINE = 6;
/** Member lines in a body: keeps the SNS message (default + email bodies) far below 256 KB. */
const BODY_LINES_MAX = 400;

/** One message for alerts that arose together in one run. */
export function groupedEvent(members: AlertEvent[]): AlertEvent {
  const group = describeGroup(members);
  const message = group.phrases.storm.grouped(stormParts(group, group.names.length, group.names));
  const dedupId = groupDedupId(group.first.kind, group.first.app, members.map((e) => e.dedupId));
  const body = [
    message,
    '',
    `${group.names.length} ${group.noun} of app ${group.first.app} at once (alert storm: one message instead of ${group.names.length}).`,
    '',
    ...memberLines(group.sorted),
    '',
    `Alert id: ${dedupId}`,
  ].join('\n');
  return groupEvent(group, message, body, dedupId, group.names);
}

export interface StormTextOptions {
  timezone: string;
}

/**
 * The message sent when a window crosses the threshold: names every member so far (the first
 * `through` of the window, some of them already sent on their own) and says that more may follow.
 * It delivers the alerts of the crossing batch; its dedupId derives from theirs.
 *
 * @param soFar   the window's entries 1..through
 * @param batch   the entries of the crossing batch (the alerts this message delivers)
 * @param events  full alerts known for those entries (at least this run's; missing ones are listed by name)
 */
export function openingEvent(
  window: StormWindow,
  soFar: readonly StormEntry[],
  batch: readonly StormEntry[],
  events: ReadonlyMap<string, AlertEvent>,
  options: StormTextOptions,
): AlertEvent {
  const delivered = batch.map((e) => events.get(e.d)).filter((e): e is AlertEvent => Boolean(e));
  const group = describeGroup(delivered);
  const names = [...new Set(soFar.map((e) => e.t))].sort((a, b) => a.localeCompare(b));
  const dedupId = groupDedupId(group.first.kind, group.first.app, batch.map((e) => e.d));
  const clock = (iso: string) => formatClock(new Date(iso), options.timezone, new Date(window.start));
  const message = group.phrases.storm.opening(stormParts(group, soFar.length, names));
  const { earlier, missing } = splitEntries(soFar, batch, events);
  const body = [
    message,
    '',
    `Alert storm: ${soFar.length} ${group.noun} of app ${group.first.app} since ${clock(window.start)}. ` +
      `Further ${group.noun} reported before ${clock(window.end)} are held and sent as ONE follow-up message after that time.`,
    '',
    `In this message (${batch.length}):`,
    ...memberLines(group.sorted),
    ...missing.map((e) => `- ${e.t}`),
    ...(earlier.length > 0
      ? ['', `Already sent one by one (${earlier.length}): ${earlier.map((e) => e.t).join(', ')}`]
      : []),
    '',
    `Alert id: ${dedupId}`,
  ].join('\n');
  return {
    ...groupEvent(group, message, body, dedupId, batch.map((e) => e.t).sort((a, b) => a.localeCompare(b))),
    storm: { window: window.id, part: 'opening', total: soFar.length },
  };
}

/**
 * The follow-up sent once a window has ended: every alert held on it, in one message, with the
 * storm's total. Its dedupId derives from the held alerts' dedupIds (a retry carries the same).
 *
 * @param order   the window's final member list
 * @param held    the held entries (fate `held`)
 * @param events  their full alerts (missing ones are listed by name)
 */
export function digestEvent(
  window: StormWindow,
  order: readonly StormEntry[],
  held: readonly StormEntry[],
  events: ReadonlyMap<string, AlertEvent>,
  key: StormKey,
  options: StormTextOptions,
): AlertEvent {
  const delivered = held.map((e) => events.get(e.d)).filter((e): e is AlertEvent => Boolean(e));
  const group = describeGroup(delivered.length > 0 ? delivered : [placeholder(key, window)]);
  const names = held.map((e) => e.t).sort((a, b) => a.localeCompare(b));
  const dedupId = groupDedupId(key.kind, key.app, held.map((e) => e.d));
  const since = formatClock(new Date(window.start), options.timezone, new Date(window.end));
  const message = group.phrases.storm.digest({ ...stormParts(group, held.length, names), total: order.length, since });
  const { earlier, missing } = splitEntries(order, held, events);
  const body = [
    message,
    '',
    `Follow-up to the alert storm of app ${key.app} that began at ${since}: ${held.length} more ${group.noun} ` +
      `joined after the grouped message, ${order.length} in all until ${formatClock(new Date(window.end), options.timezone, new Date(window.start))}.`,
    '',
    ...memberLines(delivered.length > 0 ? group.sorted : []),
    ...missing.map((e) => `- ${e.t}`),
    '',
    `Earlier in this storm (${earlier.length}): ${earlier.map((e) => e.t).join(', ')}`,
    '',
    `Alert id: ${dedupId}`,
  ].join('\n');
  return {
    ...groupEvent(group, message, body, dedupId, names),
    kind: key.kind,
    topic: key.topic,
    app: key.app,
    storm: { window: window.id, part: 'follow-up', total: order.length },
  };
}

// ---------------------------------------------------------------------------------------------
// Shared text

interface GroupDescription {
  sorted: AlertEvent[];
  first: AlertEvent;
  names: string[];
  domain: AlertDomain;
  noun: string;
  verdict: string;
  appName: string;
  cause: string | null;
  causeText: string;
  /** The members' language (alerting.language); storm bodies are English. */
  phrases: Phrases;
}

function describeGroup(members: AlertEvent[]): GroupDescription {
  const sorted = [...members].sort((a, b) => a.target.localeCompare(b.target));
  const first = sorted[0]!;
  const domain = first.domain ?? 'uptime';
  const causes = [...new Set(sorted.map((e) => e.cause).filter(Boolean))];
  const cause = causes.length === 1 ? causes[0]! : null;
  const phrases = phrasesFor(first.locale ?? 'en');
  return {
    phrases,
    sorted,
    first,
    names: sorted.map((e) => e.target),
    domain,
    noun: domain === 'capacity' ? 'resources' : domain === 'ops' ? 'checks of Pantau itself' : 'targets',
    verdict: verdictWord(domain, first.kind, phrases),
    appName: displayApp(first.app),
    cause,
    causeText: cause ? ` (${cause})` : '',
  };
}

/**
 * Of a window's entries, the `earlier` ones (not delivered by this message) and the delivered
 * ones whose full alert is `missing` (listed by name only).
 */
function splitEntries(all: readonly StormEntry[], delivered: readonly StormEntry[], events: ReadonlyMap<string, AlertEvent>) {
  const deliveredIds = new Set(delivered.map((e) => e.d));
  return {
    earlier: all.filter((e) => !deliveredIds.has(e.d)),
    missing: delivered.filter((e) => !events.has(e.d)),
  };
}

/** The storm headline's parts: the first NAMES_IN_FIRST_LINE names, and how many more there are. */
function stormParts(group: GroupDescription, count: number, names: string[]): StormParts {
  return {
    verdict: group.verdict,
    count,
    appName: group.appName,
    domain: group.domain,
    causeText: group.causeText,
    names: names.slice(0, NAMES_IN_FIRST_LINE).join(', '),
    more: Math.max(0, names.length - NAMES_IN_FIRST_LINE),
  };
}

function memberLines(members: AlertEvent[]): string[] {
  const lines = members.slice(0, BODY_LINES_MAX).map((e) => `- ${e.message}`);
  if (members.length > BODY_LINES_MAX) lines.push(`- … and ${members.length - BODY_LINES_MAX} more (see the list of targets)`);
  return lines;
}

function groupDedupId(kind: AlertKind, app: string, memberIds: string[]): string {
  return `storm/${kind}/${app}/${createHash('sha256').update([...memberIds].sort().join('\n')).digest('hex').slice(0, 16)}`;
}

function groupEvent(group: GroupDescription, message: string, body: string, dedupId: string, grouped: string[]): AlertEvent {
  const { sorted, first } = group;
  return {
    kind: first.kind,
    target: `group:${first.app}`,
    app: first.app,
    severity: sorted.map((e) => e.severity).sort((a, b) => SEVERITY_RANK[a] - SEVERITY_RANK[b])[0]!,
    topic: first.topic,
    incidentId: null,
    ts: sorted.map((e) => e.ts).sort().at(-1)!,
    subject: subjectLine(message),
    message,
    regions: [...new Set(sorted.flatMap((e) => e.regions))].sort(),
    dedupId,
    grouped,
    domain: group.domain,
    cause: group.cause,
    body,
  };
}

/** Stands in when a digest's alerts could not be read (never expected): the text still names them. */
function placeholder(key: StormKey, window: StormWindow): AlertEvent {
  return {
    kind: key.kind,
    target: `group:${key.app}`,
    app: key.app,
    severity: 'critical',
    topic: key.topic,
    incidentId: null,
    ts: window.end,
    subject: '',
    message: '',
    regions: [],
    dedupId: '',
  };
}
