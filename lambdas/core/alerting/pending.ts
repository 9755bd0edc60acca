import type { AlertEvent } from './types';
import type { PendingAlert } from './state';
import { failureText, type ChannelOutcome } from '../channels/delivery';

/**
 * The outbox on the state item. An alert is written as pending in the same conditional write
 * that decides it, under a lease held by the run that decided it. That run publishes and then
 * removes it; if the publish fails the lease is released and any later run claims it (again by
 * a conditional write, so only one run retries) and publishes it with the same dedupId.
 * A run that dies between claim and publish just lets the lease run out.
 *
 * Exactly once per channel: an alert is delivered on every channel of the notifier, and each
 * channel owes it separately. When some channels take it and others fail, the pending alert
 * keeps only the channels still owed (`channels`), and its retry goes to those alone.
 */

/** Pending alerts kept per subject; beyond this the oldest reminders go first (never a down/recovered). */
export const MAX_PENDING = 20;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Adds freshly decided alerts, leased to the deciding run until `nowMs + leaseMs`, stamped with
 * the subject's epoch (state.epoch after the decision).
 */
export function addPending(pending: PendingAlert[], events: AlertEvent[], nowMs: number, leaseMs: number, epoch = 0): PendingAlert[] {
  const known = new Set(pending.map((p) => p.event.dedupId));
  const added = events
    .filter((e) => !known.has(e.dedupId))
    .map((event) => ({ event, epoch, leaseUntil: iso(nowMs + leaseMs), attempts: 0 }));
  return trim([...pending, ...added]);
}

/**
 * Claims every pending alert whose lease ran out: they are this run's to retry (`owed`: the
 * channels still owed, for those a channel already took; absent means all). An alert decided
 * in an older epoch than the subject's `epoch` (a newer transition came since: the DOWN that a
 * dead run published but never settled, after which the target recovered) is superseded: it is
 * dropped, never sent late, so no stale DOWN arrives after its RECOVERED.
 */
export function claimExpired(
  pending: PendingAlert[],
  nowMs: number,
  leaseMs: number,
  epoch?: number,
): { pending: PendingAlert[]; claimed: AlertEvent[]; superseded: AlertEvent[]; owed: Map<string, string[]> } {
  const claimed: AlertEvent[] = [];
  const superseded: AlertEvent[] = [];
  const owed = new Map<string, string[]>();
  const next: PendingAlert[] = [];
  for (const p of pending) {
    if (Date.parse(p.leaseUntil) > nowMs) {
      next.push(p);
    } else if (epoch !== undefined && p.epoch !== undefined && p.epoch < epoch) {
      superseded.push(p.event);
    } else {
      claimed.push(p.event);
      if (p.channels) owed.set(p.event.dedupId, [...p.channels]);
      next.push({ ...p, leaseUntil: iso(nowMs + leaseMs) });
    }
  }
  return { pending: next, claimed, superseded, owed };
}

/** Removes alerts that were published. */
export function removePending(pending: PendingAlert[], dedupIds: Set<string>): PendingAlert[] {
  return pending.filter((p) => !dedupIds.has(p.event.dedupId));
}

/** Releases the lease of alerts whose publish failed, so the next run retries them at once. */
export function releasePending(pending: PendingAlert[], dedupIds: Set<string>, nowMs: number, error: string): PendingAlert[] {
  return pending.map((p) => (dedupIds.has(p.event.dedupId) ? released(p, nowMs, error) : p));
}

/**
 * The channels `p` still owes among `available` (the notifier's channels now): a channel no
 * longer configured owes nothing, so an alert owed only there is settled rather than kept forever.
 */
export function owedChannels(p: Pick<PendingAlert, 'channels'>, available: readonly string[]): string[] {
  return p.channels ? p.channels.filter((c) => available.includes(c)) : [...available];
}

/**
 * Applies this run's deliveries (per dedupId, each channel's outcome) to the pending list: an
 * alert no channel owes any more goes; one that a channel failed keeps only the channels still
 * owed and is released for the next run. Alerts without outcomes are left as they are.
 */
export function settleDeliveries(
  pending: PendingAlert[],
  outcomes: ReadonlyMap<string, readonly ChannelOutcome[]>,
  available: readonly string[],
  nowMs: number,
): PendingAlert[] {
  const next: PendingAlert[] = [];
  for (const p of pending) {
    const tried = outcomes.get(p.event.dedupId);
    if (!tried) {
      next.push(p);
      continue;
    }
    const delivered = new Set(tried.filter((o) => o.ok).map((o) => o.channel));
    const remaining = owedChannels(p, available).filter((c) => !delivered.has(c));
    if (remaining.length === 0) continue;
    if (tried.every((o) => o.ok)) {
      next.push(p); // not tried on the channels it still owes: its lease runs out, then a retry
      continue;
    }
    const untouched = p.channels === undefined && delivered.size === 0;
    next.push({ ...released(p, nowMs, failureText(tried)), ...(untouched ? {} : { channels: remaining }) });
  }
  return next;
}

function released(p: PendingAlert, nowMs: number, error: string): PendingAlert {
  return { ...p, leaseUntil: iso(nowMs), attempts: p.attempts + 1, lastError: error.slice(0, 300) };
}

function trim(pending: PendingAlert[]): PendingAlert[] {
  const list = [...pending];
  while (list.length > MAX_PENDING) {
    const reminder = list.findIndex((p) => p.event.kind === 'reminder');
    list.splice(reminder >= 0 ? reminder : 0, 1);
  }
  return list;
}
