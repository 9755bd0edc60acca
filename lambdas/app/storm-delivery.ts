import { randomBytes } from 'node:crypto';
import type { AlertEvent, AlertNotifier } from '../core/alerting/types';
import {
  chooseWindow,
  digestEvent,
  flushAfter,
  groupStorms,
  memberFates,
  openingEvent,
  stormKeyId,
  stormKeyOf,
  type MemberFate,
  type OutgoingAlert,
  type StormEntry,
  type StormKey,
  type StormWindow,
} from '../core/alerting/storm';
import { STORM_DUE_PK, stormDueKey, stormHeadKey, stormMemberKey, stormWindowKey, type ItemKey } from '../core/keys';
import { mapWithConcurrency } from '../core/concurrency';
import type { DynamoStore, StormWindowRecord } from '../adapters/dynamo-store';
import type { LogSink } from '../adapters/logger';

/**
 * Alert storms across runs and shards, on DynamoDB (the rules are in core/alerting/storm.ts).
 *
 * Items, per (topic, app, kind) — keys.ts:
 *   HEAD               the current window {id, start, end}; replaced by a conditional put when it ended
 *   WINDOW#<id>        the member list (entries appended atomically, one batch per run and key),
 *                      the member-id set, and the flush bookkeeping (closedAt, lease, flushedAt)
 *   MEMBER#<dedupId>   the alert and the window it belongs to: written once, before the append,
 *                      so a retry finds its window and the digest finds the full alert
 * and, in partition STORM#DUE, one entry per window sorted by when its digest is due, written
 * before any append so that a window with held alerts can always be found by any run.
 *
 * Exactly once without transactions:
 * - An alert joins one window only: its MEMBER item names the window (put-if-absent), and the
 *   append is refused if the alert is already a member. A window refuses appends once its
 *   flush began (closedAt); an alert refused by a closed window moves to a new window by a
 *   conditional update of its MEMBER item.
 * - Fates (single / opening / held) are a pure function of the member list, so every retry of
 *   an alert reaches the same decision and the same message with the same dedupId.
 * - A held alert is removed from its subject's pending outbox only after the append: from then
 *   on the window owns it. Its digest is published by the first run that finds the window due
 *   (any shard, any subject), under a lease: a run that dies mid-flush lets the lease expire and
 *   the next run publishes it, with the same dedupId.
 */

export interface StormDeps {
  store: DynamoStore;
  notifier: AlertNotifier;
  log: LogSink;
  threshold: number;
  windowMs: number;
  timezone: string;
  now: () => Date;
  /** How long a run owns a digest's publish. */
  leaseMs: number;
  /** Identifies this run as the owner of a flush. */
  runId: string;
}

export interface StormRouting {
  /** To publish now: alerts on their own and opening (grouped) messages. */
  outgoing: OutgoingAlert[];
  /** Handed over to a storm window: its follow-up digest delivers them. */
  held: AlertEvent[];
}

export interface StormFlushReport {
  sent: AlertEvent[];
  failed: Array<{ event: AlertEvent; error: string }>;
}

/** The stored alert of one member (MEMBER#<dedupId>). */
interface StoredMember {
  windowId: string;
  window: StormWindow;
  event: AlertEvent;
}

/** A due entry in STORM#DUE. */
interface StoredDue {
  windowPk: string;
  windowSk: string;
}

/** Storm items outlive their window by this much (TTL in AWS); a retry later than that starts afresh. */
const STORM_TTL_SECONDS = 7 * 86_400;
/** Ids per append: keeps the condition expression (one `NOT contains` per id) under DynamoDB's 4 KB. */
const APPEND_CHUNK = 100;
/** Rounds of window choice + append before giving up on a key (each round resolves a conflict). */
const MAX_ROUNDS = 6;
const HEAD_ATTEMPTS = 5;
/** Due windows flushed per run; the rest go to the next run. */
const FLUSH_PER_RUN = 25;
const IO_CONCURRENCY = 8;

