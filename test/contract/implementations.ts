import { afterAll, beforeAll } from 'vitest';
import { DynamoStore, createDocumentClient } from '../../lambdas/adapters/dynamo';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { memoryStore, type MemoryStore } from '../../lambdas/adapters/memory';
import { CapacityStore } from '../../lambdas/adapters/dynamo/capacity-history';
import type { AlertStore, CapacityHistory, DailyAvailabilityStore, ResultHistory } from '../../lambdas/ports';

/**
 * The implementations every contract suite runs against. Each `make()` returns a fresh, empty
 * store (a new table on dynalite), so tests never see each other's data.
 */
export type AllPorts = ResultHistory & AlertStore & DailyAvailabilityStore & { capacity: CapacityHistory };

export interface Implementation {
  name: string;
  make: () => Promise<AllPorts>;
}

let tables = 0;

/** dynalite (the DynamoDB adapters) and memory; call at the top level of a test file. */
export function implementations(): Implementation[] {
  let dynamo: LocalDynamo | undefined;
  beforeAll(async () => {
    dynamo = await startLocalDynamo();
  });
  afterAll(async () => dynamo?.close());
  return [
    {
      name: 'dynamodb (dynalite)',
      make: async () => {
        const name = `contract-${++tables}`;
        await ensureTable(dynamo!.client, name);
        const doc = createDocumentClient(dynamo!.client);
        const store = new DynamoStore(doc, { tableName: name, historyDays: 30, backoffBaseMs: 2 });
        return Object.assign(store, { capacity: new CapacityStore(doc, store, { historyDays: 30 }) });
      },
    },
    { name: 'memory', make: async (): Promise<MemoryStore> => memoryStore() },
  ];
}
