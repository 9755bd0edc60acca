import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DELIVERY_MEMORY_MS, type DeliveryClaim, type DeliveryLedger } from '../../ports';
import { isConditionFailure } from './client';
import { deliveryKey } from './keys';
import type { DynamoTable } from './table';

const epochSeconds = (iso: string, plusMs: number) => Math.floor((Date.parse(iso) + plusMs) / 1000);

/**
 * The delivery ledger on the table: `CHAT#<channel>` / `DELIVERY#<dedupId>`, holding
 * `state` (`sending` under a lease, or `delivered`) and `expiresAt` (TTL). A claim is one
 * conditional put: it wins when the item is absent or holds an expired lease.
 */
export class DynamoDeliveryLedger implements DeliveryLedger {
  constructor(private readonly table: DynamoTable) {}

  async claimDelivery(channel: string, dedupId: string, nowIso: string, leaseMs: number): Promise<DeliveryClaim> {
    const Key = deliveryKey(channel, dedupId);
    const leaseUntil = new Date(Date.parse(nowIso) + leaseMs).toISOString();
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { ...Key, state: 'sending', leaseUntil, expiresAt: epochSeconds(nowIso, DELIVERY_MEMORY_MS) },
          ConditionExpression: 'attribute_not_exists(pk) OR (#state = :sending AND #lease < :now)',
          ExpressionAttributeNames: { '#state': 'state', '#lease': 'leaseUntil' },
          ExpressionAttributeValues: { ':sending': 'sending', ':now': nowIso },
        }),
      );
      return 'claimed';
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    const out = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key, ConsistentRead: true }));
    return out.Item?.state === 'delivered' ? 'delivered' : 'busy';
  }

  async confirmDelivery(channel: string, dedupId: string, nowIso: string): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...deliveryKey(channel, dedupId), state: 'delivered', deliveredAt: nowIso, expiresAt: epochSeconds(nowIso, DELIVERY_MEMORY_MS) },
      }),
    );
  }

  async releaseDelivery(channel: string, dedupId: string): Promise<void> {
    // Only a claim still sending is given back: a delivery confirmed meanwhile stays.
    try {
      await this.table.doc.send(
        new DeleteCommand({
          TableName: this.table.tableName,
          Key: deliveryKey(channel, dedupId),
          ConditionExpression: '#state = :sending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }
}