const nonce = () => randomBytes(4).toString('hex');
const expiresAt = (window: StormWindow) => Math.floor(Date.parse(window.end) / 1000) + STORM_TTL_SECONDS;
const memberKey = (key: StormKey, dedupId: string) => stormMemberKey(key.topic, key.app, key.kind, dedupId);
const windowKey = (key: StormKey, window: StormWindow) => stormWindowKey(key.topic, key.app, key.kind, window.id);

/**
 * Places this run's alerts in their storm windows and says what to publish now. A key whose
 * windows cannot be reached (store errors) falls back to grouping within this run: a page is
 * never held back by a storm bookkeeping failure.
 */
export async function routeThroughStorms(events: AlertEvent[], deps: StormDeps): Promise<StormRouting> {
  const byKey = new Map<string, AlertEvent[]>();
  for (const e of events) {
    const id = stormKeyId(stormKeyOf(e));
    byKey.set(id, [...(byKey.get(id) ?? []), e]);
  }
  const outgoing: OutgoingAlert[] = [];
  const held: AlertEvent[] = [];
  await mapWithConcurrency([...byKey.values()], 4, async (group) => {
    const key = stormKeyOf(group[0]!);
    const { placed, unplaced, error } = await placeInWindows(key, group, deps);
    if (unplaced.length > 0) {
      deps.log.warn('storm window unavailable; these alerts are grouped within this run only', {
        storm: stormKeyId(key),
        alerts: unplaced.length,
        error: message(error),
      });
      outgoing.push(...groupStorms(unplaced, deps.threshold));
    }

    const fatesOf = new Map<StormWindowRecord, Map<string, MemberFate>>();
    const openings = new Map<string, { window: StormWindowRecord; fate: MemberFate; members: AlertEvent[] }>();
    for (const e of group) {
      const window = placed.get(e.dedupId);
      if (!window) continue;
      if (!fatesOf.has(window)) fatesOf.set(window, memberFates(window.order, window.threshold));
      const fate = fatesOf.get(window)!.get(e.dedupId)!;
      if (fate.fate === 'single') outgoing.push({ event: e, members: [e] });
      else if (fate.fate === 'held') held.push(e);
      else {
        const id = `${window.id}|${fate.batch}`;
        const opening = openings.get(id) ?? { window, fate, members: [] };
        opening.members.push(e);
        openings.set(id, opening);
      }
    }
    for (const { window, fate, members } of openings.values()) {
      outgoing.push({ event: await composeOpening(key, window, fate, members, deps), members });
    }
  });
  return { outgoing, held };
}

/**
 * Publishes the follow-up digest of every storm window whose time is up, whoever decided its
 * alerts. Safe to run from every run of every shard at once: each window's flush is leased.
 */
export async function flushEndedStorms(deps: StormDeps): Promise<StormFlushReport> {
  const report: StormFlushReport = { sent: [], failed: [] };
  const nowIso = deps.now().toISOString();
  const due = await deps.store.queryBelow<StoredDue>(STORM_DUE_PK, nowIso, FLUSH_PER_RUN);
  await mapWithConcurrency(due, 4, async (entry) => {
    try {
      await flushWindow(entry.key, { pk: entry.value.windowPk, sk: entry.value.windowSk }, deps, report);
    } catch (err) {
      deps.log.warn('storm digest flush failed; the next run retries it', { window: entry.value.windowSk, error: message(err) });
    }
  });
  return report;
}

