import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDeliveryLedger, DynamoTable, createDocumentClient } from '../../lambdas/adapters/dynamo';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { MemoryDeliveryLedger } from '../../lambdas/adapters/memory';
import type { DeliveryLedger } from '../../lambdas/ports';

/** The chat relay's delivery ledger, held to one behaviour on dynalite and in memory. */

let dynamo: LocalDynamo;
let tables = 0;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => dynamo?.close());

const implementations: Array<{ name: string; make: () => Promise<DeliveryLedger> }> = [
  {
    name: 'dynamodb (dynalite)',
    make: async () => {
      const tableName = `ledger-${++tables}`;
      await ensureTable(dynamo.client, tableName);
      return new DynamoDeliveryLedger(new DynamoTable(createDocumentClient(dynamo.client), { tableName, historyDays: 30 }));
    },
  },
  { name: 'memory', make: async () => new MemoryDeliveryLedger() },
];

const T0 = '2026-11-24T03:00:00.000Z';
const T1 = '2026-11-24T03:00:30.000Z';
const T2 = '2026-11-24T03:02:00.000Z';

for (const impl of implementations) {
  describe(`DeliveryLedger on ${impl.name}`, () => {
    it('claims once; a second claim under the lease is busy, after confirmation delivered', async () => {
      const ledger = await impl.make();
      expect(await ledger.claimDelivery('telegram:1', 'a', T0, 60_000)).toBe('claimed');
      expect(await ledger.claimDelivery('telegram:1', 'a', T1, 60_000)).toBe('busy');
      await ledger.confirmDelivery('telegram:1', 'a', T1);
      expect(await ledger.claimDelivery('telegram:1', 'a', T2, 60_000)).toBe('delivered');
    });

    it('a released claim, or one whose lease ran out, can be claimed again', async () => {
      const ledger = await impl.make();
      await ledger.claimDelivery('telegram:1', 'a', T0, 60_000);
      await ledger.releaseDelivery('telegram:1', 'a');
      expect(await ledger.claimDelivery('telegram:1', 'a', T1, 60_000)).toBe('claimed');
      expect(await ledger.claimDelivery('telegram:1', 'a', T2, 60_000)).toBe('claimed');
    });

    it('releasing never forgets a confirmed delivery; channels and alerts are apart', async () => {
      const ledger = await impl.make();
      await ledger.claimDelivery('telegram:1', 'a', T0, 60_000);
      await ledger.confirmDelivery('telegram:1', 'a', T0);
      await ledger.releaseDelivery('telegram:1', 'a');
      expect(await ledger.claimDelivery('telegram:1', 'a', T1, 60_000)).toBe('delivered');
      expect(await ledger.claimDelivery('slack:C1', 'a', T1, 60_000)).toBe('claimed');
      expect(await ledger.claimDelivery('telegram:1', 'b', T1, 60_000)).toBe('claimed');
    });
  });
}
