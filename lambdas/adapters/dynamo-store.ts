import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CheckResult } from '../core/types';
import type { StormEntry } from '../core/alerting/storm';
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
const BATCH_GET_LIMIT = 100; // BatchGetItem's maximum

/**
 * A storm window as stored (see lambdas/app/storm-delivery.ts): the member list in arrival
 * order, the set of member dedupIds (for idempotent appends), and the flush bookkeeping.
 */
export interface StormWindowRecord {
  id: string;
  start: string;
  end: string;
  topic: string;
  app: string;
  kind: string;
  /** The storm threshold the window was opened with: fates never change if the config does. */
  threshold: number;
  order: StormEntry[];
  ids: string[];
  /** Set when a run began flushing: nothing can join after it. */
  closedAt?: string;
  /** Set once the digest was published (or there was nothing to publish). */
  flushedAt?: string;
  flushOwner?: string;
  /** The flushing run owns the publish until then; after it, any run may retry. */
  flushLease?: string;
  flushAttempts?: number;
  lastError?: string;
}

/** What a storm window is created with on its first append. */
export type StormWindowInit = Pick<StormWindowRecord, 'id' | 'start' | 'end' | 'topic' | 'app' | 'kind' | 'threshold'> & {
  expiresAt: number;
};
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

  // -------------------------------------------------------------------------------------------
  // Storm windows (lambdas/app/storm-delivery.ts). No transactions: every step is one
  // conditional write on one item, so each is safe however many shards run at once.

  /**
   * Appends `entries` to a storm window in ONE atomic update (their positions are consecutive),
   * creating the window on first use. Refused when the window is closed (its flush began) or
   * when any entry is already a member. Returns the window after the append, or, when refused,
   * the window as it is now (undefined if it does not exist).
   */
  async appendStormMembers(
    key: ItemKey,
    init: StormWindowInit,
    entries: StormEntry[],
  ): Promise<{ appended: boolean; window: StormWindowRecord | undefined }> {
    // Fields the window is created with; kept as they are by later appends.
    const created = Object.keys(init) as Array<keyof StormWindowInit>;
    const absent = entries.map((_, i) => `NOT contains(#ids, :d${i})`).join(' AND ');
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression:
            'SET #order = list_append(if_not_exists(#order, :empty), :entries), #type = :type, ' +
            created.map((f) => `#${f} = if_not_exists(#${f}, :${f})`).join(', ') +
            ' ADD #ids :idSet, #n :count',
          ConditionExpression: `attribute_not_exists(#closedAt) AND (attribute_not_exists(#ids) OR (${absent}))`,
          ExpressionAttributeNames: {
            ...Object.fromEntries(created.map((f) => [`#${f}`, f])),
            '#order': 'order',
            '#type': 'type',
            '#ids': 'ids',
            '#n': 'n',
            '#closedAt': 'closedAt',
          },
          ExpressionAttributeValues: {
            ...Object.fromEntries(created.map((f) => [`:${f}`, init[f]])),
            ':empty': [],
            ':entries': entries,
            ':type': 'storm-window',
            ':idSet': new Set(entries.map((e) => e.d)),
            ':count': entries.length,
            ...Object.fromEntries(entries.map((e, i) => [`:d${i}`, e.d])),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { appended: true, window: stormWindowRecord(out.Attributes) };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      return { appended: false, window: stormWindowRecord(await this.getItem(key)) };
    }
  }

  /**
   * Closes a storm window (nothing joins after this) and takes the lease on its flush, in one
   * conditional update. Returns the final window, or undefined when it is already flushed or
   * another run holds an unexpired lease. Creates a closed, empty window if none exists, so a
   * late append cannot slip in behind a flush.
   */
  async claimStormFlush(key: ItemKey, nowIso: string, leaseUntilIso: string, owner: string): Promise<StormWindowRecord | undefined> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET #closedAt = if_not_exists(#closedAt, :now), #lease = :lease, #owner = :owner',
          ConditionExpression: 'attribute_not_exists(#flushedAt) AND (attribute_not_exists(#lease) OR #lease <= :now)',
          ExpressionAttributeNames: { '#closedAt': 'closedAt', '#lease': 'flushLease', '#owner': 'flushOwner', '#flushedAt': 'flushedAt' },
          ExpressionAttributeValues: { ':now': nowIso, ':lease': leaseUntilIso, ':owner': owner },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return stormWindowRecord(out.Attributes);
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }

  /** Marks a window flushed, if `owner` still holds the flush. Returns false when it lost it. */
  async finishStormFlush(key: ItemKey, owner: string, nowIso: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET #flushedAt = :now REMOVE #lease',
          ConditionExpression: '#owner = :owner AND attribute_not_exists(#flushedAt)',
          ExpressionAttributeNames: { '#flushedAt': 'flushedAt', '#lease': 'flushLease', '#owner': 'flushOwner' },
          ExpressionAttributeValues: { ':now': nowIso, ':owner': owner },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** Gives a flush back after a failed publish, so the next run retries it at once. */
  async releaseStormFlush(key: ItemKey, owner: string, nowIso: string, error: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET #lease = :now, #lastError = :error ADD #attempts :one',
          ConditionExpression: '#owner = :owner AND attribute_not_exists(#flushedAt)',
          ExpressionAttributeNames: {
            '#lease': 'flushLease',
            '#lastError': 'lastError',
            '#attempts': 'flushAttempts',
            '#owner': 'flushOwner',
            '#flushedAt': 'flushedAt',
          },
          ExpressionAttributeValues: { ':now': nowIso, ':error': error.slice(0, 300), ':one': 1, ':owner': owner },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }
}

/** DynamoDB's answers when it is busy or hiccups: worth another try after a backoff. */
const TRANSIENT_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
]);

export function isTransientError(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return TRANSIENT_ERRORS.has(e.name ?? '') || (e.$metadata?.httpStatusCode ?? 0) >= 500;
}

function isConditionFailure(err: unknown): boolean {
  return err instanceof ConditionalCheckFailedException || (err as { name?: string }).name === 'ConditionalCheckFailedException';
}

function stormWindowRecord(item: Record<string, unknown> | undefined): StormWindowRecord | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, type: _type, expiresAt: _ttl, n: _n, ids, order, ...rest } = item;
  return {
    ...(rest as Omit<StormWindowRecord, 'ids' | 'order'>),
    order: (order as StormEntry[] | undefined) ?? [],
    ids: ids instanceof Set ? [...(ids as Set<string>)] : Array.isArray(ids) ? (ids as string[]) : [],
  };
}

function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, expiresAt: _ttl, type: _type, ...rest } = item;
  return rest;
}
