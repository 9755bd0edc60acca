import { randomBytes } from 'node:crypto';
import type { AlertEvent, AlertNotifier } from '../core/alerting/types';
import {
  chooseWindow,
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
import { mapWithConcurrency } from '../core/concurrency';
import type { LogSink, StormWindowRecord, StormWindowStore } from '../ports';

export { flushEndedStorms, type StormFlushReport } from './storm-flush';

/**
 * Alert storms across runs and shards (the rules are in core/alerting/storm.ts), on the storm
 * window port. Per (topic, app, kind) the store keeps the current window, each window's member
 * list and flush bookkeeping, one membership per alert (written once, before the append, so a
 * retry finds its window and the digest finds the full alert), and the list of windows due for
 * a digest (marked before any append, so a window with held alerts can always be found).
 *
 * Exactly once without transactions:
 * - An alert joins one window only: its membership names the window (placed if absent), and the
 *   append is refused if the alert is already a member. A window refuses appends once its
 *   flush began (closedAt); an alert refused by a closed window moves to a new window by a
 *   conditional move of its membership.
 * - Fates (single / opening / held) are a pure function of the member list, so every retry of
 *   an alert reaches the same decision and the same message with the same dedupId.
 * - A held alert is removed from its subject's pending outbox only after the append: from then
 *   on the window owns it. Its digest is published by the first run that finds the window due
 *   (any shard, any subject), under a lease: a run that dies mid-flush lets the lease expire and
 *   the next run publishes it, with the same dedupId.
 */

export interface StormDeps {
  store: StormWindowStore;
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

/** Ids per atomic append: keeps each within what a store accepts in one write (DynamoDB: 4 KB of condition). */
const APPEND_CHUNK = 100;
/** Rounds of window choice + append before giving up on a key (each round resolves a conflict). */
const MAX_ROUNDS = 6;
const HEAD_ATTEMPTS = 5;
const IO_CONCURRENCY = 8;

const nonce = () => randomBytes(4).toString('hex');

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
  /** Alerts whose window closed without them: their membership must move (conditionally) from it. */
  const leaving = new Map<string, string>();
  const closed = new Set<string>();
  try {
    for (const member of await deps.store.members(key, events.map((e) => e.dedupId))) {
      windowOf.set(member.event.dedupId, member.window);
    }
    for (let round = 1; todo.size > 0; round++) {
      if (round > MAX_ROUNDS) throw new Error(`gave up placing ${todo.size} alert(s) after ${MAX_ROUNDS} rounds of conflicts`);
      const homeless = [...todo.values()].filter((e) => !windowOf.has(e.dedupId));
      if (homeless.length > 0) {
        const window = await currentWindow(key, closed, deps);
        await mapWithConcurrency(homeless, IO_CONCURRENCY, async (e) => {
          if (await deps.store.placeMember(key, { windowId: window.id, window, event: e }, leaving.get(e.dedupId))) {
            windowOf.set(e.dedupId, window);
            leaving.delete(e.dedupId);
            return;
          }
          // Another run placed (or moved) it first: follow its choice.
          const [current] = await deps.store.members(key, [e.dedupId]);
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
  // The due entry first: once an alert is in the window, some run will always find the window.
  await deps.store.markDue(key, window, flushAfter(window));
  const b = nonce();
  const entries: StormEntry[] = batch.map((e) => ({ d: e.dedupId, t: e.target, b }));
  const result = await deps.store.appendMembers(
    key,
    { id: window.id, start: window.start, end: window.end, threshold: deps.threshold },
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
  for (let attempt = 1; attempt <= HEAD_ATTEMPTS; attempt++) {
    const head = await deps.store.currentWindow(key);
    const choice = chooseWindow(head, deps.now().getTime(), deps.windowMs, closed, nonce());
    if ('join' in choice) return choice.join;
    if (await deps.store.openWindow(key, choice.open, choice.replaces)) return choice.open;
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
      for (const member of await deps.store.members(key, missing.map((e) => e.d))) {
        events.set(member.event.dedupId, member.event);
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