async function flushWindow(dueKey: ItemKey, key: ItemKey, deps: StormDeps, report: StormFlushReport): Promise<void> {
  const now = deps.now();
  const window = await deps.store.claimStormFlush(
    key,
    now.toISOString(),
    new Date(now.getTime() + deps.leaseMs).toISOString(),
    deps.runId,
  );
  if (!window) {
    // Flushed already (drop the stale entry), or another run holds the flush right now.
    const current = await deps.store.getItem<{ flushedAt?: string }>(key);
    if (!current || current.flushedAt) await deps.store.deleteItem(dueKey);
    return;
  }
  const fates = memberFates(window.order, window.threshold);
  const held = window.order.filter((e, i) => fates.get(e.d)?.fate === 'held' && fates.get(e.d)?.position === i + 1);
  if (held.length > 0) {
    const stormKey: StormKey = { kind: window.kind as StormKey['kind'], topic: window.topic as StormKey['topic'], app: window.app };
    const stored = await deps.store.getItems<StoredMember>(held.map((e) => memberKey(stormKey, e.d)));
    const events = new Map(stored.map(({ value }) => [value.event.dedupId, value.event]));
    const digest = digestEvent(
      { id: window.id, start: window.start, end: window.end },
      window.order,
      held,
      events,
      stormKey,
      { timezone: deps.timezone },
    );
    try {
      await deps.notifier.publish(digest);
    } catch (err) {
      const error = message(err);
      report.failed.push({ event: digest, error });
      deps.log.warn('storm digest publish failed; the window stays due and the next run retries', {
        dedupId: digest.dedupId,
        error,
      });
      await deps.store.releaseStormFlush(key, deps.runId, deps.now().toISOString(), error);
      return;
    }
    report.sent.push(digest);
  }
  await deps.store.finishStormFlush(key, deps.runId, deps.now().toISOString());
  await deps.store.deleteItem(dueKey);
}

interface Placement {
  /** dedupId → the window (as read after its append) that holds it. */
  placed: Map<string, StormWindowRecord>;
  /** Alerts that could not be placed (store errors): the caller groups them within the run. */
  unplaced: AlertEvent[];
  error?: unknown;
}

/** Puts each alert of one storm key into exactly one window; alerts already placed are found again. */
async function placeInWindows(key: StormKey, events: AlertEvent[], deps: StormDeps): Promise<Placement> {
  const todo = new Map(events.map((e) => [e.dedupId, e]));
  const placed = new Map<string, StormWindowRecord>();
  const windowOf = new Map<string, StormWindow>();
  /** Alerts whose window closed without them: their MEMBER item must move (conditionally) from it. */
  const leaving = new Map<string, string>();
  const closed = new Set<string>();
  try {
    for (const { value } of await deps.store.getItems<StoredMember>(events.map((e) => memberKey(key, e.dedupId)))) {
      windowOf.set(value.event.dedupId, value.window);
    }
    for (let round = 1; todo.size > 0; round++) {
      if (round > MAX_ROUNDS) throw new Error(`gave up placing ${todo.size} alert(s) after ${MAX_ROUNDS} rounds of conflicts`);
      const homeless = [...todo.values()].filter((e) => !windowOf.has(e.dedupId));
      if (homeless.length > 0) {
        const window = await currentWindow(key, closed, deps);
        await mapWithConcurrency(homeless, IO_CONCURRENCY, async (e) => {
          const from = leaving.get(e.dedupId);
          const item: StoredMember & Record<string, unknown> = {
            windowId: window.id,
            window,
            event: e,
            type: 'storm-member',
            expiresAt: expiresAt(window),
          };
          if (await deps.store.putIfMatches(memberKey(key, e.dedupId), item, from ? { attribute: 'windowId', equals: from } : 'absent')) {
            windowOf.set(e.dedupId, window);
            leaving.delete(e.dedupId);
            return;
          }
          // Another run placed (or moved) it first: follow its choice.
          const current = await deps.store.getItem<StoredMember>(memberKey(key, e.dedupId));
          if (current) windowOf.set(e.dedupId, current.window);
        });
      }

      const byWindow = new Map<string, { window: StormWindow; events: AlertEvent[] }>();
      for (const e of todo.values()) {
        const window = windowOf.get(e.dedupId);
        if (!window) continue;
        const entry = byWindow.get(window.id) ?? { window, events: [] };
        entry.events.push(e);
        byWindow.set(window.id, entry);
      }
      for (const { window, events: members } of byWindow.values()) {
        for (let i = 0; i < members.length; i += APPEND_CHUNK) {
          await append(key, window, members.slice(i, i + APPEND_CHUNK), deps, { todo, placed, windowOf, leaving, closed });
        }
      }
    }
    return { placed, unplaced: [] };
  } catch (error) {
    return { placed, unplaced: [...todo.values()], error };
  }
}

