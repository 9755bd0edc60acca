import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStore, createDocumentClient } from '../../lambdas/adapters/dynamo-store';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { evaluateObservations } from '../../lambdas/app/alert-cycle';
import { stateKey, targetPk } from '../../lambdas/adapters/dynamo/keys';
import type { AlertState } from '../../lambdas/core/alerting/state';
import type { AlertEvent, AlertNotifier } from '../../lambdas/core/alerting/types';
import { alertDeps, at, item } from '../support/alert-cycle';

/**
 * Quiet writes (lambdas/core/alerting/quiet-writes.ts) against a real DynamoDB API (dynalite):
 * a healthy target staying healthy from two regions writes its state item only once per
 * freshness window per region, counted on the wire; a change is still written and alerts once.
 */

const REGIONS = ['ap-southeast-1', 'ap-southeast-3'];
const TABLE = 'quiet-writes';
let dynamo: LocalDynamo;
let store: DynamoStore;
/** Every command the store's document client sent, by class name, with its input. */
const sent: Array<{ command: string; input: Record<string, unknown> }> = [];
beforeAll(async () => {
  dynamo = await startLocalDynamo();
  await ensureTable(dynamo.client, TABLE);
  const doc = createDocumentClient(dynamo.client);
  const send = doc.send.bind(doc) as (command: unknown) => Promise<unknown>;
  (doc as unknown as { send: (command: unknown) => Promise<unknown> }).send = (command) => {
    const { constructor, input } = command as { constructor: { name: string }; input: Record<string, unknown> };
    sent.push({ command: constructor.name, input });
    return send(command);
  };
  store = new DynamoStore(doc, { tableName: TABLE, historyDays: 30, backoffBaseMs: 5 });
});
afterAll(async () => dynamo.close());
const stateOf = async (target: string) => (await store.getVersioned<AlertState>(stateKey(target)))!.value;

class Recording implements AlertNotifier {
  readonly published: AlertEvent[] = [];
  async publish(event: AlertEvent): Promise<void> {
    this.published.push(event);
  }
}

/** Writes (Put) of the target's STATE item sent so far. */
function stateWrites(target: string): number {
  return sent.filter((c) => c.command === 'PutCommand' && isStateItem(c.input.Item, target)).length;
}
function isStateItem(item: unknown, target: string): boolean {
  const a = item as { pk?: string; sk?: string } | undefined;
  return a?.pk === targetPk(target) && a.sk === 'STATE';
}

/** One probe round at `minute`: each region observes the target (ok or not) and the cycle runs. */
async function round(target: string, minute: number, ok: boolean | Record<string, boolean>, notifier: Recording, regions = REGIONS): Promise<void> {
  const items = regions.map((region) => item(target, minute, typeof ok === 'boolean' ? ok : ok[region]!, { region }));
  const now = () => new Date(Date.parse(at(minute)) + 500);
  await evaluateObservations(items, alertDeps(store, notifier, { regions: REGIONS, now }));
}

describe('quiet writes: the state item is written when something changes, not per check', () => {
  it('30 healthy minutes from two regions: after the streaks settle, one refresh per region every other minute (half the 3-minute freshness), nothing in between', async () => {
    const notifier = new Recording();
    // Minutes 0 and 1 build the streaks (successThreshold 2): every observation is written.
    for (const m of [0, 1]) await round('steady', m, true, notifier);
    const settled = stateWrites('steady');
    expect(settled).toBe(4);

    const perMinute: number[] = [];
    for (let m = 2; m < 32; m++) {
      const before = stateWrites('steady');
      await round('steady', m, true, notifier);
      perMinute.push(stateWrites('steady') - before);
    }
    // Minute 1 was the last write of each region; the entry is rewritten once it is ≥ 1.5 min old
    // (minutes 3, 5, …, 31): 15 refreshes × 2 regions. By hand: 30 rounds × 2 regions = 60
    // checks, 30 writes; the 30 others send no request.
    expect(perMinute.filter((n) => n > 0)).toHaveLength(15);
    expect(perMinute.reduce((a, b) => a + b, 0)).toBe(30);
    expect(perMinute[0]).toBe(0);
    expect(perMinute[1]).toBe(2);
    expect(notifier.published).toEqual([]);

    const s = await stateOf('steady');
    expect(s.status).toBe('up');
    // The stored ts lags the latest check (minute 31 was written: it is a refresh minute).
    expect(s.regions['ap-southeast-1']).toMatchObject({ ok: true, quietMs: 90_000, ts: at(31) });
  });

  it('a change is written at once and alerts once; the recovery too; then it goes quiet again', async () => {
    const notifier = new Recording();
    for (let m = 0; m < 6; m++) await round('change', m, true, notifier);
    const quietBefore = stateWrites('change');

    // Both regions fail from minute 6: every failing observation is a change (its streak grows),
    // 3 minutes × 2 regions = 6 writes, and one more takes the published DOWN off the outbox.
    for (let m = 6; m < 9; m++) await round('change', m, false, notifier);
    expect(stateWrites('change') - quietBefore).toBe(7);
    expect(notifier.published.map((e) => e.kind)).toEqual(['down']);
    expect(notifier.published[0]!.regions).toEqual(REGIONS);

    for (let m = 9; m < 11; m++) await round('change', m, true, notifier);
    expect(notifier.published.map((e) => e.kind)).toEqual(['down', 'recovered']);
    expect((await stateOf('change')).status).toBe('up');

    // Settled again (last written at minute 10): minute 11 writes nothing, minute 12 is each
    // region's refresh (1.5 minutes or more after its write).
    const settled = stateWrites('change');
    await round('change', 11, true, notifier);
    expect(stateWrites('change')).toBe(settled);
    await round('change', 12, true, notifier);
    expect(stateWrites('change')).toBe(settled + 2);
    expect(notifier.published).toHaveLength(2);
  });

  it('a healthy region that falls silent lets the live one page alone no later than if every check were written', async () => {
    const notifier = new Recording();
    for (let m = 0; m < 5; m++) await round('silence', m, true, notifier);
    // ap-southeast-1 stops reporting after minute 4; ap-southeast-3 sees the site fail from minute 5.
    const pagedAt: number[] = [];
    for (let m = 5; m < 20 && pagedAt.length === 0; m++) {
      await round('silence', m, false, notifier, ['ap-southeast-3']);
      if (notifier.published.length > 0) pagedAt.push(m);
    }
    expect(notifier.published.map((e) => e.kind)).toEqual(['down']);
    expect(notifier.published[0]!.message).toContain('confirmed by 1 of 2 regions; ap-southeast-1 silent');
    // Its last check was minute 4, its last write minute 4 at the latest: stale once more than the
    // 3-minute freshness old, at minute 8 at the latest — as when every check was written. Two
    // failures (minutes 5 and 6) are needed first.
    expect(pagedAt[0]).toBeGreaterThanOrEqual(6);
    expect(pagedAt[0]).toBeLessThanOrEqual(4 + 3 + 1);
  });
});
