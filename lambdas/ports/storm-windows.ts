import type { AlertEvent } from '../core/alerting/types';
import type { StormEntry, StormKey, StormWindow } from '../core/alerting/storm';

/**
 * A storm window as stored: the member list in arrival order, the set of member dedupIds (for
 * idempotent appends), and the flush bookkeeping.
 */
export interface StormWindowRecord {
  id: string;
  start: string;
  end: string;
  topic: string;
  app: string;
  kind: string;
  /** The storm threshold the window was opened with: fates never change if the config does. */
  threshold: number;
  order: StormEntry[];
  ids: string[];
  /** Set when a run began flushing: nothing can join after it. */
  closedAt?: string;
  /** Set once the digest was published (or there was nothing to publish). */
  flushedAt?: string;
  flushOwner?: string;
  /** The flushing run owns the publish until then; after it, any run may retry. */
  flushLease?: string;
  flushAttempts?: number;
  lastError?: string;
}

/** What a storm window is created with on its first append. */
export type StormWindowInit = Pick<StormWindowRecord, 'id' | 'start' | 'end' | 'threshold'>;

/** One alert's membership: the window it belongs to, and the full alert (for the digest). */
export interface StormMember {
  windowId: string;
  window: StormWindow;
  event: AlertEvent;
}

/** A window whose digest is due, as found by `dueWindows`; `ref` is the store's own handle. */
export interface DueStormWindow {
  windowId: string;
  readonly ref: string;
}

/** Who flushes a window, when, and until when it owns the publish. */
export interface FlushLease {
  owner: string;
  nowIso: string;
  untilIso: string;
}

/**
 * Alert-storm windows shared by every run and shard. No transactions: each operation is one
 * conditional write on one record, so each is safe however many runs call it at once.
 */
export interface StormWindowStore {
  /** The window new alerts of `key` join now, if one was opened. */
  currentWindow(key: StormKey): Promise<StormWindow | undefined>;
  /**
   * Makes `window` the current one of `key`, only if there is none (`replaces` null) or the
   * current one is still `replaces`. Returns false when another run opened one first.
   */
  openWindow(key: StormKey, window: StormWindow, replaces: string | null): Promise<boolean>;
  /** The memberships of these alerts that exist. */
  members(key: StormKey, dedupIds: string[]): Promise<StormMember[]>;
  /**
   * Records an alert's membership, only if it has none yet (`movingFrom` undefined) or it still
   * names window `movingFrom` (the alert leaves a window that closed without it). Returns false
   * when another run placed (or moved) it first.
   */
  placeMember(key: StormKey, member: StormMember, movingFrom?: string): Promise<boolean>;
  /** Lists the window as due at `dueAtIso` (idempotent): from then on `dueWindows` finds it. */
  markDue(key: StormKey, window: StormWindow, dueAtIso: string): Promise<void>;
  /**
   * Appends `entries` to the window in ONE atomic step (their positions are consecutive),
   * creating it on first use. Refused when the window is closed (its flush began) or when any
   * entry is already a member. Returns the window after the append, or, when refused, the
   * window as it is now (undefined if it does not exist).
   */
  appendMembers(
    key: StormKey,
    window: StormWindowInit,
    entries: StormEntry[],
  ): Promise<{ appended: boolean; window: StormWindowRecord | undefined }>;
  /** Windows due before `nowIso`, earliest first, at most `limit`. */
  dueWindows(nowIso: string, limit: number): Promise<DueStormWindow[]>;
  /**
   * Closes the window (nothing joins after this) and takes the lease on its flush. Returns the
   * final window, or undefined when it is already flushed or another run holds an unexpired
   * lease. Creates a closed, empty window if none exists, so a late append cannot slip in.
   */
  claimFlush(due: DueStormWindow, lease: FlushLease): Promise<StormWindowRecord | undefined>;
  /** True when the window was flushed already or does not exist (its due entry is stale). */
  isFlushedOrGone(due: DueStormWindow): Promise<boolean>;
  /** Marks the window flushed, if `owner` still holds the flush. Returns false when it lost it. */
  finishFlush(due: DueStormWindow, owner: string, nowIso: string): Promise<boolean>;
  /** Gives a flush back after a failed publish, so the next run retries it at once. */
  releaseFlush(due: DueStormWindow, owner: string, nowIso: string, error: string): Promise<void>;
  /** Removes the due entry (the window is flushed, or gone). */
  forgetDue(due: DueStormWindow): Promise<void>;
}
