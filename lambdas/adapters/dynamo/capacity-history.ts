import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HistoryPoint } from '../../core/capacity/forecast';
import type { CapacityLevel } from '../../core/capacity/levels';
import type { CapacityHistory, CapacityState, ResourceHistory, SampleToSave } from '../../ports';
import { capacityPk, capacitySampleKey, capacityStateKey } from './keys';
import type { DynamoTable } from './table';

/**
 * Capacity items in the single table:
 * - sample `CAPACITY#<site>#<resource>` / `SAMPLE#<iso-ts>`: used, total, utilisation, and for
 *   counter-based resources (cpu, network) the raw counters the next run takes its rate from;
 *   TTL after historyDays.
 * - state `CAPACITY#<site>#<resource>` / `STATE`: level, forecast, version (conditional writes).
 *   The alert engine keeps its own attributes (status, since, regions, pending …) on the same
 *   item: this store spreads whatever is there and writes only its own fields.
 *
 * Writes go through the table's batchPut and updateVersioned. History is a Query, cached per
 * resource in the warm Lambda container and then read incrementally: a 7-day storage lookback is
 * ~10k samples at a 1-minute interval, which would cost hundreds of read units every run if it
 * were re-read in full.
 */

interface CachedHistory {
  fromMs: number;
  points: HistoryPoint[];
  lastTs?: string;
  latest?: ResourceHistory['latest'];
}

export class CapacityStore implements CapacityHistory {
  private readonly cache = new Map<string, CachedHistory>();
  /** Query requests made (for tests and the docs' cost figures). */
  queries = 0;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly store: DynamoTable,
    private readonly options: { historyDays: number },
  ) {}

  sampleItem({ reading, counters }: SampleToSave): Record<string, unknown> {
    return {
      ...capacitySampleKey(reading.site, reading.resource, reading.ts),
      type: 'capacity-sample',
      ts: reading.ts,
      unit: reading.unit,
      used: reading.used,
      total: reading.total,
      utilisation: reading.utilisation,
      ...(counters ? { counters: counters.values } : {}),
      expiresAt: Math.floor(Date.parse(reading.ts) / 1000) + this.options.historyDays * 86_400,
    };
  }

  async saveSamples(samples: SampleToSave[]): Promise<number> {
    await this.store.batchPut(samples.map((s) => this.sampleItem(s)));
    return samples.length;
  }

  /** Samples of one resource with ts in [fromMs, toMs], oldest first, plus the newest one's counters. */
  async history(site: string, resource: string, fromMs: number, toMs: number): Promise<ResourceHistory> {
    const pk = capacityPk(site, resource);
    let cached = this.cache.get(pk);
    if (!cached || cached.fromMs > fromMs) {
      cached = { fromMs, points: [] };
      this.cache.set(pk, cached);
    }
    const fromSk = cached.lastTs ? `SAMPLE#${cached.lastTs}` : `SAMPLE#${new Date(fromMs).toISOString()}`;
    const toSk = `SAMPLE#${new Date(toMs).toISOString()}`;
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      this.queries++;
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.store.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': pk, ':from': fromSk, ':to': toSk },
          ExpressionAttributeNames: { '#ts': 'ts' },
          ProjectionExpression: '#ts, utilisation, counters',
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      for (const item of out.Items ?? []) {
        const ts = String(item.ts);
        if (cached.lastTs && ts <= cached.lastTs) continue;
        const tMs = Date.parse(ts);
        cached.points.push({ tMs, value: Number(item.utilisation) });
        cached.lastTs = ts;
        // Only the newest sample's counters matter (the rate baseline); older ones are dropped.
        cached.latest = { tsMs: tMs, ...(item.counters ? { counters: { tsMs: tMs, values: item.counters as Record<string, number> } } : {}) };
      }
      exclusiveStartKey = out.LastEvaluatedKey;
    } while (exclusiveStartKey);
    cached.fromMs = fromMs;
    cached.points = cached.points.filter((p) => p.tMs >= fromMs);
    return { points: cached.points.filter((p) => p.tMs <= toMs), ...(cached.latest ? { latest: cached.latest } : {}) };
  }

  async getState(site: string, resource: string): Promise<CapacityState | undefined> {
    return (await this.store.getVersioned<CapacityState>(capacityStateKey(site, resource)))?.value;
  }

  /**
   * Writes the resource's new state (conditional on the version read, retried on conflict) and
   * returns the level it had before, so the cycle can log level changes.
   */
  async saveState(next: CapacityState): Promise<{ previousLevel: CapacityLevel | null }> {
    return this.store.updateVersioned<CapacityState & { type: string }, { previousLevel: CapacityLevel | null }>(
      capacityStateKey(next.site, next.resource),
      (previous) => {
        const sameLevel = previous?.level === next.level;
        return {
          value: { ...previous, ...next, levelSince: sameLevel ? previous!.levelSince : next.levelSince, type: 'capacity-state' },
          outcome: { previousLevel: previous?.level ?? null },
        };
      },
    );
  }
}
