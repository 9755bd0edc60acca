import type { AlertEvent } from '../core/alerting/types';
import type { ChannelDeliverer } from '../core/channels/delivery';
import type { DeliveryLedger, LogSink } from '../ports';

/**
 * The chat relay: an alert that SNS delivered to the relay Lambda goes to its one chat channel
 * exactly once. The ledger is claimed before the post and confirmed after it; a post that
 * failed releases the claim and throws, so Lambda retries the invocation (and, after its
 * retries, drops it to the alarmed failure queue). A redelivered alert finds its delivery
 * confirmed and is skipped.
 */

export interface ChatRelayDeps {
  /** The ledger's name for the channel (core/channels/relayed.ts `id`). */
  channel: string;
  deliverer: ChannelDeliverer;
  ledger: DeliveryLedger;
  log: LogSink;
  now?: () => Date;
  /** How long a claim keeps other runs off the alert: longer than one relay run. */
  leaseMs?: number;
}

/** The part of an SNS → Lambda event the relay reads. */
export interface SnsDelivery {
  Records: Array<{ Sns: { Message: string; MessageId?: string } }>;
}

export interface ChatRelayReport {
  delivered: string[];
  /** Already delivered before (an SNS redelivery or a retried run). */
  skipped: string[];
}

export const CHAT_LEASE_MS = 90_000;

export async function relayToChat(event: SnsDelivery, deps: ChatRelayDeps): Promise<ChatRelayReport> {
  const report: ChatRelayReport = { delivered: [], skipped: [] };
  for (const record of event.Records) {
    const alert = parseAlert(record.Sns.Message);
    const outcome = await deliverOnce(alert, deps);
    report[outcome].push(alert.dedupId);
  }
  return report;
}

async function deliverOnce(alert: AlertEvent, deps: ChatRelayDeps): Promise<'delivered' | 'skipped'> {
  const now = () => (deps.now?.() ?? new Date()).toISOString();
  const claim = await deps.ledger.claimDelivery(deps.channel, alert.dedupId, now(), deps.leaseMs ?? CHAT_LEASE_MS);
  if (claim === 'delivered') {
    deps.log.info('alert already delivered to this chat; skipped', { channel: deps.channel, dedupId: alert.dedupId });
    return 'skipped';
  }
  // Another run holds it and may still fail: throwing lets Lambda retry after its lease.
  if (claim === 'busy') throw new Error(`alert ${alert.dedupId} is being delivered to ${deps.channel} by another run; retried later`);
  try {
    await deps.deliverer.deliver(alert);
  } catch (err) {
    await deps.ledger.releaseDelivery(deps.channel, alert.dedupId);
    throw err;
  }
  await deps.ledger.confirmDelivery(deps.channel, alert.dedupId, now());
  return 'delivered';
}

/** The alert in an SNS message (the `lambda` body: the structured form). */
export function parseAlert(message: string): AlertEvent {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    throw new Error('SNS message is not an alert: not JSON (is the topic publishing with MessageStructure json?)');
  }
  const alert = value as Partial<AlertEvent> | null;
  if (!alert || typeof alert.dedupId !== 'string' || typeof alert.message !== 'string') {
    throw new Error('SNS message is not an alert: dedupId and message are missing');
  }
  return alert as AlertEvent;
}
