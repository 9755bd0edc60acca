import type { DeliveryClaim, DeliveryLedger } from '../../ports';

/** The delivery ledger in memory, with the DynamoDB one's semantics (TTL not modelled). */
export class MemoryDeliveryLedger implements DeliveryLedger {
  private readonly records = new Map<string, { state: 'sending' | 'delivered'; leaseUntil?: string }>();

  async claimDelivery(channel: string, dedupId: string, nowIso: string, leaseMs: number): Promise<DeliveryClaim> {
    await Promise.resolve();
    const key = `${channel}\u0000${dedupId}`;
    const record = this.records.get(key);
    if (record?.state === 'delivered') return 'delivered';
    if (record && record.leaseUntil! >= nowIso) return 'busy';
    this.records.set(key, { state: 'sending', leaseUntil: new Date(Date.parse(nowIso) + leaseMs).toISOString() });
    return 'claimed';
  }

  async confirmDelivery(channel: string, dedupId: string): Promise<void> {
    await Promise.resolve();
    this.records.set(`${channel}\u0000${dedupId}`, { state: 'delivered' });
  }

  async releaseDelivery(channel: string, dedupId: string): Promise<void> {
    await Promise.resolve();
    const key = `${channel}\u0000${dedupId}`;
    if (this.records.get(key)?.state === 'sending') this.records.delete(key);
  }
}
