import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapacityFetchError, fetchJson, fetchText } from '../../lambdas/adapters/capacity-fetch';
import { CapacityStore } from '../../lambdas/adapters/capacity-store';
import { DynamoStore, createDocumentClient } from '../../lambdas/adapters/dynamo-store';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { makeReading } from '../../lambdas/core/capacity/readings';

/** The capacity adapters on their own: the HTTP fetcher against loopback servers, the store on dynalite. */

let server: Server;
let base: string;
let dynamo: LocalDynamo;
const TABLE = 'capacity-adapters-test';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/hang') return; // never answers
    if (req.url === '/huge') {
      // 64 KiB chunks, no content-length: the cap must stop the read, not the server.
      res.writeHead(200);
      let sent = 0;
      const push = (): void => {
        while (sent < 2 * 1024 * 1024) {
          sent += 65_536;
          if (!res.write(Buffer.alloc(65_536, 'a'))) {
            res.once('drain', push);
            return;
          }
        }
        res.end();
      };
      push();
      return;
    }
    if (req.url === '/declared-huge') {
      res.writeHead(200, { 'content-length': String(5 * 1024 * 1024) });
      res.end(Buffer.alloc(5 * 1024 * 1024));
      return;
    }
    if (req.url === '/not-json') return void res.writeHead(200).end('<html>nope</html>');
    if (req.url === '/json') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":{"b":1}}');
    res.writeHead(200).end('up 1\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dynamo = await startLocalDynamo();
  await ensureTable(dynamo.client, TABLE);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await dynamo.close();
});

async function failure(p: Promise<unknown>): Promise<CapacityFetchError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(CapacityFetchError);
  return err as CapacityFetchError;
}

describe('capacity fetch', () => {
  it('reads text and JSON', async () => {
    expect(await fetchText(`${base}/metrics`, { timeoutMs: 2_000 })).toBe('up 1\n');
    expect(await fetchJson(`${base}/json`, { timeoutMs: 2_000 })).toEqual({ a: { b: 1 } });
  });

  it('gives up at the deadline on a server that never answers', async () => {
    const err = await failure(fetchText(`${base}/hang`, { timeoutMs: 200 }));
    expect(err).toMatchObject({ failure: 'timeout', message: `${base}/hang did not answer within 200 ms` });
  });

  it('stops reading past the size cap, declared or not', async () => {
    expect(await failure(fetchText(`${base}/huge`, { timeoutMs: 5_000, maxBytes: 256 * 1024 }))).toMatchObject({ failure: 'too_large', message: `${base}/huge sent more than 256 KiB` });
    expect(await failure(fetchText(`${base}/declared-huge`, { timeoutMs: 5_000, maxBytes: 1024 * 1024 }))).toMatchObject({ failure: 'too_large' });
  });

  it('says when an answer is not JSON', async () => {
    expect(await failure(fetchJson(`${base}/not-json`, { timeoutMs: 2_000 }))).toMatchObject({ failure: 'parse', message: `${base}/not-json did not return JSON (starts with "<html>nope</html>")` });
  });
});

describe('capacity store on dynalite', () => {
  const doc = () => createDocumentClient(dynamo.client);
  const make = () => {
    const d = doc();
    return new CapacityStore(d, new DynamoStore(d, { tableName: TABLE, historyDays: 7 }), { historyDays: 7 });
  };
  const T0 = Date.parse('2026-11-20T00:00:00.000Z');
  const iso = (m: number) => new Date(T0 + m * 60_000).toISOString();

  it('writes samples with a TTL of historyDays', () => {
    const item = make().sampleItem({ reading: makeReading('dc', 'filesystem:/', 'bytes', 1, 4, iso(0)) });
    expect(item).toMatchObject({ pk: 'CAPACITY#dc#filesystem:/', sk: `SAMPLE#${iso(0)}`, utilisation: 25, expiresAt: T0 / 1000 + 7 * 86_400 });
  });

  it('reads history in the window across pages, then only what is new (warm-container cache)', async () => {
    const store = make();
    // 1200 samples of ~8 KB counters each: several 1 MB Query pages.
    const counters = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`node_cpu_seconds_total{cpu="${i}",mode="idle"}`, 123456.78 + i]));
    const samples = Array.from({ length: 1200 }, (_, m) => ({ reading: makeReading('dc-h', 'cpu', 'cores', m % 100, 100, iso(m)), counters: { tsMs: T0 + m * 60_000, values: counters } }));
    await store.saveSamples(samples);
    const first = await store.history('dc-h', 'cpu', T0 + 100 * 60_000, T0 + 1199 * 60_000);
    expect(first.points).toHaveLength(1100);
    expect(first.points[0]).toEqual({ tMs: T0 + 100 * 60_000, value: 0 });
    expect(first.latest).toMatchObject({ tsMs: T0 + 1199 * 60_000, counters: { tsMs: T0 + 1199 * 60_000 } });
    expect(Object.keys(first.latest!.counters!.values)).toHaveLength(200);
    const pages = store.queries;
    expect(pages).toBeGreaterThan(1);

    await store.saveSamples([{ reading: makeReading('dc-h', 'cpu', 'cores', 50, 100, iso(1200)) }]);
    const next = await store.history('dc-h', 'cpu', T0 + 101 * 60_000, T0 + 1200 * 60_000);
    expect(store.queries - pages).toBe(1); // one small query for what is new
    expect(next.points).toHaveLength(1100);
    expect(next.points.at(-1)).toEqual({ tMs: T0 + 1200 * 60_000, value: 50 });
    expect(next.latest).toEqual({ tsMs: T0 + 1200 * 60_000 }); // the newest sample had no counters
  });

  it('keeps the alert engine attributes on the shared STATE item', async () => {
    const store = make();
    const d = doc();
    const base = new DynamoStore(d, { tableName: TABLE, historyDays: 7 });
    await base.putIfVersion({ pk: 'CAPACITY#dc-s#memory', sk: 'STATE' }, { status: 'down', since: 'engine-owned' }, 0);
    const state = { site: 'dc-s', resource: 'memory', unit: 'bytes' as const, level: 'critical' as const, levelSince: iso(0), utilisation: 95, hoursToExhaustion: null, hoursToCritical: 0, exhaustionAt: null, ts: iso(0) };
    expect(await store.saveState(state)).toEqual({ previousLevel: null });
    expect(await store.saveState({ ...state, levelSince: iso(1), ts: iso(1) })).toEqual({ previousLevel: 'critical' });
    const stored = await base.getVersioned<Record<string, unknown>>({ pk: 'CAPACITY#dc-s#memory', sk: 'STATE' });
    expect(stored?.value).toMatchObject({ status: 'down', since: 'engine-owned', level: 'critical', levelSince: iso(0), ts: iso(1) });
    expect(stored?.version).toBe(3);
  });
});
