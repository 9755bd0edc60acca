import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'vitest';
import { DynamoStore, createDocumentClient } from '../../lambdas/adapters/dynamo-store';
import type { AlertEvent, AlertNotifier } from '../../lambdas/core/alerting/types';
import type { ProbeCycleReport } from '../../lambdas/app/probe-cycle';
import type { CheckResult, TargetSpec } from '../../lambdas/core/types';

/**
 * Fault injection for the fault suite (test/integration/faults*.test.ts): a real DynamoDB client
 * against dynalite whose chosen operations fail the way DynamoDB fails, notifiers that die at a
 * chosen step (a Lambda timeout), and a clock skew for one region's results.
 */

/**
 * How an operation fails. The error kinds are answered as DynamoDB answers them (status, error
 * type header and body), so the SDK's own deserializer and retry strategy see the real thing:
 * - `throughput`: 400 ProvisionedThroughputExceededException;
 * - `throttling`: 400 ThrottlingException;
 * - `server`: 500 InternalServerError;
 * - `unprocessed`: BatchWriteItem answers 200 with every item back in UnprocessedItems;
 * - `lost-response`: the request reaches dynalite and is applied, then the answer is a 500
 *   (a response lost on the way back: the SDK retries a write that already happened).
 */
export type DynamoFault = 'throughput' | 'throttling' | 'server' | 'unprocessed' | 'lost-response';

const ERROR_OF: Record<'throughput' | 'throttling' | 'server' | 'lost-response', { status: number; type: string; message: string }> = {
  throughput: { status: 400, type: 'ProvisionedThroughputExceededException', message: 'The level of configured provisioned throughput for the table was exceeded.' },
  throttling: { status: 400, type: 'ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' },
  server: { status: 500, type: 'InternalServerError', message: 'Internal server error' },
  'lost-response': { status: 500, type: 'InternalServerError', message: 'Internal server error' },
};

/** DynamoDB operation names as in the X-Amz-Target header: 'BatchWriteItem', 'PutItem', 'GetItem' … */
export type DynamoOperation = string;

/** Which calls fail next, and what was attempted (SDK retries included). */
export class DynamoFaultPlan {
  private readonly queue = new Map<DynamoOperation, Array<{ fault: DynamoFault; when?: (body: string) => boolean }>>();
  /** Attempts per operation as they reached the wire (each SDK retry counts). */
  readonly attempts = new Map<DynamoOperation, number>();
  /** Faults injected per operation. */
  readonly injected = new Map<DynamoOperation, number>();

  /**
   * The next `times` attempts of `operation` fail with `fault` (after any already planned);
   * with `when`, only attempts whose JSON request body it accepts (one write among many).
   */
  fail(operation: DynamoOperation, fault: DynamoFault, times: number, when?: (body: string) => boolean): this {
    const planned = Array.from({ length: times }, () => ({ fault, when }));
    this.queue.set(operation, [...(this.queue.get(operation) ?? []), ...planned]);
    return this;
  }

  /** Faults planned and not yet injected. */
  remaining(operation?: DynamoOperation): number {
    if (operation) return this.queue.get(operation)?.length ?? 0;
    return [...this.queue.values()].reduce((n, q) => n + q.length, 0);
  }

  /** @internal the middleware's view: the fault for this attempt, if any. */
  take(operation: DynamoOperation, body: string): DynamoFault | undefined {
    this.attempts.set(operation, (this.attempts.get(operation) ?? 0) + 1);
    const queue = this.queue.get(operation) ?? [];
    const next = queue[0];
    if (!next || (next.when && !next.when(body))) return undefined;
    queue.shift();
    this.injected.set(operation, (this.injected.get(operation) ?? 0) + 1);
    return next.fault;
  }
}

interface RawResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

function jsonResponse(statusCode: number, body: unknown, errorType?: string): RawResponse {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0' };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  return { statusCode, headers, body: Buffer.from(JSON.stringify(body)) };
}

function errorResponse(fault: keyof typeof ERROR_OF): RawResponse {
  const { status, type, message } = ERROR_OF[fault];
  return jsonResponse(status, { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }, type);
}

/**
 * A DynamoDB client for dynalite with fault injection. The middleware sits innermost (step
 * `deserialize`, low priority): inside the SDK's retry middleware, so the SDK retries injected
 * faults exactly as it retries real ones, up to `maxAttempts`; past that they reach Pantau.
 */
