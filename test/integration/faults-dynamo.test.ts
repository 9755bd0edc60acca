import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbeCycle, type ProbeCycleReport } from '../../lambdas/app/probe-cycle';
import type { TargetSpec } from '../../lambdas/core/types';
import { expectEveryResultStoredOnce, faultyStore, TestClock } from '../support/faults';
import { A, Inbox, startProbeWorld, type ProbeWorld } from '../support/probe-regions';

/**
 * Fault suite, DynamoDB: throttling and 5xx answered the way DynamoDB answers them, injected
 * into a real client against dynalite (test/support/faults.ts), through the real probe cycle.
 * The SDK's own retries apply (maxAttempts 2), so some faults get past them and reach Pantau.
 * Each test checks: no lost result, no lost page, no duplicated page, and a sink error (never a
 * crash) when a fault outlasts every retry.
 */

let world: ProbeWorld;
beforeAll(async () => {
  world = await startProbeWorld('faults-dynamo');
});
afterAll(async () => world.close());

/** One region's round on the faulty store. */
function probeRun(store: ProbeWorld['store'], targets: TargetSpec[], inbox: Inbox, clock: TestClock): Promise<ProbeCycleReport> {
  return runProbeCycle(targets, world.deps(A, [A], inbox, { store, now: clock.now }));
}

/**
 * A target that is down, on a fresh faulty store, probed twice already: one failure short of
 * DOWN (failureThreshold 3), so the next run's writes are the ones that decide and deliver it.
 */
async function oneFailureShortOfDown(prefix: string) {
  const { store, plan } = faultyStore(world.dynamo.endpoint, world.tableName, 2);
  const [target] = world.fleet(prefix, 1, 'down');
  const inbox = new Inbox();
  const clock = new TestClock();
  const warnings: string[] = [];
  const log = { info: () => {}, error: () => {}, warn: (message: string) => void warnings.push(message) };
  const reports: ProbeCycleReport[] = [];
  /** One run of this region; its report is kept for the history check. */
  const go = async () => {
    const report = await runProbeCycle([target!], world.deps(A, [A], inbox, { store, now: clock.now, log }));
    reports.push(report);
    return report;
  };
  await go();
  await go();
  return { plan, target: target!, inbox, clock, warnings, reports, go };
}

