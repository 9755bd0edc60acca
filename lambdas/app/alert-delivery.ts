import type { AlertEvent } from '../core/alerting/types';
import type { OutgoingAlert } from '../core/alerting/storm';
import { owedChannels } from '../core/alerting/pending';
import { failureText, type ChannelOutcome, type Notifier } from '../core/channels/delivery';
import { mapWithConcurrency } from '../core/concurrency';
import type { LogSink } from '../ports';
import type { AlertCycleReport } from './alert-cycle';

/**
 * The alert cycle's publish step: which channels each message goes to, and delivering them.
 * Fresh alerts (and storm messages) go to every channel; a retry some channel already took goes
 * on its own to the channels it still owes, so no channel gets it twice.
 */

const PUBLISH_CONCURRENCY = 8;

export interface Delivery {
  out: OutgoingAlert;
  /** The channels this message goes to: all, or those a partly delivered alert still owes. */
  channels: readonly string[];
}

/**
 * Delivers each message on its channels. A message is `sent` when a channel took it and `failed`
 * when one did not (a partial delivery is both); every member records the channel outcomes.
 */
export async function deliverAll(
  deliveries: Delivery[],
  notifier: Notifier,
  log: LogSink,
): Promise<{ sent: AlertEvent[]; failed: AlertCycleReport['failed']; outcomes: Map<string, ChannelOutcome[]> }> {
  const sent: AlertEvent[] = [];
  const failed: AlertCycleReport['failed'] = [];
  const outcomes = new Map<string, ChannelOutcome[]>();
  await mapWithConcurrency(deliveries, PUBLISH_CONCURRENCY, async ({ out, channels }) => {
    if (channels.length === 0) {
      log.warn('pending alert dropped: the channels that still owed it are gone', { kind: out.event.kind, target: out.event.target, dedupId: out.event.dedupId });
    }
    const result = channels.length === 0 ? [] : await notifier.deliver(out.event, channels);
    for (const m of out.members) outcomes.set(m.dedupId, result);
    if (result.some((o) => o.ok)) sent.push(out.event);
    if (result.every((o) => o.ok)) return;
    const error = failureText(result);
    failed.push({ event: out.event, error });
    log.warn('alert publish failed; kept pending for the next run', {
      kind: out.event.kind,
      target: out.event.target,
      dedupId: out.event.dedupId,
      channels: result.filter((o) => !o.ok).map((o) => o.channel),
      error,
    });
  });
  return { sent, failed, outcomes };
}

/** Storm-routed messages to every channel; retries owed by some channels to those alone. */
export function planDeliveries(
  outgoing: OutgoingAlert[],
  retries: AlertEvent[],
  owed: ReadonlyMap<string, string[]>,
  channels: readonly string[],
): Delivery[] {
  return [
    ...outgoing.map((out) => ({ out, channels })),
    ...retries.map((e) => ({ out: { event: e, members: [e] }, channels: owedChannels({ channels: owed.get(e.dedupId) }, channels) })),
  ];
}
