import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * What every DynamoDB adapter shares: the document client, the table options, and how
 * DynamoDB's errors are told apart. The same code runs against AWS and against dynalite
 * locally: only the endpoint differs.
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

export class StoreWriteError extends Error {
  constructor(
    message: string,
    readonly unprocessed: number,
  ) {
    super(message);
    this.name = 'StoreWriteError';
  }
}

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createDocumentClient(client: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
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

/** A conditional write refused: another writer got there first (not an error of the store). */
export function isConditionFailure(err: unknown): boolean {
  return err instanceof ConditionalCheckFailedException || (err as { name?: string }).name === 'ConditionalCheckFailedException';
}

/** An item without its storage attributes (keys, TTL, item type). */
export function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, expiresAt: _ttl, type: _type, ...rest } = item;
  return rest;
}
