import type { AlertEvent } from './types';
import { groupedEvent } from './storm-text';
import { stormGroupingEnabled, stormKeyId, stormKeyOf } from './storm-window';

/**
 * Alert storms: a data-centre outage takes hundreds of regional sites down at once, and the
 * ~20 probe shards that watch them each see part of it in the same minute. On-call staff must
 * get a few messages, not hundreds of SMS.
 *
 * Two layers, both pure here (the DynamoDB side is lambdas/app/storm-delivery.ts); the window
 * rules are in storm-window.ts, the message texts in storm-text.ts, both re-exported below:
 *
 * - `groupStorms`: within ONE run, alerts of one (kind, topic, app) with at least `threshold`
 *   members go out as one message. Used when grouping across runs is unavailable (store error).
 * - Storm windows, across runs and shards: every alert is appended to the window of its
 *   (kind, topic, app), a window lasting `storm.windowMs` from the first alert that opened it.
 *   Each run appends its alerts of one key in ONE atomic write (a "batch"), so a batch's
 *   positions in the window are consecutive. Position decides the fate, batch by batch:
 *     - the batch ends below the threshold            → each alert is sent on its own, at once;
 *     - the batch contains the threshold-th position  → ONE grouped "opening" message, at once,
 *                                                       naming every member so far;
 *     - the batch starts above the threshold          → held on the window, sent as ONE
 *                                                       follow-up digest after the window ends.
 *   The fate is a pure function of the window's member list (positions never change once
 *   appended), so a retry after a failed publish or a dead run reaches the same decision and
 *   the same dedupId. Per (kind, topic, app) and window at most `threshold - 1` single
 *   messages + 1 opening + 1 digest go out, however many shards report.
 */

export {
  STORM_FLUSH_GRACE_MS,
  chooseWindow,
  flushAfter,
  memberFates,
  stormGroupingEnabled,
  stormKeyId,
  stormKeyOf,
  type MemberFate,
  type StormEntry,
  type StormFate,
  type StormKey,
  type StormWindow,
  type WindowChoice,
} from './storm-window';
export { digestEvent, groupedEvent, openingEvent, type StormTextOptions } from './storm-text';

export interface OutgoingAlert {
  /** What is published. */
  event: AlertEvent;
  /** The individual alerts it stands for (itself when not grouped). */
  members: AlertEvent[];
}

/** Per-run grouping: within one run, a (kind, topic, app) with `threshold` members goes out as one message. */
export function groupStorms(events: AlertEvent[], threshold: number): OutgoingAlert[] {
  const groups = new Map<string, AlertEvent[]>();
  for (const e of events) {
    const key = stormKeyId(stormKeyOf(e));
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const out: OutgoingAlert[] = [];
  for (const members of groups.values()) {
    if (stormGroupingEnabled(threshold) && members.length >= threshold) out.push({ event: groupedEvent(members), members });
    else for (const e of members) out.push({ event: e, members: [e] });
  }
  return out;
}
