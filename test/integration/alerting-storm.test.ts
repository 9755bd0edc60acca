import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { RecordingNotifier, T0, THRESHOLD, WINDOW_MS, concurrentShards, delivered, freshStore, pendingLeft, shardsOf, singles, stormPart, targetNames, unrelatedRun } from '../support/storm-fleet';

/**
 * A data-centre outage seen by many probe shards at once (each shard is its own Lambda run),
 * against a real DynamoDB API (dynalite): storm windows shared across runs bound the number of
 * messages by the threshold, not by the number of shards or targets, and every alert is
 * delivered exactly once.
 */

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => dynamo.close());

describe('a data-centre outage seen by many shards within one storm window', () => {
  const regencies = targetNames('kab', 300);

  it('300 targets over 12 concurrent shards: one grouped message at once, one digest after the window, each target named once', async () => {
    const store = await freshStore(dynamo);
    const notifier = new RecordingNotifier();
    const reports = await concurrentShards(store, notifier, shardsOf(regencies, Array(12).fill(25)), false, T0);

    // At once: the first shard to append crossed the threshold with its 25 alerts; the other
    // 11 shards' 275 alerts are held on the window.
    expect(notifier.published).toHaveLength(1);
    const [opening] = notifier.published;
    expect(opening!.storm).toMatchObject({ part: 'opening', total: 25 });
    expect(opening!.message).toMatch(/^DOWN 25 Kpu-kabkota targets \(timeout\): .*; more may follow$/);
    expect(reports.flatMap((r) => r.decided)).toHaveLength(300);
    expect(reports.flatMap((r) => r.held ?? [])).toHaveLength(275);
    // Every alert left its subject's outbox: sent, or handed over to the window.
    expect(await pendingLeft(store, regencies)).toBe(0);

    // Nothing more while the window lasts, whoever runs.
    await unrelatedRun(store, notifier, T0 + 60_000);
    expect(notifier.published).toHaveLength(1);

    // The first run after the window (another shard, another app) sends the digest.
    const flush = await unrelatedRun(store, notifier, T0 + WINDOW_MS + 20_000);
    expect(flush.sent).toHaveLength(1);
    const digest = notifier.published[1]!;
    expect(digest.storm).toMatchObject({ part: 'follow-up', total: 300 });
    expect(digest.message).toMatch(/^DOWN 275 more Kpu-kabkota targets \(timeout\): .*; 300 in this storm since 10:00 WIB$/);
    expect(digest).toMatchObject({ topic: 'warning', target: 'group:kpu-kabkota', incidentId: null });

    expect(delivered(notifier.published)).toEqual(regencies);

    // The digest goes out once: later runs find nothing due.
    await unrelatedRun(store, notifier, T0 + WINDOW_MS + 80_000);
    expect(notifier.published).toHaveLength(2);
  });

  it('shards smaller than the threshold (30 shards of 4): threshold-1 single messages, one grouped, one digest', async () => {
    // Grouping within each run alone would send all 120 alerts one by one here.
    const store = await freshStore(dynamo);
    const notifier = new RecordingNotifier();
    const targets = regencies.slice(0, 120);
    await concurrentShards(store, notifier, shardsOf(targets, Array(30).fill(4)), false, T0);
    await unrelatedRun(store, notifier, T0 + WINDOW_MS + 20_000);

    const published = notifier.published;
    // The shard that appended first sends its 4 alerts one by one; the second one's batch crosses 5.
    expect(singles(published)).toHaveLength(THRESHOLD - 1);
    expect(stormPart(published, 'opening')).toHaveLength(1);
    expect(stormPart(published, 'opening')[0]!.grouped).toHaveLength(4);
    expect(stormPart(published, 'opening')[0]!.storm!.total).toBe(8);
    expect(stormPart(published, 'follow-up')).toHaveLength(1);
    expect(published).toHaveLength(THRESHOLD + 1);
    expect(delivered(published)).toEqual(targets);
    for (const m of singles(published)) {
      // A single alert is the engine's own message, unchanged.
      expect(m.message).toMatch(/^DOWN Kpu-kabkota \(kab-\d{3}\.kpu\.go\.id\): timeout from 1\/1 region since 10:00 WIB$/);
    }
  });
});
