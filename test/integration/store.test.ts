import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DynamoStore, StoreWriteError, createDocumentClient } from '../../lambdas/adapters/dynamo-store';
import { ensureTable, localDynamoClient, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { stateKey } from '../../lambdas/adapters/dynamo/keys';
import { foldRegion, type RegionState } from '../../lambdas/core/target-state';
import { observationFromResult } from '../../lambdas/core/alerting/observations';
import { makeResult } from '../support/results';

let dynamo: LocalDynamo;
const TABLE = 'store-test';

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  await ensureTable(dynamo.client, TABLE);
});
afterAll(async () => dynamo.close());

function store(extra: Partial<ConstructorParameters<typeof DynamoStore>[1]> = {}) {
  return new DynamoStore(createDocumentClient(dynamo.client), {
    tableName: TABLE,
    historyDays: 30,
    sleep: async () => {},
    ...extra,
  });
}

/**
 * dynalite never throttles, so this middleware makes BatchWriteItem behave like a throttled
 * table: the first `times` calls write only the first half of the items for real and hand the
 * rest back as UnprocessedItems, exactly as DynamoDB does.
 */
function throttleBatches(times: number) {
  // A client of its own: the document client shares its middleware stack with the client.
  const doc = createDocumentClient(localDynamoClient(dynamo.endpoint));
  let calls = 0;
  doc.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as BatchWriteCommandInput;
      if (!input.RequestItems || calls >= times) return next(args);
      calls++;
      const [table, requests] = Object.entries(input.RequestItems)[0]!;
      const half = Math.ceil(requests.length / 2);
      const out = await next({ ...args, input: { RequestItems: { [table]: requests.slice(0, half) } } });
      (out.output as { UnprocessedItems?: unknown }).UnprocessedItems = { [table]: requests.slice(half) };
      return out;
    },
    { step: 'initialize', name: 'throttleBatches' },
  );
  return { doc, calls: () => calls };
}

