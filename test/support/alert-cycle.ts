import { afterAll, beforeAll } from 'vitest';
import { DynamoStore, createDocumentClient } from '../../lambdas/adapters/dynamo-store';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import type { AlertDeps, SubjectObservation } from '../../lambdas/app/alert-cycle';
import { stateKey } from '../../lambdas/adapters/dynamo/keys';
import { uptimeItem } from './alert-fixtures';
import type { AlertState } from '../../lambdas/core/alerting/state';
import type { AlertNotifier, Observation } from '../../lambdas/core/alerting/types';
import type { AlertRules } from '../../lambdas/core/config';
import { makeConfig } from './config-fixture';

/** The alert cycle's test bench: a dynalite table per suite, a fixed clock, one target's observations. */

export const T0 = Date.parse('2026-11-24T03:00:00.000Z');
export const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();

export const RULES: AlertRules = {
  failureThreshold: 3,
  successThreshold: 2,
  renotifyMinutes: 0,
  quorum: null,
  freshnessMs: 180_000,
  flapping: { transitions: 0, windowMs: 1_800_000 },
};

/** Starts dynalite with `table` before the suite and stops it after; `store()` is valid inside tests. */
export function useAlertStore(table: string): { store: () => DynamoStore; state: (target: string) => Promise<AlertState> } {
  let dynamo: LocalDynamo;
  let store: DynamoStore;
  beforeAll(async () => {
    dynamo = await startLocalDynamo();
    await ensureTable(dynamo.client, table);
    store = new DynamoStore(createDocumentClient(dynamo.client), { tableName: table, historyDays: 30, backoffBaseMs: 5 });
  });
  afterAll(async () => dynamo.close());
  return {
    store: () => store,
    state: async (target) => (await store.getVersioned<AlertState>(stateKey(target)))!.value,
  };
}

/** One uptime observation of `target` at minute `minute` after T0. */
export function item(target: string, minute: number, ok: boolean, extra: Partial<Observation> = {}): SubjectObservation {
  const failure = ok ? {} : { error: 'status', reason: 'HTTP 503 not in [200-399]' };
  return uptimeItem(target, at(minute), ok, RULES, { app: 'kpu-provinsi', ...failure, ...extra });
}

/** Deps for `evaluateObservations`, at T0 + 10 min, with a silent log. */
export function alertDeps(store: DynamoStore, notifier: AlertNotifier, over: Partial<AlertDeps> = {}): AlertDeps {
  const config = makeConfig();
  return {
    store,
    notifier,
    log: { info: () => {}, warn: () => {}, error: () => {} },
    alerting: config.alerting,
    maintenance: [],
    regions: ['ap-southeast-3'],
    now: () => new Date(T0 + 10 * 60_000),
    ...over,
  };
}
