import type { AlertEvent } from '../core/alerting/types';
import { digestEvent, memberFates, type StormKey } from '../core/alerting/storm';
import { mapWithConcurrency } from '../core/concurrency';
import type { DueStormWindow } from '../ports';
import type { StormDeps } from './storm-delivery';

/**
 * The second half of storm delivery: the follow-up digest of each ended window, published by
 * whichever run finds it due first, under a lease on the window's flush.
 */

export interface StormFlushReport {
  sent: AlertEvent[];
  failed: Array<{ event: AlertEvent; error: string }>;
}

/** Due windows flushed per run; the rest go to the next run. */
const FLUSH_PER_RUN = 25;

/**
 * Publishes the follow-up digest of every storm window whose time is up, whoever decided its
 * alerts. Safe to run from every run of every shard at once: each window's flush is leased.
 */
export async function flushEndedStorms(deps: StormDeps): Promise<StormFlushReport> {
  const report: StormFlushReport = { sent: [], failed: [] };
  const nowIso = deps.now().toISOString();
  const due = await deps.store.dueWindows(nowIso, FLUSH_PER_RUN);
  await mapWithConcurrency(due, 4, async (entry) => {
    try {
      await flushWindow(entry, deps, report);
    } catch (err) {
      deps.log.warn('storm digest flush failed; the next run retries it', { window: `WINDOW#${entry.windowId}`, error: message(err) });
    }
  });
  return report;
}

async function flushWindow(due: DueStormWindow, deps: StormDeps, report: StormFlushReport): Promise<void> {
  const now = deps.now();
  const window = await deps.store.claimFlush(due, {
    owner: deps.runId,
    nowIso: now.toISOString(),
    untilIso: new Date(now.getTime() + deps.leaseMs).toISOString(),
  });
  if (!window) {
    // Flushed already (drop the stale entry), or another run holds the flush right now.
    if (await deps.store.isFlushedOrGone(due)) await deps.store.forgetDue(due);
    return;
  }
  const fates = memberFates(window.order, window.threshold);
  const held = window.order.filter((e, i) => fates.get(e.d)?.fate === 'held' && fates.get(e.d)?.position === i + 1);
  if (held.length > 0) {
    const stormKey: StormKey = { kind: window.kind as StormKey['kind'], topic: window.topic as StormKey['topic'], app: window.app };
    const stored = await deps.store.members(stormKey, held.map((e) => e.d));
    const events = new Map(stored.map((member) => [member.event.dedupId, member.event]));
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
      await deps.store.releaseFlush(due, deps.runId, deps.now().toISOString(), error);
      return;
    }
    report.sent.push(digest);
  }
  await deps.store.finishFlush(due, deps.runId, deps.now().toISOString());
  await deps.store.forgetDue(due);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
