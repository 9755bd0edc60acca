import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Versioned } from '../../ports';
import { StoreWriteError, defaultSleep, isConditionFailure, isTransientError, stripKeys, type StoreOptions } from './client';
import type { ItemKey } from './keys';

const BATCH_LIMIT = 25; // BatchWriteItem's maximum
const BATCH_GET_LIMIT = 100; // BatchGetItem's maximum

/**
 * The single table's item operations, addressed by key: batch writes with backoff, versioned
 * (conditional) writes, projections, conditional puts and prefix / range queries. The
 * per-aggregate adapters (results, subject state, storm windows, capacity) are built on these.
 */
export class DynamoTable {
  private readonly maxBatchAttempts: number;
  readonly backoffBaseMs: number;
  readonly sleep: (ms: number) => Promise<void>;

  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly options: StoreOptions,
  ) {
    this.maxBatchAttempts = options.maxBatchAttempts ?? 6;
    this.backoffBaseMs = options.backoffBaseMs ?? 50;
    this.sleep = options.sleep ?? defaultSleep;
  }

  get tableName(): string {
    return this.options.tableName;
  }

  /** Writes items in batches of 25; throws StoreWriteError if some stay unprocessed. */
  async batchPut(items: Array<Record<string, unknown>>): Promise<void> {
    let failed = 0;
    for (let i = 0; i < items.length; i += BATCH_LIMIT) {
      failed += await this.writeBatch(items.slice(i, i + BATCH_LIMIT));
    }
    if (failed > 0) {
      throw new StoreWriteError(
        `${failed} of ${items.length} items stayed unprocessed after ${this.maxBatchAttempts} attempts`,
        failed,
      );
    }
  }

  private async writeBatch(items: Array<Record<string, unknown>>): Promise<number> {
    let requests = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      let unprocessed: typeof requests;
      try {
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
        unprocessed = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      } catch (err) {
        // Throttling or a 5xx that outlasted the SDK's own retries: the whole batch is
        // unprocessed, retried with the same backoff (puts of the same keys are idempotent).
        if (!isTransientError(err)) throw err;
        unprocessed = requests;
      }
      requests = unprocessed.filter((r) => r.PutRequest?.Item) as typeof requests;
      if (requests.length === 0) return 0;
      if (attempt >= this.maxBatchAttempts) return requests.length;
      // Full jitter: spreads retries of parallel shards that were throttled together.
      await this.sleep(Math.random() * this.backoffBaseMs * 2 ** (attempt - 1));
    }
    return 0;
  }

  /** Reads a versioned item (a target's or a capacity resource's STATE). */
  async getVersioned<T>(key: ItemKey): Promise<Versioned<T> | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const { version, ...rest } = stripKeys(out.Item);
    return { value: rest as T, version: Number(version ?? 0) };
  }

  /**
   * Writes `value` as version `expected + 1` only if the stored version is still `expected`
   * (or the item does not exist, or has no version yet, when `expected` is 0). Returns false when another writer won:
   * this is how concurrent Lambda runs agree on who owns a transition.
   */
  async putIfVersion<T extends object>(key: ItemKey, value: T, expected: number): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...value, ...key, version: expected + 1 },
          ConditionExpression:
            // An item written before it was versioned (no version attribute) counts as version 0.
            expected === 0 ? 'attribute_not_exists(pk) OR attribute_not_exists(version)' : 'version = :expected',
          ExpressionAttributeValues: expected === 0 ? undefined : { ':expected': expected },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /**
   * Read-modify-write with optimistic concurrency: re-reads and re-applies `update` when another
   * writer got in first. `update` must be pure (it may run more than once). It receives the
   * stored version (a winning write makes it version + 1) and may answer `write: false` when
   * there is nothing to change (no write, no version bump).
   */
  async updateVersioned<T extends object, R>(
    key: ItemKey,
    update: (previous: T | undefined, version: number) => { value: T; outcome: R; write?: boolean },
    maxAttempts = 8,
  ): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.getVersioned<T>(key);
      const { value, outcome, write } = update(current?.value, current?.version ?? 0);
      if (write === false) return outcome;
      if (await this.putIfVersion(key, value, current?.version ?? 0)) return outcome;
      if (attempt >= maxAttempts) {
        throw new StoreWriteError(`gave up writing ${key.pk} ${key.sk} after ${attempt} conflicts`, 1);
      }
      await this.sleep(Math.random() * this.backoffBaseMs);
    }
  }

  /**
   * Writes a projection of versioned state (an incident item) only if it is newer than what is
   * stored: writers may finish out of order, and an older projection must not overwrite a newer
   * one. `rev` is the version of the state item it was derived from. Returns false when stale.
   */
  async putIfNewer(key: ItemKey, value: Record<string, unknown>, rev: number): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...value, ...key, rev },
          ConditionExpression: 'attribute_not_exists(pk) OR rev < :rev',
          ExpressionAttributeValues: { ':rev': rev },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** Reads one item without its keys (incidents and other plain items). */
  async getItem<T>(key: ItemKey): Promise<T | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return out.Item ? (stripKeys(out.Item) as T) : undefined;
  }

  /** Items of one partition whose sort key starts with `prefix` (e.g. a target's INCIDENT# items), oldest first. */
  async queryPrefix<T>(pk: string, prefix: string, limit = 100): Promise<T[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(stripKeys) as T[];
  }
  // -------------------------------------------------------------------------------------------
  // Plain items with conditions (storm buckets and their markers)

  /** Writes an item as it is (idempotent markers such as a storm's due entry). */
  async putItem(key: ItemKey, value: Record<string, unknown>): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...value, ...key } }));
  }

  /**
   * Writes `value` only if the item does not exist yet (`'absent'`), or if its `attribute` still
   * holds `equals`. Returns false when the condition failed (another writer got there first).
   */
  async putIfMatches(
    key: ItemKey,
    value: Record<string, unknown>,
    match: 'absent' | { attribute: string; equals: string | number },
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...value, ...key },
          ConditionExpression: match === 'absent' ? 'attribute_not_exists(pk)' : '#a = :expected',
          ExpressionAttributeNames: match === 'absent' ? undefined : { '#a': match.attribute },
          ExpressionAttributeValues: match === 'absent' ? undefined : { ':expected': match.equals },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** Reads many items (BatchGetItem, consistent); returns those that exist, with their keys. */
  async getItems<T>(keys: ItemKey[]): Promise<Array<{ key: ItemKey; value: T }>> {
    const found: Array<{ key: ItemKey; value: T }> = [];
    const unique = [...new Map(keys.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
    for (let i = 0; i < unique.length; i += BATCH_GET_LIMIT) {
      let pending: ItemKey[] = unique.slice(i, i + BATCH_GET_LIMIT);
      for (let attempt = 1; pending.length > 0; attempt++) {
        const out = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
        );
        for (const item of out.Responses?.[this.tableName] ?? []) {
          found.push({ key: { pk: String(item.pk), sk: String(item.sk) }, value: stripKeys(item) as T });
        }
        pending = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as ItemKey[];
        if (pending.length === 0) break;
        if (attempt >= this.maxBatchAttempts) {
          throw new StoreWriteError(`${pending.length} of ${unique.length} items stayed unread after ${attempt} attempts`, pending.length);
        }
        await this.sleep(Math.random() * this.backoffBaseMs * 2 ** (attempt - 1));
      }
    }
    return found;
  }

  async deleteItem(key: ItemKey): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
  }

  /** Items of one partition whose sort key sorts below `skBelow` (e.g. due times before now), in order. */
  async queryBelow<T>(pk: string, skBelow: string, limit = 25): Promise<Array<{ key: ItemKey; value: T }>> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk < :below',
        ExpressionAttributeValues: { ':pk': pk, ':below': skBelow },
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => ({ key: { pk: String(item.pk), sk: String(item.sk) }, value: stripKeys(item) as T }));
  }
}
