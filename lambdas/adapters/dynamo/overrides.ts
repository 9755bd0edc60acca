import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { OnCallOverride } from '../../core/oncall/overrides';
import type { OverrideStore } from '../../ports';
import { stripKeys } from './client';
import { OVERRIDES_PK, overrideKey } from './keys';
import type { DynamoTable } from './table';

/**
 * Silences and ad-hoc maintenance windows on the single table, all in one partition; each item
 * carries the TTL attribute (`expiresAt`, epoch seconds) at its end, so DynamoDB removes it.
 */
export class DynamoOverrides implements OverrideStore {
  constructor(private readonly table: DynamoTable) {}

  async putOverride(override: OnCallOverride): Promise<void> {
    const expiresAt = Math.ceil(Date.parse(override.until) / 1000);
    await this.table.putItem(overrideKey(override.id), { type: 'oncall-override', ...override, expiresAt });
  }

  async listOverrides(): Promise<OnCallOverride[]> {
    const found: OnCallOverride[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.table.doc.send(
        new QueryCommand({
          TableName: this.table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': OVERRIDES_PK },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      found.push(...(out.Items ?? []).map((item) => stripKeys(item) as unknown as OnCallOverride));
      start = out.LastEvaluatedKey;
    } while (start);
    return found;
  }

  async removeOverride(id: string): Promise<boolean> {
    const out = await this.table.doc.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: overrideKey(id), ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes !== undefined;
  }
}