export function faultyDynamoClient(endpoint: string, options: { maxAttempts: number }): { client: DynamoDBClient; plan: DynamoFaultPlan } {
  const plan = new DynamoFaultPlan();
  const client = new DynamoDBClient({
    endpoint,
    region: 'ap-southeast-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // The SDK's standard retry strategy (with its backoff) stays as it is in the Lambda.
    maxAttempts: options.maxAttempts,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers: Record<string, string>; body?: string | Uint8Array };
      const operation = (request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
      const fault = plan.take(operation, body);
      if (!fault) return next(args);
      if (fault === 'unprocessed') {
        const input = JSON.parse(body || '{}') as { RequestItems: Record<string, unknown[]> };
        return { response: jsonResponse(200, { UnprocessedItems: input.RequestItems }), output: undefined as never };
      }
      if (fault === 'lost-response') await next(args);
      return { response: errorResponse(fault), output: undefined as never };
    },
    { step: 'deserialize', priority: 'low', name: 'pantauFaultInjection' },
  );
  return { client, plan };
}

/** A DynamoStore over a faulty client; small backoff so retries of unprocessed items are quick. */
export function faultyStore(endpoint: string, tableName: string, maxAttempts: number): { store: DynamoStore; plan: DynamoFaultPlan } {
  const { client, plan } = faultyDynamoClient(endpoint, { maxAttempts });
  return { store: new DynamoStore(createDocumentClient(client), { tableName, historyDays: 30, backoffBaseMs: 2 }), plan };
}

// ---------------------------------------------------------------------------------------------
// A Lambda that times out: the run stops at a chosen step and nothing after it runs.

/** Where a dying run stops: before its publish reaches SNS, or after SNS accepted it. */
export type DeathPoint = 'before-publish' | 'after-publish';

/**
 * A notifier whose first publish kills the run: it never returns (the Lambda timed out there).
 * With `after-publish` the message was delivered to `inner` first (SNS accepted it, the run died
 * before it could settle). Later publishes go straight to `inner`. `died` resolves when the run
 * reached its death point, so the test can abandon it.
 */
export class DyingNotifier implements AlertNotifier {
  private dead = false;
  private fire!: () => void;
  readonly died = new Promise<void>((resolve) => (this.fire = resolve));
  constructor(
    private readonly inner: AlertNotifier,
    private readonly point: DeathPoint,
  ) {}

  async publish(event: AlertEvent): Promise<void> {
    if (this.dead) return never();
    this.dead = true;
    if (this.point === 'after-publish') await this.inner.publish(event);
    this.fire();
    return never();
  }
}

const never = () => new Promise<never>(() => {});

/** Runs `run` until `died` fires, then abandons it (its promise is left pending, like a killed Lambda). */
export async function runUntilDeath(run: Promise<unknown>, died: Promise<void>): Promise<'died' | 'finished'> {
  return Promise.race([died.then(() => 'died' as const), run.then(() => 'finished' as const)]);
}

// ---------------------------------------------------------------------------------------------
// A region whose clock is off

/**
 * An `onResult` hook that shifts each result's `ts` by `skewMs`, as a region whose clock runs
 * `skewMs` ahead (negative: behind) would stamp it. runChecks hands the hook the very result
 * objects it returns, so the whole cycle (history, state, impairment) sees the skewed time.
 */
export function skewedClock(skewMs: number): (result: CheckResult) => void {
  return (result) => {
    result.ts = new Date(Date.parse(result.ts) + skewMs).toISOString();
  };
}

// ---------------------------------------------------------------------------------------------
// What was stored

/** Every stored history item of each target (newest first), read through a store without faults. */
export async function historyOf(store: DynamoStore, targetIds: string[]): Promise<Map<string, CheckResult[]>> {
  const out = new Map<string, CheckResult[]>();
  for (const id of targetIds) out.set(id, await store.recentResults(id, 1000));
  return out;
}

/** The (target, ts, region) keys of results, sorted: what the history must hold exactly once each. */
export function resultKeys(results: CheckResult[]): string[] {
  return results.map((r) => `${r.target} ${r.ts} ${r.region}`).sort();
}

/**
 * No lost result: the history holds every result the runs reported, once per (target, ts,
 * region) key. Runs started in the same millisecond (a duplicate invocation) stamp the same ts:
 * such a result has the original's key and is stored once.
 */
export async function expectEveryResultStoredOnce(store: DynamoStore, reports: ProbeCycleReport[], targets: TargetSpec[]): Promise<void> {
  const history = await historyOf(store, targets.map((t) => t.id));
  expect(resultKeys([...history.values()].flat())).toEqual([...new Set(resultKeys(reports.flatMap((r) => r.results)))]);
}

/** A wall clock the test moves by hand (alert leases, storm windows), starting at real time. */
export class TestClock {
  ms = Date.now();
  readonly now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}
