import type { AlertEvent } from './types';
import type { PendingAlert } from './state';

/**
 * The outbox on the state item. An alert is written as pending in the same conditional write
 * that decides it, under a lease held by the run that decided it. That run publishes and then
 * removes it; if the publish fails the lease is released and any later run claims it (again by
 * a conditional write, so only one run retries) and publishes it with the same dedupId.
 * A run that dies between claim and publish just lets the lease run out.
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
 * Claims every pending alert whose lease ran out: they are this run's to retry. An alert decided
 * in an older epoch than the subject's `epoch` (a newer transition came since: the DOWN that a
 * dead run published but never settled, after which the target recovered) is superseded: it is
 * dropped, never sent late, so no stale DOWN arrives after its RECOVERED.
 */
export function claimExpired(
  pending: PendingAlert[],
  nowMs: number,
  leaseMs: number,
  epoch?: number,
): { pending: PendingAlert[]; claimed: AlertEvent[]; superseded: AlertEvent[] } {
  const claimed: AlertEvent[] = [];
  const superseded: AlertEvent[] = [];
  const next: PendingAlert[] = [];
  for (const p of pending) {
    if (Date.parse(p.leaseUntil) > nowMs) {
      next.push(p);
    } else if (epoch !== undefined && p.epoch !== undefined && p.epoch < epoch) {
      superseded.push(p.event);
    } else {
      claimed.push(p.event);
      next.push({ ...p, leaseUntil: iso(nowMs + leaseMs) });
    }
  }
  return { pending: next, claimed, superseded };
}

/** Removes alerts that were published. */
export function removePending(pending: PendingAlert[], dedupIds: Set<string>): PendingAlert[] {
  return pending.filter((p) => !dedupIds.has(p.event.dedupId));
}

/** Releases the lease of alerts whose publish failed, so the next run retries them at once. */
export function releasePending(pending: PendingAlert[], dedupIds: Set<string>, nowMs: number, error: string): PendingAlert[] {
  return pending.map((p) =>
    dedupIds.has(p.event.dedupId)
      ? { ...p, leaseUntil: iso(nowMs), attempts: p.attempts + 1, lastError: error.slice(0, 300) }
      : p,
  );
}

function trim(pending: PendingAlert[]): PendingAlert[] {
  const list = [...pending];
  while (list.length > MAX_PENDING) {
    const reminder = list.findIndex((p) => p.event.kind === 'reminder');
    list.splice(reminder >= 0 ? reminder : 0, 1);
  }
  return list;
}
