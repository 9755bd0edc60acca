import type { TopicName } from '../config';
import type { AlertEvent, AlertKind } from './types';

/**
 * Storm windows across runs and shards (the rules; storm.ts tells the whole story): which
 * window an alert joins, and each member's fate from its position in the window.
 */

/** A window ends at `end`; its digest is due this much later, so a run that joined it just before the end has appended. */
export const STORM_FLUSH_GRACE_MS = 5_000;

/** Grouping is on from a threshold of 2; `0` or `1` turns it off. */
export function stormGroupingEnabled(threshold: number): boolean {
  return threshold >= 2;
}

/** What storms are grouped by. */
export interface StormKey {
  kind: AlertKind;
  topic: TopicName;
  app: string;
}

export function stormKeyOf(e: Pick<AlertEvent, 'kind' | 'topic' | 'app'>): StormKey {
  return { kind: e.kind, topic: e.topic, app: e.app };
}

export function stormKeyId(key: StormKey): string {
  return `${key.kind}|${key.topic}|${key.app}`;
}

/** One window of one storm key: opened by the first alert, lasting `storm.windowMs`. */
export interface StormWindow {
  /** `<start ISO>#<nonce>`: unique even if two windows opened in the same millisecond. */
  id: string;
  start: string;
  end: string;
}

/** One member in a window's list: the alert's dedupId, its subject and the batch it came in. */
export interface StormEntry {
  d: string;
  t: string;
  b: string;
}

export type StormFate = 'single' | 'opening' | 'held';

export interface MemberFate {
  fate: StormFate;
  /** 1-based position in the window. */
  position: number;
  batch: string;
  /** Last position of the member's batch (the opening names members 1..through). */
  through: number;
}

export type WindowChoice = { join: StormWindow } | { open: StormWindow; replaces: string | null };

/**
 * The window an alert decided at `nowMs` joins: the current one (the HEAD) while it lasts and is
 * not closed; otherwise a new one opened now, replacing the HEAD by a conditional write.
 */
export function chooseWindow(
  head: StormWindow | undefined,
  nowMs: number,
  windowMs: number,
  closed: ReadonlySet<string>,
  nonce: string,
): WindowChoice {
  if (
    head &&
    !closed.has(head.id) &&
    nowMs < Date.parse(head.end) &&
    // A run whose clock reads a little before the window opened (it decided first, another run
    // appended first) still belongs to it; one a whole window earlier does not.
    nowMs >= Date.parse(head.start) - windowMs
  ) {
    return { join: head };
  }
  const start = new Date(nowMs).toISOString();
  return {
    open: { id: `${start}#${nonce}`, start, end: new Date(nowMs + Math.max(1, windowMs)).toISOString() },
    replaces: head?.id ?? null,
  };
}

/** When the digest of a window may be flushed. */
export function flushAfter(window: Pick<StormWindow, 'end'>): string {
  return new Date(Date.parse(window.end) + STORM_FLUSH_GRACE_MS).toISOString();
}

/**
 * Every member's fate, from the window's member list alone. A batch is appended atomically, so
 * its positions are consecutive and exactly one batch can contain the threshold-th position.
 */
export function memberFates(order: readonly StormEntry[], threshold: number): Map<string, MemberFate> {
  const ranges = new Map<string, { min: number; max: number }>();
  order.forEach((entry, i) => {
    const position = i + 1;
    const range = ranges.get(entry.b);
    if (range) range.max = Math.max(range.max, position);
    else ranges.set(entry.b, { min: position, max: position });
  });
  const fates = new Map<string, MemberFate>();
  order.forEach((entry, i) => {
    const { min, max } = ranges.get(entry.b)!;
    const fate: StormFate =
      !stormGroupingEnabled(threshold) || max < threshold ? 'single' : min > threshold ? 'held' : 'opening';
    if (!fates.has(entry.d)) fates.set(entry.d, { fate, position: i + 1, batch: entry.b, through: max });
  });
  return fates;
}
