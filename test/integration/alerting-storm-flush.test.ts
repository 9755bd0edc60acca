import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { flushHeldAlerts } from '../../lambdas/app/alert-cycle';
import { RecordingNotifier, T0, THRESHOLD, delivered, freshStore, shardRun, stormDeps, stormPart, targetNames } from '../support/storm-fleet';

/**
 * A prober that stops for good (`pantau watch` at Ctrl-C or after --cycles, the demo) publishes
 * the alerts held for a storm digest before it goes, instead of losing them with its store.
 */

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
});
afterAll(async () => dynamo.close());

describe('flushHeldAlerts', () => {
  it('sends the digest of a window that has not ended yet, once', async () => {
    const store = await freshStore(dynamo);
    const notifier = new RecordingNotifier();
    const first = targetNames('kab-a', THRESHOLD);
    const later = targetNames('kab-b', 4);

    await shardRun(store, notifier, first, false, T0); // crosses the threshold: one opening message
    await shardRun(store, notifier, later, false, T0 + 10_000); // same window: held for the digest
    expect(stormPart(notifier.published, 'opening')).toHaveLength(1);
    expect(delivered(notifier.published)).toEqual(first.sort());

    // Stopping 20 s into a 2-minute window: the held four go out now, as one follow-up.
    const report = await flushHeldAlerts(stormDeps(store, notifier, T0 + 20_000));
    expect(report.failed).toEqual([]);
    expect(stormPart(notifier.published, 'follow-up')).toHaveLength(1);
    expect(delivered(notifier.published)).toEqual([...first, ...later].sort());

    // A second stop finds nothing left to send.
    const again = await flushHeldAlerts(stormDeps(store, notifier, T0 + 21_000));
    expect(again.sent).toEqual([]);
    expect(notifier.published).toHaveLength(2);
  });

  it('does nothing when storm grouping is off', async () => {
    const store = await freshStore(dynamo);
    const notifier = new RecordingNotifier();
    const report = await flushHeldAlerts(stormDeps(store, notifier, T0, { threshold: 0, windowMs: 120_000 }));
    expect(report).toEqual({ sent: [], failed: [] });
  });
});
