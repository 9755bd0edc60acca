import { expect } from 'vitest';
import { DynamoStore, createDocumentClient } from '../../lambdas/adapters/dynamo-store';
import { ensureTable, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { evaluateObservations, type AlertCycleReport, type AlertDeps } from '../../lambdas/app/alert-cycle';
import { stateKey } from '../../lambdas/adapters/dynamo/keys';
import type { AlertState } from '../../lambdas/core/alerting/state';
import type { AlertEvent, AlertNotifier } from '../../lambdas/core/alerting/types';
import { makeConfig } from './config-fixture';
import { observation, quietLog } from './alert-fixtures';

export { FAST_RULES, RecordingNotifier, observation, quietLog } from './alert-fixtures';

/**
 * A simulated probe fleet for the alert-storm tests (test/integration/alerting-storm*.test.ts):
 * targets cut into shards, each shard one evaluateObservations run (one Lambda invocation) with
 * its own injected clock, against dynalite.
 */

export const T0 = Date.parse('2026-11-24T03:00:00.000Z');
export const THRESHOLD = 5;
export const WINDOW_MS = 120_000;

let tables = 0;

/** A table of its own per test: the due-window index is table-wide and each test has its own clock. */
export async function freshStore(dynamo: LocalDynamo): Promise<DynamoStore> {
  const name = `storm-${++tables}`;
  await ensureTable(dynamo.client, name);
  return new DynamoStore(createDocumentClient(dynamo.client), { tableName: name, historyDays: 30, backoffBaseMs: 5 });
}

export function stormDeps(
  store: DynamoStore,
  notifier: AlertNotifier,
  nowMs: number,
  storm: { threshold: number; windowMs: number } = { threshold: THRESHOLD, windowMs: WINDOW_MS },
): AlertDeps {
  return {
    store,
    notifier,
    log: quietLog,
    alerting: { ...makeConfig().alerting, storm },
    maintenance: [],
    regions: ['ap-southeast-3'],
    now: () => new Date(nowMs),
  };
}

export const targetNames = (prefix: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(3, '0')}`);

/** Cuts the targets into shards of the given sizes. */
export function shardsOf(targets: string[], sizes: number[]): string[][] {
  const shards: string[][] = [];
  let at = 0;
  for (const size of sizes) {
    shards.push(targets.slice(at, at + size));
    at += size;
  }
  expect(at).toBe(targets.length);
  return shards;
}

/** One shard's run: its targets observed at `atMs`, the run's clock half a second later. */
export function shardRun(store: DynamoStore, notifier: AlertNotifier, targets: string[], ok: boolean, atMs: number): Promise<AlertCycleReport> {
  return evaluateObservations(
    targets.map((t) => observation(t, atMs, ok)),
    stormDeps(store, notifier, atMs + 500),
  );
}

/** Every shard runs at once, within the same minute (shard i observes at +i seconds). */
export function concurrentShards(
  store: DynamoStore,
  notifier: AlertNotifier,
  shards: string[][],
  ok: boolean,
  startMs: number,
): Promise<AlertCycleReport[]> {
  return Promise.all(shards.map((targets, i) => shardRun(store, notifier, targets, ok, startMs + i * 1000)));
}

/** A run of some other shard, for a healthy target of another app (nothing to say about the storm itself). */
export function unrelatedRun(store: DynamoStore, notifier: AlertNotifier, atMs: number): Promise<AlertCycleReport> {
  return evaluateObservations([observation('sirekap-web', atMs, true, 'sirekap')], stormDeps(store, notifier, atMs));
}

/** Subjects delivered by published messages, each as often as it was delivered. */
export function delivered(messages: AlertEvent[]): string[] {
  return messages.flatMap((m) => m.grouped ?? [m.target]).sort();
}

export const singles = (messages: AlertEvent[]) => messages.filter((m) => !m.grouped);
export const stormPart = (messages: AlertEvent[], name: 'opening' | 'follow-up') => messages.filter((m) => m.storm?.part === name);

export async function pendingLeft(store: DynamoStore, targets: string[]): Promise<number> {
  let left = 0;
  for (const t of targets) left += (await store.getVersioned<AlertState>(stateKey(t)))?.value.pending.length ?? 0;
  return left;
}
