/**
 * The chat relay's memory of what it delivered: one record per (channel, dedupId). SNS may
 * deliver an alert to the relay twice, and Lambda retries a relay run that failed; the ledger
 * makes each alert reach each chat once.
 *
 * A delivery is claimed before it is sent (a lease, so two runs holding the same alert never
 * post it both), confirmed once the chat accepted it, and released when the post failed (so the
 * retry may claim it again at once). Confirmed records expire on their own (TTL) after long
 * enough that no redelivery can arrive later.
 */

/** `claimed`: send it now; `delivered`: already out, skip it; `busy`: another run is sending it, retry later. */
export type DeliveryClaim = 'claimed' | 'delivered' | 'busy';

export interface DeliveryLedger {
  claimDelivery(channel: string, dedupId: string, nowIso: string, leaseMs: number): Promise<DeliveryClaim>;
  confirmDelivery(channel: string, dedupId: string, nowIso: string): Promise<void>;
  releaseDelivery(channel: string, dedupId: string): Promise<void>;
}

/** How long a confirmed delivery is remembered: well past SNS's and Lambda's last retry. */
export const DELIVERY_MEMORY_MS = 7 * 24 * 3_600_000;
