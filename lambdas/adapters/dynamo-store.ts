import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CheckResult } from '../core/types';
import { resultKey, stateKey, type ItemKey } from '../core/keys';

/**
 * The DynamoDB single-table store (see DESIGN.md "Data model"). The same code runs against
 * AWS and against dynalite locally: only the endpoint differs.
 */

export interface StoreOptions {
  tableName: string;
  /** Days a history item lives before DynamoDB's TTL removes it. */
  historyDays: number;
  /** Attempts for a batch whose items come back unprocessed (throttling). */
  maxBatchAttempts?: number;
  /** First backoff delay; doubles each attempt, with full jitter. */
  backoffBaseMs?: number;
  /** Injected for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

/** A versioned item read from the store: `version` is what a conditional write must match. */
export interface Versioned<T> {
  value: T;
  version: number;
}

export class StoreWriteError extends Error {
  constructor(
    message: string,
    readonly unprocessed: number,
  ) {
    super(message);
    this.name = 'StoreWriteError';
  }
}

const BATCH_LIMIT = 25; // BatchWriteItem's maximum
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createDocumentClient(client: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

export class DynamoStore {
  private readonly maxBatchAttempts: number;
  private readonly backoffBaseMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly options: StoreOptions,
  ) {
    this.maxBatchAttempts = options.maxBatchAttempts ?? 6;
    this.backoffBaseMs = options.backoffBaseMs ?? 50;
    this.sleep = options.sleep ?? defaultSleep;
  }

  get tableName(): string {
    return this.options.tableName;
  }

  /** Appends one history item per result (BatchWriteItem, unprocessed items retried with backoff). */
  async saveResults(results: CheckResult[]): Promise<number> {
    const items = results.map((r) => this.resultItem(r));
    await this.batchPut(items);
    return items.length;
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
      const out = await this.doc.send(
        new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
      );
      const unprocessed = out.UnprocessedItems?.[this.tableName] ?? [];
      requests = unprocessed.filter((r) => r.PutRequest?.Item) as typeof requests;
      if (requests.length === 0) return 0;
      if (attempt >= this.maxBatchAttempts) return requests.length;
      // Full jitter: spreads retries of parallel shards that were throttled together.
      await this.sleep(Math.random() * this.backoffBaseMs * 2 ** (attempt - 1));
    }
    return 0;
  }

  resultItem(result: CheckResult): Record<string, unknown> {
    const startedMs = Date.parse(result.ts);
    return {
      ...resultKey(result.target, result.ts, result.region),
      type: 'result',
      ...result,
      expiresAt: Math.floor(startedMs / 1000) + this.options.historyDays * 86_400,
    };
  }

  /** Most recent results of a target, newest first. */
  async recentResults(targetId: string, limit = 20): Promise<CheckResult[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': stateKey(targetId).pk, ':prefix': 'RESULT#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(stripKeys) as unknown as CheckResult[];
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
   * (or the item does not exist when `expected` is 0). Returns false when another writer won:
   * this is how concurrent Lambda runs agree on who owns a transition.
   */
  async putIfVersion<T extends object>(key: ItemKey, value: T, expected: number): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...value, ...key, version: expected + 1 },
          ConditionExpression:
            expected === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ExpressionAttributeValues: expected === 0 ? undefined : { ':expected': expected },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return false;
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
      if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return false;
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
}

function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, expiresAt: _ttl, type: _type, ...rest } = item;
  return rest;
}
