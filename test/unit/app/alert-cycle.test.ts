import { describe, expect, it } from 'vitest';
import { MemoryLog, memoryStore } from '../../../lambdas/adapters/memory';
import { evaluateObservations, type AlertDeps, type SubjectObservation } from '../../../lambdas/app/alert-cycle';
import type { AlertState } from '../../../lambdas/core/alerting/state';
import type { AlertNotifier } from '../../../lambdas/core/alerting/types';
import { targetSubject, type AlertStore } from '../../../lambdas/ports';
import { makeConfig } from '../../support/config-fixture';
import { DOWN_AFTER_TWO, RecordingNotifier, observation as uptimeObservation } from '../../support/alert-fixtures';

/**
 * The alert cycle on the in-memory ports alone: no dynalite, no network. The exactly-once
 * guarantees rest on the ports' contract (test/contract), which the memory store shares with
 * DynamoDB, so the cycle's behaviour shows here as it does over a table.
 */

const T0 = Date.parse('2026-11-24T03:00:00.000Z');
const MINUTE = 60_000;
const RULES = DOWN_AFTER_TWO;

const observation = (target: string, atMs: number, ok: boolean, rules = RULES): SubjectObservation =>
  uptimeObservation(target, atMs, ok, 'kpu-kabkota', rules);

function deps(store: AlertStore, notifier: AlertNotifier, nowMs: number, storm = { threshold: 0, windowMs: 120_000 }): AlertDeps {
  return {
    store,
    notifier,
    log: new MemoryLog(),
    alerting: { ...makeConfig().alerting, storm },
    maintenance: [],
    regions: ['ap-southeast-3'],
    now: () => new Date(nowMs),
  };
}

const run = (store: AlertStore, notifier: AlertNotifier, target: string, minute: number, ok: boolean) =>
  evaluateObservations([observation(target, T0 + minute * MINUTE, ok)], deps(store, notifier, T0 + minute * MINUTE + 500));

const pendingOf = async (store: AlertStore, target: string) =>
  (await store.readSubject<AlertState>(targetSubject(target)))?.value.pending ?? [];

describe('alert cycle on memory ports', () => {
  it('pages DOWN once after the failure threshold and RECOVERED once, with one incident projected', async () => {
    const store = memoryStore();
    const notifier = new RecordingNotifier();
    const outcomes = [false, false, false, true, true].map((ok, minute) => ({ ok, minute }));
    for (const { ok, minute } of outcomes) await run(store, notifier, 'kab-bogor', minute, ok);
    expect(notifier.published.map((e) => [e.kind, e.target])).toEqual([
      ['down', 'kab-bogor'],
      ['recovered', 'kab-bogor'],
    ]);
    expect(await pendingOf(store, 'kab-bogor')).toEqual([]);
    const incidents = await store.incidentsOf<{ status?: string }>(targetSubject('kab-bogor'));
    expect(incidents).toHaveLength(1);
  });

  it('runs racing on the same observations publish the transition once (conditional writes)', async () => {
    const store = memoryStore();
    const notifier = new RecordingNotifier();
    await run(store, notifier, 'kab-garut', 0, false);
    const reports = await Promise.all([1, 1, 1].map((minute) => run(store, notifier, 'kab-garut', minute, false)));
    expect(reports.flatMap((r) => r.decided).map((e) => e.kind)).toEqual(['down']);
    expect(notifier.published.map((e) => e.kind)).toEqual(['down']);
  });

  it('keeps a failed publish pending and the next run delivers it once, with the same dedupId', async () => {
    const store = memoryStore();
    const notifier = new RecordingNotifier(1);
    await run(store, notifier, 'kab-cianjur', 0, false);
    const failing = await run(store, notifier, 'kab-cianjur', 1, false);
    expect(failing.failed).toHaveLength(1);
    expect(notifier.published).toEqual([]);
    const pending = await pendingOf(store, 'kab-cianjur');
    expect(pending.map((p) => p.event.dedupId)).toEqual([failing.failed[0]!.event.dedupId]);

    const retry = await run(store, notifier, 'kab-cianjur', 2, false);
    expect(retry.sent.map((e) => e.dedupId)).toEqual([failing.failed[0]!.event.dedupId]);
    expect(await pendingOf(store, 'kab-cianjur')).toEqual([]);
    await run(store, notifier, 'kab-cianjur', 3, false);
    expect(notifier.published.map((e) => e.kind)).toEqual(['down']);
  });

  it('groups a storm across runs: singles below the threshold, one opening, one digest after the window', async () => {
    const store = memoryStore();
    const notifier = new RecordingNotifier();
    const storm = { threshold: 3, windowMs: 120_000 };
    const fast = { ...RULES, failureThreshold: 1 };
    const shard = (targets: string[], atMs: number) =>
      evaluateObservations(
        targets.map((t) => observation(t, atMs, false, fast)),
        deps(store, notifier, atMs + 500, storm),
      );
    await shard(['kab-1', 'kab-2'], T0);
    await shard(['kab-3', 'kab-4'], T0 + 10_000);
    const late = await shard(['kab-5', 'kab-6'], T0 + 20_000);
    expect(late.held!.map((e) => e.target).sort()).toEqual(['kab-5', 'kab-6']);
    // Two singles, then the opening: it delivers the crossing batch and counts all four so far.
    expect(notifier.published.filter((m) => !m.grouped).map((m) => m.target)).toEqual(['kab-1', 'kab-2']);
    const opening = notifier.published.find((m) => m.storm?.part === 'opening')!;
    expect([...opening.grouped!].sort()).toEqual(['kab-3', 'kab-4']);
    expect(opening.storm!.total).toBe(4);
    expect(notifier.published).toHaveLength(3);

    // Any later run after the window (here one with nothing to decide) flushes the digest, once.
    const after = T0 + storm.windowMs + 30_000;
    await evaluateObservations([observation('sirekap-web', after, true)], deps(store, notifier, after, storm));
    await evaluateObservations([observation('sirekap-web', after + MINUTE, true)], deps(store, notifier, after + MINUTE, storm));
    const digests = notifier.published.filter((m) => m.storm?.part === 'follow-up');
    expect(digests).toHaveLength(1);
    expect([...digests[0]!.grouped!].sort()).toEqual(['kab-5', 'kab-6']);
    const delivered = notifier.published.flatMap((m) => m.grouped ?? [m.target]).sort();
    expect(delivered).toEqual(['kab-1', 'kab-2', 'kab-3', 'kab-4', 'kab-5', 'kab-6']);
    for (const t of ['kab-1', 'kab-2', 'kab-3', 'kab-4', 'kab-5', 'kab-6']) expect(await pendingOf(store, t)).toEqual([]);
  });
});
