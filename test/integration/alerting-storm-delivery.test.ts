import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoStore } from '../../lambdas/adapters/dynamo-store';
import { startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { evaluateObservations } from '../../lambdas/app/alert-cycle';
import type { AlertEvent, AlertNotifier } from '../../lambdas/core/alerting/types';
import { RecordingNotifier, T0, THRESHOLD, WINDOW_MS, concurrentShards, delivered, freshStore, observation, pendingLeft, shardRun, shardsOf, singles, stormDeps, stormPart, targetNames, unrelatedRun } from '../support/storm-fleet';

/**
 * Storm windows on dynalite, one behaviour at a time: below-threshold traffic, recoveries, the
 * configured window, and what happens when a run dies (after holding alerts, or while flushing
 * a digest) or arrives after a window closed. No alert is lost and none is sent twice.
 */

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => dynamo.close());

const AFTER_WINDOW = T0 + WINDOW_MS + 20_000;
/** Lambda timed out: the call never returns and nothing after it runs. */
const never = () => new Promise<never>(() => {});

/** The store with one method wrapped (to stop a run dead, or hold it back, at a chosen point). */
function intercept(store: DynamoStore, method: 'appendMembers', hook: (call: () => Promise<unknown>) => Promise<unknown>): DynamoStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== method || typeof value !== 'function') return value;
      return (...args: unknown[]) => hook(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
    },
  });
}