describe('DynamoDB throttling and 5xx', () => {
  it('history: unprocessed items, then throttling and 500s past the SDK retries — every result stored once, no sink error', async () => {
    const { store, plan } = faultyStore(world.dynamo.endpoint, world.tableName, 2);
    const targets = world.fleet('hist', 3);
    const inbox = new Inbox();
    const clock = new TestClock();
    plan.fail('BatchWriteItem', 'unprocessed', 1).fail('BatchWriteItem', 'throughput', 2).fail('BatchWriteItem', 'server', 2);
    const report = await probeRun(store, targets, inbox, clock);
    expect(plan.remaining()).toBe(0);
    // 5 faults, then the write that went through: 2 of them got past the SDK (2 attempts each).
    expect(plan.attempts.get('BatchWriteItem')).toBe(6);
    expect(report.sinkErrors).toEqual([]);
    await expectEveryResultStoredOnce(world.store, [report], targets);
  });

  it('history: a BatchWriteItem applied but answered 500 (response lost) is retried and stores each result once', async () => {
    const { store, plan } = faultyStore(world.dynamo.endpoint, world.tableName, 2);
    const targets = world.fleet('lost', 4);
    const clock = new TestClock();
    plan.fail('BatchWriteItem', 'lost-response', 3);
    const reports = [await probeRun(store, targets, new Inbox(), clock), await probeRun(store, targets, new Inbox(), clock)];
    expect(plan.injected.get('BatchWriteItem')).toBe(3);
    expect(reports.flatMap((r) => r.sinkErrors)).toEqual([]);
    await expectEveryResultStoredOnce(world.store, reports, targets);
  });

  it('history throttled beyond every retry: a history sink error, and the page still goes out once', async () => {
    const { store, plan } = faultyStore(world.dynamo.endpoint, world.tableName, 2);
    const targets = world.fleet('histdown', 2, 'down');
    const inbox = new Inbox();
    const clock = new TestClock();
    const reports = [await probeRun(store, targets, inbox, clock), await probeRun(store, targets, inbox, clock)];
    // The round that decides DOWN cannot write its history: 6 batch attempts × 2 SDK attempts.
    plan.fail('BatchWriteItem', 'throughput', 12);
    const failing = await probeRun(store, targets, inbox, clock);
    expect(failing.sinkErrors).toEqual([{ sink: 'history', message: '2 of 2 items stayed unprocessed after 6 attempts' }]);
    expect(failing.alerts.map((e) => e.kind)).toEqual(['down', 'down']);
    reports.push(await probeRun(store, targets, inbox, clock));
    // Only the failing round's results are missing, and it said so.
    await expectEveryResultStoredOnce(world.store, reports, targets);
    expect(inbox.delivered('down')).toEqual(['histdown1', 'histdown2']);
    expect(inbox.repeatedDedupIds()).toEqual([]);
  });

  it('state write throttled past the SDK retries: a state sink error, the next run pages, once', async () => {
    const { plan, target, inbox, reports, go } = await oneFailureShortOfDown('statethr');
    // The third failure would decide DOWN: its state write (the round's first PutItem) is throttled twice.
    plan.fail('PutItem', 'throttling', 2);
    const throttled = await go();
    expect(throttled.sinkErrors).toEqual([{ sink: 'state', message: 'Rate of requests exceeds the allowed throughput.' }]);
    expect(inbox.published).toEqual([]);
    for (let r = 0; r < 3; r++) await go();
    world.setAll([target], 'up');
    for (let r = 0; r < 3; r++) await go();
    expect(inbox.published.map((e) => e.kind)).toEqual(['down', 'recovered']);
    expect(inbox.repeatedPages()).toEqual([]);
    await expectEveryResultStoredOnce(world.store, reports, [target]);
  });

  it('state write applied but its answer lost: the decision is not lost, the first run after the lease pages, once', async () => {
    const { plan, target, inbox, clock, reports, go } = await oneFailureShortOfDown('stateloss');
    // The SDK retries the applied write; the retry's condition fails (the version moved), so this
    // run believes another writer won and publishes nothing. The DOWN waits, pending, on the item.
    plan.fail('PutItem', 'lost-response', 1);
    await go();
    expect(plan.attempts.get('PutItem')).toBeGreaterThanOrEqual(2);
    clock.advance(60_000);
    await go();
    expect(inbox.published).toEqual([]);
    clock.advance(61_000); // past the 2 min lease of the run that decided it
    await go();
    expect(inbox.published.map((e) => [e.kind, e.target])).toEqual([['down', 'stateloss1']]);
    clock.advance(60_000);
    await go();
    expect(inbox.published).toHaveLength(1);
    expect(reports.flatMap((r) => r.sinkErrors)).toEqual([]);
    await expectEveryResultStoredOnce(world.store, reports, [target]);
  });

  it('settle write throttled past the SDK retries after SNS took the page: the page goes out once more after the lease, same dedupId, then never again', async () => {
    const { plan, target, inbox, clock, warnings, reports, go } = await oneFailureShortOfDown('settlethr');
    // The deciding round: its settle write (the STATE put that empties `pending`) is throttled twice.
    plan.fail('PutItem', 'throughput', 2, (body) => body.includes('TARGET#settlethr1') && body.includes('"pending":{"L":[]}'));
    await go();
    expect(plan.remaining()).toBe(0);
    expect(warnings).toContain('could not settle pending alerts');
    expect(inbox.published.map((e) => e.kind)).toEqual(['down']);
    for (let r = 1; r <= 4; r++) {
      clock.advance(61_000);
      await go();
    }
    // docs/alerting.md "Pending retries": published at least once, and at most once more with
    // the same dedupId when the pending entry could not be removed after SNS accepted it.
    expect(inbox.published.map((e) => [e.kind, e.dedupId])).toEqual([
      ['down', inbox.published[0]!.dedupId],
      ['down', inbox.published[0]!.dedupId],
    ]);
    expect(reports.flatMap((r) => r.sinkErrors)).toEqual([]);
    await expectEveryResultStoredOnce(world.store, reports, [target]);
  });
});

describe('DynamoDB throttling on the storm items', () => {
  it('the storm append throttled past the SDK retries: the run groups within itself, one message for the five, never repeated', async () => {
    const { store, plan } = faultyStore(world.dynamo.endpoint, world.tableName, 2);
    const shard = world.fleet('stormthr', 5, 'down');
    const inbox = new Inbox();
    const clock = new TestClock();
    const reports: ProbeCycleReport[] = [];
    const go = async () => void reports.push(await probeRun(store, shard, inbox, clock));
    await go();
    await go();
    // The deciding round's append to the storm window (its only UpdateItem) is throttled twice.
    plan.fail('UpdateItem', 'throughput', 2);
    await go();
    expect(plan.remaining()).toBe(0);
    expect(inbox.published).toHaveLength(1);
    expect(inbox.published[0]!.grouped).toEqual(shard.map((t) => t.id));
    // Grouped within the run (no storm window), not through the window the append could not reach.
    expect(inbox.published[0]!.storm).toBeUndefined();
    for (let r = 1; r <= 3; r++) {
      clock.advance(61_000);
      await go();
    }
    expect(inbox.delivered('down')).toEqual(shard.map((t) => t.id));
    expect(inbox.repeatedDedupIds()).toEqual([]);
    expect(reports.flatMap((r) => r.sinkErrors)).toEqual([]);
    await expectEveryResultStoredOnce(world.store, reports, shard);
  });
});
