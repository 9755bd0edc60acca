import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DailyAvailability, DailyIncrement } from '../../core/status/types';
import type { DailyAvailabilityStore } from '../../ports';
import { availabilityDayKey, availabilityPk } from './keys';
import type { DynamoTable } from './table';

/** Days stay long after the result history (TTL): the page draws 90, a year is kept for reports. */
export const DAILY_RETENTION_DAYS = 400;

/**
 * Daily counts as `AVAIL#<app>` / `DAY#<day>` items, each increment one UpdateItem with ADD:
 * atomic, so every shard and region adds to the same day without reading it first.
 */
export class DynamoDailyAvailability implements DailyAvailabilityStore {
  constructor(private readonly table: DynamoTable) {}

  async addDaily(increments: DailyIncrement[]): Promise<void> {
    await Promise.all(increments.map((inc) => this.add(inc)));
  }

  private add(inc: DailyIncrement) {
    const expiresAt = Math.floor(Date.parse(`${inc.day}T00:00:00Z`) / 1000) + DAILY_RETENTION_DAYS * 86_400;
    return this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: availabilityDayKey(inc.app, inc.day),
        UpdateExpression: 'ADD #good :good, #total :total, #sum :sum, #count :count SET #app = :app, #day = :day, #type = :type, #exp = :exp',
        ExpressionAttributeNames: {
          '#good': 'good', '#total': 'total', '#sum': 'latencySumMs', '#count': 'latencyCount',
          '#app': 'app', '#day': 'day', '#type': 'type', '#exp': 'expiresAt',
        },
        ExpressionAttributeValues: {
          ':good': inc.good, ':total': inc.total, ':sum': inc.latencySumMs, ':count': inc.latencyCount,
          ':app': inc.app, ':day': inc.day, ':type': 'availability-day', ':exp': expiresAt,
        },
      }),
    );
  }

  async dailyOf(app: string, fromDay: string, toDay: string): Promise<DailyAvailability[]> {
    const days: DailyAvailability[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.table.doc.send(
        new QueryCommand({
          TableName: this.table.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': availabilityPk(app), ':from': `DAY#${fromDay}`, ':to': `DAY#${toDay}` },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) {
        days.push({
          app: String(item.app),
          day: String(item.day),
          good: Number(item.good ?? 0),
          total: Number(item.total ?? 0),
          latencySumMs: Number(item.latencySumMs ?? 0),
          latencyCount: Number(item.latencyCount ?? 0),
        });
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return days;
  }
}