function signal(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

describe('below the threshold nothing changes', () => {
  it('alerts of two shards that stay under the threshold go out one by one, at once, as the engine wrote them', async () => {
    const store = await freshStore(dynamo);
    const notifier = new RecordingNotifier();
    const first = await shardRun(store, notifier, ['kab-a', 'kab-b'], false, T0);
    const second = await shardRun(store, notifier, ['kab-c', 'kab-d'], false, T0 + 20_000);
    for (const report of [first, second]) {
      expect(report.sent).toEqual(report.decided);
      expect(report.held).toEqual([]);
    }
    expect(notifier.published.map((m) => m.target)).toEqual(['kab-a', 'kab-b', 'kab-c', 'kab-d']);
    expect(notifier.published.every((m) => !m.grouped && !m.storm)).toBe(true);
    await unrelatedRun(store, notifier, AFTER_WINDOW);
    expect(notifier.published).toHaveLength(4);
  });

  it('uneven shards, some under the threshold, all at once: at most threshold + 1 messages, every target once', async () => {
    const store = await freshStore(dynamo);
    const notifier = new RecordingNotifier();
    const targets = targetNames('kab', 120);
    await concurrentShards(store, notifier, shardsOf(targets, [1, 2, 1, 3, 2, 11, 20, 25, 20, 15, 10, 10]), false, T0);
    await unrelatedRun(store, notifier, AFTER_WINDOW);
    const published = notifier.published;
    expect(singles(published).length).toBeLessThanOrEqual(THRESHOLD - 1);
    expect(stormPart(published, 'opening')).toHaveLength(1);
    expect(stormPart(published, 'follow-up')).toHaveLength(1);
    expect(published.length).toBeLessThanOrEqual(THRESHOLD + 1);
    expect(delivered(published)).toEqual(targets);
  });
});

describe('recoveries and the configured window', () => {
  it('recovery messages group the same way as the outage', async () => {
    const store = await freshStore(dynamo);
    const notifier = new RecordingNotifier();
    const shards = shardsOf(targetNames('kab', 12), [4, 4, 4]);
    for (const [ok, startMs] of [
      [false, T0],
      [true, T0 + 10 * 60_000],
    ] as const) {
      notifier.published.length = 0;
      for (const [i, shard] of shards.entries()) await shardRun(store, notifier, shard, ok, startMs + i * 10_000);
      await unrelatedRun(store, notifier, startMs + WINDOW_MS + 20_000);
      // The first shard's 4 one by one; the second shard's 4 cross 5: one message; the third's 4 in the digest.
      expect(notifier.published.map((m) => [m.kind, m.storm?.part ?? m.target])).toEqual([
        [ok ? 'recovered' : 'down', 'kab-001'],
        [ok ? 'recovered' : 'down', 'kab-002'],
        [ok ? 'recovered' : 'down', 'kab-003'],
        [ok ? 'recovered' : 'down', 'kab-004'],
        [ok ? 'recovered' : 'down', 'opening'],
        [ok ? 'recovered' : 'down', 'follow-up'],
      ]);
      expect(delivered(notifier.published)).toEqual(targetNames('kab', 12));
    }
    expect(notifier.published[5]!.message).toMatch(/^RECOVERED 4 more Kpu-kabkota targets: kab-009, kab-010, kab-011, kab-012; 12 in this storm since 10:10 WIB$/);
  });

  it('uses storm.windowMs: alerts 3 minutes apart are one storm with a 5-minute window, two with the 2-minute default', async () => {
    for (const [windowMs, expected] of [
      [WINDOW_MS, ['kab-001', 'kab-002', 'kab-003', 'kab-004', 'kab-005', 'kab-006']],
      [5 * 60_000, ['kab-001', 'kab-002', 'kab-003', 'opening']],
    ] as const) {
      const store = await freshStore(dynamo);
      const notifier = new RecordingNotifier();
      const storm = { threshold: THRESHOLD, windowMs };
      const run = (targets: string[], atMs: number) =>
        evaluateObservations(targets.map((t) => observation(t, atMs, false)), stormDeps(store, notifier, atMs, storm));
      await run(['kab-001', 'kab-002', 'kab-003'], T0);
      await run(['kab-004', 'kab-005', 'kab-006'], T0 + 3 * 60_000);
      expect(notifier.published.map((m) => m.storm?.part ?? m.target)).toEqual(expected);
    }
  });
});

describe('no lost alert, none sent twice', () => {
  it('a run that dies after its alerts were held: the first run after the window sends them; its retry sends nothing again', async () => {
    const store = await freshStore(dynamo);
    const notifier = new RecordingNotifier();
    await shardRun(store, notifier, targetNames('kab', 5), false, T0); // opens the storm: one grouped message
    expect(stormPart(notifier.published, 'opening')).toHaveLength(1);

    // Shard B appends its 3 alerts to the window, then its Lambda times out.
    const appended = signal();
    const dying = intercept(store, 'appendMembers', async (call) => {
      await call();
      appended.fire();
      return never();
    });
    const doomed = ['kab-101', 'kab-102', 'kab-103'];
    void evaluateObservations(doomed.map((t) => observation(t, T0 + 10_000, false)), stormDeps(dying, notifier, T0 + 10_500));
    await appended.promise;
    expect(await pendingLeft(store, doomed)).toBe(3); // still leased to the dead run

    // Any run after the window, about something else entirely, sends them.
    const flush = await unrelatedRun(store, notifier, AFTER_WINDOW);
    expect(flush.sent.map((m) => m.storm?.part)).toEqual(['follow-up']);
    expect(flush.sent[0]!.grouped).toEqual(doomed);

    // Shard B's next run, after the dead run's lease: the window already delivered them.
    const retry = await shardRun(store, notifier, doomed, false, T0 + 5 * 60_000);
    expect(retry.decided.map((e) => e.target).sort()).toEqual(doomed);
    expect(retry.sent).toEqual([]);
    expect(await pendingLeft(store, doomed)).toBe(0);
    expect(delivered(notifier.published)).toEqual([...targetNames('kab', 5), ...doomed].sort());
  });

  it('a run that dies while sending the digest: the next run after its lease sends it, with the same dedupId', async () => {
    const store = await freshStore(dynamo);
    const notifier = new RecordingNotifier();
    await shardRun(store, notifier, targetNames('kab', 5), false, T0);
    await shardRun(store, notifier, ['kab-101', 'kab-102'], false, T0 + 10_000);
    expect(notifier.published).toHaveLength(1);

    const attempted: AlertEvent[] = [];
    const hanging: AlertNotifier = {
      publish: (event) => {
        attempted.push(event);
        return never();
      },
    };
    void unrelatedRun(store, hanging, AFTER_WINDOW);
    await expect.poll(() => attempted.length).toBe(1);

    await unrelatedRun(store, notifier, AFTER_WINDOW + 60_000); // the dead run's lease (2 min) still holds
    expect(notifier.published).toHaveLength(1);
    const retry = await unrelatedRun(store, notifier, AFTER_WINDOW + 121_000);
    expect(retry.sent).toHaveLength(1);
    expect(retry.sent[0]!.dedupId).toBe(attempted[0]!.dedupId);
    expect(retry.sent[0]!.grouped).toEqual(['kab-101', 'kab-102']);
    await unrelatedRun(store, notifier, AFTER_WINDOW + 240_000);
    expect(notifier.published).toHaveLength(2);
  });

  it('a digest SNS refuses is retried by the next run with the same dedupId', async () => {
    const store = await freshStore(dynamo);
    const notifier = new RecordingNotifier();
    await shardRun(store, notifier, targetNames('kab', 5), false, T0);
    await shardRun(store, notifier, ['kab-101'], false, T0 + 10_000);
    notifier.failures = 1;
    const failed = await unrelatedRun(store, notifier, AFTER_WINDOW);
    expect(failed.failed.map((f) => f.event.storm?.part)).toEqual(['follow-up']);
    const retried = await unrelatedRun(store, notifier, AFTER_WINDOW + 60_000);
    expect(retried.sent.map((m) => m.dedupId)).toEqual([failed.failed[0]!.event.dedupId]);
    expect(delivered(notifier.published)).toEqual([...targetNames('kab', 5), 'kab-101'].sort());
  });

  it('alerts that reach a window after its digest began move to a new window and are sent, not lost', async () => {
    const store = await freshStore(dynamo);
    const notifier = new RecordingNotifier();
    await shardRun(store, notifier, targetNames('kab', 5), false, T0);

    // Shard B decides within the window, but its append is held back until the window has closed.
    const closed = signal();
    const slow = intercept(store, 'appendMembers', async (call) => {
      await closed.promise;
      return call();
    });
    const late = ['kab-101', 'kab-102', 'kab-103'];
    const lateRun = evaluateObservations(late.map((t) => observation(t, T0 + 30_000, false)), stormDeps(slow, notifier, T0 + 30_500));
    await unrelatedRun(store, notifier, AFTER_WINDOW); // closes the window: nothing held, no digest
    closed.fire();
    const report = await lateRun;

    // Alone in a new window: under the threshold, so one by one.
    expect(report.sent.map((m) => m.target)).toEqual(late);
    expect(notifier.published.map((m) => m.storm?.part ?? m.target)).toEqual(['opening', ...late]);
    expect(await pendingLeft(store, late)).toBe(0);
    await unrelatedRun(store, notifier, AFTER_WINDOW + 5 * 60_000);
    expect(delivered(notifier.published)).toEqual([...targetNames('kab', 5), ...late].sort());
  });
});
