import type { CheckResult } from '../core/types';
import type { AlertEvent, AlertNotifier } from '../core/alerting/types';
import type { TopicName } from '../core/config';
import {
  addFindings,
  dayBefore,
  dayOf,
  digestEvent,
  emptyDay,
  unsentEntries,
  DEFAULT_DIGEST_TOPIC,
  type DigestDay,
} from '../core/patrol/digest';
import type { LogSink, SubjectRef, SubjectStateStore } from '../ports';

/**
 * The daily security digest (core/patrol/digest.ts) on the subject state store: each day is a
 * subject of its own (`security-digest` + day; DynamoDB expires it two weeks later). Probe runs
 * add the day's new low-severity findings; the first run after the day ends claims the day
 * (a conditional write), publishes ONE `security_digest` and marks its entries sent, so the
 * digest goes out once whatever the number of shards and regions.
 */

export interface DigestDeps {
  store: SubjectStateStore;
  notifier: AlertNotifier;
  log: LogSink;
  timezone: string;
  /** `alerting.security.digestTopic` (default info). */
  topic?: TopicName;
  project: string;
  now: () => Date;
  /** How long a run owns a digest it is publishing (default 2 min). */
  leaseMs?: number;
}

const daySubject = (day: string): SubjectRef => ({ kind: 'security-digest', day });

/** Adds the results' digest findings to today's record (writes only when a new (target, finding) appears). */
export async function recordDigestFindings(results: CheckResult[], deps: DigestDeps): Promise<void> {
  if (!results.some((r) => r.patrol?.findings.length)) return;
  const day = dayOf(deps.now(), deps.timezone);
  await deps.store.updateSubject<DigestDay, void>(daySubject(day), (raw) => {
    const next = addFindings({ ...emptyDay(day), ...raw }, results);
    return next ? { value: next, outcome: undefined } : { value: raw ?? emptyDay(day), outcome: undefined, write: false };
  });
}

/**
 * Sends yesterday's digest if no run has yet; with `includeToday` (a local run about to stop),
 * also what today holds so far (a later flush sends only what came after).
 */
export async function sendDueDigests(deps: DigestDeps, includeToday = false): Promise<AlertEvent[]> {
  const today = dayOf(deps.now(), deps.timezone);
  const days = includeToday ? [dayBefore(today), today] : [dayBefore(today)];
  const sent: AlertEvent[] = [];
  for (const day of days) {
    const event = await sendDay(day, deps);
    if (event) sent.push(event);
  }
  return sent;
}

async function sendDay(day: string, deps: DigestDeps): Promise<AlertEvent | null> {
  const nowMs = deps.now().getTime();
  const claimed = await claimDay(day, deps, nowMs);
  if (!claimed) return null;
  try {
    await deps.notifier.publish(claimed.event);
  } catch (err) {
    // Released: the next run claims the day again and sends the same digest (same dedupId).
    await deps.store.updateSubject<DigestDay, void>(daySubject(day), (raw) => ({ value: released({ ...emptyDay(day), ...raw }), outcome: undefined }));
    deps.log.warn('security digest not published; the next run retries it', { day, error: err instanceof Error ? err.message : String(err) });
    return null;
  }
  await deps.store.updateSubject<DigestDay, void>(daySubject(day), (raw) => {
    const current = { ...emptyDay(day), ...raw };
    return { value: released({ ...current, sent: [...new Set([...current.sent, ...claimed.keys])], sends: current.sends + 1 }), outcome: undefined };
  });
  return claimed.event;
}

/** Claims the day's unsent entries for this run, or null (nothing unsent, or another run holds it). */
async function claimDay(day: string, deps: DigestDeps, nowMs: number): Promise<{ event: AlertEvent; keys: string[] } | null> {
  const existing = await deps.store.readSubject<DigestDay>(daySubject(day));
  if (!existing || unsentEntries({ ...emptyDay(day), ...existing.value }).length === 0) return null;
  return deps.store.updateSubject<DigestDay, { event: AlertEvent; keys: string[] } | null>(daySubject(day), (raw) => {
    const current = { ...emptyDay(day), ...raw };
    const unsent = unsentEntries(current);
    const held = current.claimedUntil !== undefined && Date.parse(current.claimedUntil) > nowMs;
    if (unsent.length === 0 || held) return { value: current, outcome: null, write: false };
    const event = digestEvent({
      day,
      entries: unsent.map(([, e]) => e),
      overflow: current.sends === 0 ? current.overflow : 0,
      part: current.sends,
      topic: deps.topic ?? DEFAULT_DIGEST_TOPIC,
      project: deps.project,
      ts: new Date(nowMs).toISOString(),
    });
    const claimedUntil = new Date(nowMs + (deps.leaseMs ?? 120_000)).toISOString();
    return { value: { ...current, claimedUntil }, outcome: { event, keys: unsent.map(([k]) => k) } };
  });
}

function released(day: DigestDay): DigestDay {
  const { claimedUntil: _claim, ...rest } = day;
  return rest;
}

/**
 * The probe cycle's digest step: record this run's digest findings, then send yesterday's digest
 * if it is due. Never throws: a digest not recorded or not sent is logged and tried next run.
 */
export async function runSecurityDigest(results: CheckResult[], deps: DigestDeps): Promise<AlertEvent[]> {
  try {
    await recordDigestFindings(results, deps);
    return await sendDueDigests(deps);
  } catch (err) {
    deps.log.warn('security digest step failed; the next run tries again', { error: err instanceof Error ? err.message : String(err) });
    return [];
  }
}