/** Appends one batch to a window; sorts out a refusal (already members, or the window closed). */
async function append(
  key: StormKey,
  window: StormWindow,
  batch: AlertEvent[],
  deps: StormDeps,
  s: {
    todo: Map<string, AlertEvent>;
    placed: Map<string, StormWindowRecord>;
    windowOf: Map<string, StormWindow>;
    leaving: Map<string, string>;
    closed: Set<string>;
  },
): Promise<void> {
  const wkey = windowKey(key, window);
  // The due entry first: once an alert is in the window, some run will always find the window.
  await deps.store.putItem(stormDueKey(flushAfter(window), wkey), {
    type: 'storm-due',
    windowPk: wkey.pk,
    windowSk: wkey.sk,
  });
  const b = nonce();
  const entries: StormEntry[] = batch.map((e) => ({ d: e.dedupId, t: e.target, b }));
  const result = await deps.store.appendStormMembers(
    wkey,
    { ...window, topic: key.topic, app: key.app, kind: key.kind, threshold: deps.threshold, expiresAt: expiresAt(window) },
    entries,
  );
  const members = new Set(result.window?.ids ?? []);
  for (const e of batch) {
    if (result.appended || members.has(e.dedupId)) {
      s.placed.set(e.dedupId, result.window!);
      s.todo.delete(e.dedupId);
    } else if (result.window?.closedAt) {
      s.closed.add(window.id);
      s.leaving.set(e.dedupId, window.id);
      s.windowOf.delete(e.dedupId);
    }
    // Otherwise a concurrent append of the same alert raced ours: the next round sees it placed.
  }
}

/** The window new alerts of `key` join now: the current one, or a new one opened by a conditional put. */
async function currentWindow(key: StormKey, closed: ReadonlySet<string>, deps: StormDeps): Promise<StormWindow> {
  const headKey = stormHeadKey(key.topic, key.app, key.kind);
  for (let attempt = 1; attempt <= HEAD_ATTEMPTS; attempt++) {
    const head = await deps.store.getItem<StormWindow>(headKey);
    const choice = chooseWindow(
      head ? { id: head.id, start: head.start, end: head.end } : undefined,
      deps.now().getTime(),
      deps.windowMs,
      closed,
      nonce(),
    );
    if ('join' in choice) return choice.join;
    const item = { ...choice.open, type: 'storm-head', expiresAt: expiresAt(choice.open) };
    const match = choice.replaces ? { attribute: 'id', equals: choice.replaces } : ('absent' as const);
    if (await deps.store.putIfMatches(headKey, item, match)) return choice.open;
  }
  throw new Error(`could not open a storm window for ${stormKeyId(key)} after ${HEAD_ATTEMPTS} attempts`);
}

/** The opening message of a window: this run's part of the crossing batch, plus any of it held elsewhere. */
async function composeOpening(
  key: StormKey,
  window: StormWindowRecord,
  fate: MemberFate,
  members: AlertEvent[],
  deps: StormDeps,
): Promise<AlertEvent> {
  const soFar = window.order.slice(0, fate.through);
  const batch = soFar.filter((e) => e.b === fate.batch);
  const events = new Map(members.map((e) => [e.dedupId, e]));
  const missing = batch.filter((e) => !events.has(e.d));
  if (missing.length > 0) {
    // Only after a retry split a batch between runs: read the others' alerts (names suffice if this fails).
    try {
      for (const { value } of await deps.store.getItems<StoredMember>(missing.map((e) => memberKey(key, e.d)))) {
        events.set(value.event.dedupId, value.event);
      }
    } catch (err) {
      deps.log.warn('could not read storm members; listed by name', { storm: stormKeyId(key), error: message(err) });
    }
  }
  return openingEvent(
    { id: window.id, start: window.start, end: window.end },
    soFar,
    batch,
    events,
    { timezone: deps.timezone },
  );
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