describe('DynamoStore on dynalite', () => {
  it('writes one history item per result with a TTL and reads them back newest first', async () => {
    const s = store();
    const results = [0, 1, 2].map((i) =>
      makeResult({ target: 'history-a', ts: `2026-11-24T03:00:0${i}.000Z`, latencyMs: 10 + i }),
    );
    expect(await s.saveResults(results)).toBe(3);
    const back = await s.recentResults('history-a', 10);
    expect(back.map((r) => r.latencyMs)).toEqual([12, 11, 10]);
    expect(back[0]).toMatchObject({ target: 'history-a', ok: true, region: 'ap-southeast-3' });
    const item = s.resultItem(results[0]!);
    expect(item.expiresAt).toBe(Date.parse('2026-11-24T03:00:00.000Z') / 1000 + 30 * 86_400);
    expect(item.sk).toBe('RESULT#2026-11-24T03:00:00.000Z#ap-southeast-3');
  });

  it('splits more than 25 results into several batches', async () => {
    const s = store();
    const results = Array.from({ length: 60 }, (_, i) =>
      makeResult({ target: 'history-many', ts: new Date(Date.UTC(2026, 10, 24, 3, 0, i)).toISOString() }),
    );
    await s.saveResults(results);
    expect(await s.recentResults('history-many', 100)).toHaveLength(60);
  });

  it('retries unprocessed items until every one is written', async () => {
    const { doc, calls } = throttleBatches(2);
    const s = new DynamoStore(doc, { tableName: TABLE, historyDays: 30, sleep: async () => {} });
    const results = Array.from({ length: 8 }, (_, i) =>
      makeResult({ target: 'history-throttled', ts: `2026-11-24T04:00:0${i}.000Z` }),
    );
    await s.saveResults(results);
    expect(calls()).toBe(2);
    expect(await s.recentResults('history-throttled', 20)).toHaveLength(8);
  });

  it('backs off between attempts and reports what stayed unprocessed', async () => {
    const { doc } = throttleBatches(100);
    const delays: number[] = [];
    const s = new DynamoStore(doc, {
      tableName: TABLE,
      historyDays: 30,
      maxBatchAttempts: 3,
      backoffBaseMs: 100,
      sleep: async (ms) => void delays.push(ms),
    });
    const results = Array.from({ length: 8 }, (_, i) =>
      makeResult({ target: 'history-stuck', ts: `2026-11-24T05:00:0${i}.000Z` }),
    );
    const err = await s.saveResults(results).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreWriteError);
    // 8 -> 4 written, 4 -> 2, 2 -> 1: one item left after 3 attempts.
    expect((err as StoreWriteError).unprocessed).toBe(1);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeLessThanOrEqual(100);
    expect(delays[1]).toBeLessThanOrEqual(200);
    expect(await s.recentResults('history-stuck', 20)).toHaveLength(7);
  });

  it('a conditional write on a stale version loses and changes nothing', async () => {
    const s = store();
    const key = stateKey('cond-target');
    expect(await s.putIfVersion(key, { note: 'first' }, 0)).toBe(true);
    expect(await s.putIfVersion(key, { note: 'again from scratch' }, 0)).toBe(false);
    expect(await s.putIfVersion(key, { note: 'second' }, 1)).toBe(true);
    expect(await s.putIfVersion(key, { note: 'stale' }, 1)).toBe(false);
    expect(await s.getVersioned(key)).toEqual({ value: { note: 'second' }, version: 2 });
  });

  it('concurrent read-modify-writes of one state item lose no update', async () => {
    const s = store({ sleep: (ms) => new Promise((r) => setTimeout(r, ms)), backoffBaseMs: 5 });
    const results = Array.from({ length: 12 }, (_, i) =>
      makeResult({
        target: 'race-target',
        ok: i % 3 !== 0,
        error: i % 3 !== 0 ? null : 'timeout',
        region: `region-${i}`,
        ts: `2026-11-24T06:00:${String(i).padStart(2, '0')}.000Z`,
      }),
    );
    type Regions = { regions: Record<string, RegionState> };
    await Promise.all(
      results.map((r) =>
        s.updateVersioned<Regions, unknown>(
          stateKey('race-target'),
          (prev) => ({
            value: { regions: { ...prev?.regions, [r.region]: foldRegion(prev?.regions[r.region], observationFromResult(r)) } },
            outcome: null,
          }),
          50,
        ),
      ),
    );
    const state = await s.getVersioned<Regions>(stateKey('race-target'));
    expect(Object.keys(state!.value.regions)).toHaveLength(12);
    expect(state!.version).toBeGreaterThanOrEqual(12);
  });

  it('updateVersioned passes the stored version and skips the write when told to', async () => {
    const s = store();
    const key = stateKey('skip-target');
    const seen: number[] = [];
    await s.updateVersioned<{ n: number }, void>(key, (prev, version) => {
      seen.push(version);
      return { value: { n: (prev?.n ?? 0) + 1 }, outcome: undefined };
    });
    await s.updateVersioned<{ n: number }, void>(key, (prev, version) => {
      seen.push(version);
      return { value: { n: (prev?.n ?? 0) + 1 }, outcome: undefined, write: false };
    });
    expect(seen).toEqual([0, 1]);
    expect(await s.getVersioned(key)).toEqual({ value: { n: 1 }, version: 1 });
  });

  it('putIfNewer keeps the newest projection when writers finish out of order', async () => {
    const s = store();
    const key = { pk: 'TARGET#incident-target', sk: 'INCIDENT#2026-11-24T03:00:00.000Z' };
    expect(await s.putIfNewer(key, { status: 'open' }, 3)).toBe(true);
    expect(await s.putIfNewer(key, { status: 'closed' }, 5)).toBe(true);
    expect(await s.putIfNewer(key, { status: 'open' }, 4)).toBe(false);
    expect(await s.putIfNewer(key, { status: 'closed' }, 5)).toBe(false);
    expect(await s.getItem(key)).toEqual({ status: 'closed', rev: 5 });
    expect(await s.queryPrefix('TARGET#incident-target', 'INCIDENT#')).toEqual([{ status: 'closed', rev: 5 }]);
  });
});
