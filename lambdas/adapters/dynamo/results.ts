import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CheckResult } from '../../core/types';
import type { ResultHistory } from '../../ports';
import { stripKeys } from './client';
import { resultKey, targetPk } from './keys';
import type { DynamoTable } from './table';

/**
 * Check results as history items `TARGET#<id>` / `RESULT#<iso-ts>#<region>`, expiring (TTL)
 * `historyDays` after the check ran.
 */
export class DynamoResultHistory implements ResultHistory {
  constructor(private readonly table: DynamoTable) {}

  /** Appends one history item per result (BatchWriteItem, unprocessed items retried with backoff). */
  async saveResults(results: CheckResult[]): Promise<number> {
    const items = results.map((r) => this.resultItem(r));
    await this.table.batchPut(items);
    return items.length;
  }

  resultItem(result: CheckResult): Record<string, unknown> {
    const startedMs = Date.parse(result.ts);
    return {
      ...resultKey(result.target, result.ts, result.region),
      type: 'result',
      ...result,
      expiresAt: Math.floor(startedMs / 1000) + this.table.options.historyDays * 86_400,
    };
  }

  async recentResults(targetId: string, limit = 20): Promise<CheckResult[]> {
    const out = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': targetPk(targetId), ':prefix': 'RESULT#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(stripKeys) as unknown as CheckResult[];
  }
}
