import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloudWatchMetrics } from '../../lambdas/adapters/cloudwatch-metrics';
import { SnsNotifier } from '../../lambdas/adapters/sns-notifier';
import { runProbeCycle, type ProbeCycleDeps, type ProbeCycleReport } from '../../lambdas/app/probe-cycle';
import { stateKey } from '../../lambdas/adapters/dynamo/keys';
import type { AlertState } from '../../lambdas/core/alerting/state';
import type { AlertEvent, AlertNotifier } from '../../lambdas/core/alerting/types';
import type { TargetSpec } from '../../lambdas/core/types';
import { DyingNotifier, expectEveryResultStoredOnce, runUntilDeath, TestClock, type DeathPoint } from '../support/faults';
import { A, Inbox, startProbeWorld, type ProbeWorld } from '../support/probe-regions';

/**
 * Fault suite, delivery: SNS refusing publishes (the real SnsNotifier over a mocked client, and
 * storm digests), CloudWatch refusing metrics, and a Lambda that times out mid-run after its
 * decision was written. No page is lost, none is sent twice except where docs/alerting.md says
 * it may be (a run that dies after SNS accepted the message: once more, same dedupId).
 */

let world: ProbeWorld;
beforeAll(async () => {
  world = await startProbeWorld('faults-delivery');
});
afterAll(async () => world.close());

const sns = mockClient(SNSClient);
const cloudwatch = mockClient(CloudWatchClient);
afterEach(() => {
  sns.reset();
  cloudwatch.reset();
});

const TOPICS = {
  critical: 'arn:aws:sns:ap-southeast-3:111111111111:pantau-critical',
  warning: 'arn:aws:sns:ap-southeast-3:111111111111:pantau-warning',
  info: 'arn:aws:sns:ap-southeast-3:111111111111:pantau-info',
};
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });

function run(targets: TargetSpec[], notifier: AlertNotifier, clock: TestClock, over: Partial<ProbeCycleDeps> = {}): Promise<ProbeCycleReport> {
  return runProbeCycle(targets, world.deps(A, [A], notifier, { now: clock.now, ...over }));
}

/** Fails the publishes `refuse` picks, `times` times in all; records every attempt. */
class RefusingNotifier extends Inbox {
  readonly attempts: AlertEvent[] = [];
  constructor(
    private times: number,
    private readonly refuse: (e: AlertEvent) => boolean,
  ) {
    super();
  }
  override async publish(event: AlertEvent): Promise<void> {
    this.attempts.push(event);
    if (this.times > 0 && this.refuse(event)) {
      this.times--;
      throw new Error('SNS: Throttling: Rate exceeded');
    }
    await super.publish(event);
  }
}

describe('SNS errors', () => {
  it('the real SnsNotifier throttled twice: the DOWN stays pending and the third run publishes it, same dedupId, once', async () => {
    sns.on(PublishCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({ MessageId: 'm-1' });
    const notifier = new SnsNotifier(new SNSClient({ region: A }), TOPICS);
    const [target] = world.fleet('snsdown', 1, 'down');
    const clock = new TestClock();
    const reports: ProbeCycleReport[] = [];
    for (let r = 1; r <= 6; r++) reports.push(await run([target!], notifier, clock));
    const failure = { sink: 'state', message: '1 alert(s) not published (kept pending, retried next run): Rate exceeded' };
    expect(reports.map((r) => r.sinkErrors)).toEqual([[], [], [failure], [failure], [], []]);
    expect(reports.map((r) => r.alerts.map((e) => e.kind))).toEqual([[], [], [], [], ['down'], []]);
    const calls = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.MessageAttributes!.dedupId!.StringValue)).size).toBe(1);
    expect(new Set(calls.map((c) => c.Message)).size).toBe(1);
    expect(calls[0]).toMatchObject({ TopicArn: TOPICS.warning, MessageStructure: 'json' });
    expect(calls[0]!.MessageAttributes!.kind!.StringValue).toBe('down');
  });

  it('a storm digest refused once is published by the next run, same dedupId; every member delivered once', async () => {
    const notifier = new RefusingNotifier(1, (e) => e.storm?.part === 'follow-up');
    const targets = world.fleet('stormy', 8, 'down');
    const [first, second] = [targets.slice(0, 5), targets.slice(5)];
    const clock = new TestClock();
    for (let r = 1; r <= 3; r++) {
      for (const shard of [first!, second!]) expect((await run(shard, notifier, clock)).sinkErrors).toEqual([]);
      clock.advance(1_000);
    }
    // Shard 1 crossed the threshold (one grouped message); shard 2's three are held for the digest.
    expect(notifier.published.map((e) => e.storm?.part)).toEqual(['opening']);
    clock.advance(130_000); // the window (2 min) has ended
    const refused = await run(first!, notifier, clock);
    expect(refused.sinkErrors).toEqual([{ sink: 'state', message: '1 alert(s) not published (kept pending, retried next run): SNS: Throttling: Rate exceeded' }]);
    clock.advance(1_000);
    const retried = await run(second!, notifier, clock);
    expect(retried.alerts.map((e) => e.storm?.part)).toEqual(['follow-up']);
    clock.advance(60_000);
    await run(first!, notifier, clock);
    expect(notifier.published.map((e) => e.storm?.part)).toEqual(['opening', 'follow-up']);
    const digests = notifier.attempts.filter((e) => e.storm?.part === 'follow-up');
    expect(digests.map((e) => e.dedupId)).toEqual([digests[0]!.dedupId, digests[0]!.dedupId]);
    expect(notifier.delivered('down')).toEqual(targets.map((t) => t.id).sort());
    expect(notifier.repeatedDedupIds()).toEqual([]);
  });
});

describe('CloudWatch errors', () => {
  it('PutMetricData refused: a metrics sink error each run; history and the page are unaffected', async () => {
    cloudwatch.on(PutMetricDataCommand).rejects(throttled());
    const metrics = new CloudWatchMetrics(new CloudWatchClient({ region: A }), 'Pantau');
    const targets = world.fleet('cwdown', 2, 'down');
    const inbox = new Inbox();
    const clock = new TestClock();
    const reports: ProbeCycleReport[] = [];
    for (let r = 1; r <= 4; r++) reports.push(await run(targets, inbox, clock, { metrics, shard: 'shard-0' }));
    expect(reports.map((r) => r.sinkErrors)).toEqual(Array(4).fill([{ sink: 'metrics', message: 'Rate exceeded' }]));
    const calls = cloudwatch.commandCalls(PutMetricDataCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(4);
    expect(calls.every((c) => c.Namespace === 'Pantau' && c.MetricData!.some((d) => d.MetricName === 'Heartbeat'))).toBe(true);
    expect(inbox.delivered('down')).toEqual(['cwdown1', 'cwdown2']);
    expect(inbox.repeatedDedupIds()).toEqual([]);
    await expectEveryResultStoredOnce(world.store, reports, targets);
  });
});

describe('a Lambda timeout mid-shard, after its decisions were written', () => {
  /**
   * A shard of three targets (below the storm threshold: three single pages), two failing
   * rounds, then the deciding round dies at `point` on its first publish; the others were in
   * flight and die with it. Returns the DOWNs it left pending, by target.
   */
  async function deathAfterDeciding(prefix: string, point: DeathPoint, inbox: Inbox, clock: TestClock) {
    const shard = world.fleet(prefix, 3, 'down');
    for (let r = 1; r <= 2; r++) await run(shard, inbox, clock);
    const dying = new DyingNotifier(inbox, point);
    expect(await runUntilDeath(run(shard, dying, clock), dying.died)).toBe('died');
    const decided = new Map<string, string>();
    for (const t of shard) {
      const pending = (await world.store.getVersioned<AlertState>(stateKey(t.id)))!.value.pending ?? [];
      expect(pending.map((p) => p.event.kind)).toEqual(['down']);
      decided.set(t.id, pending[0]!.event.dedupId);
    }
    return { shard, decided };
  }

  const pages = (inbox: Inbox) => inbox.published.map((e) => `${e.kind} ${e.target} ${e.dedupId}`);

  it('died before publishing: nothing until its 2 min lease runs out, then the next run pages each target once with the decided dedupId', async () => {
    const inbox = new Inbox();
    const clock = new TestClock();
    const { shard, decided } = await deathAfterDeciding('deadpre', 'before-publish', inbox, clock);
    clock.advance(60_000);
    await run(shard, inbox, clock);
    expect(inbox.published).toEqual([]);
    for (let r = 1; r <= 2; r++) {
      clock.advance(61_000);
      await run(shard, inbox, clock);
    }
    expect(pages(inbox).sort()).toEqual([...decided].map(([t, d]) => `down ${t} ${d}`).sort());
  });

  it('died after SNS accepted one page: that one goes out once more after the lease, same dedupId; the others once', async () => {
    const inbox = new Inbox();
    const clock = new TestClock();
    const { shard, decided } = await deathAfterDeciding('deadpost', 'after-publish', inbox, clock);
    const [first] = pages(inbox);
    expect(pages(inbox)).toHaveLength(1);
    for (let r = 1; r <= 4; r++) {
      clock.advance(61_000);
      await run(shard, inbox, clock);
    }
    expect(pages(inbox).sort()).toEqual([first!, ...[...decided].map(([t, d]) => `down ${t} ${d}`)].sort());
    expect(inbox.repeatedDedupIds()).toEqual([first!.split(' ')[2]]);
  });

  it.each<[DeathPoint, string[]]>([
    ['before-publish', ['recovered', 'recovered', 'recovered']],
    ['after-publish', ['down', 'recovered', 'recovered', 'recovered']],
  ])('died %s, then the shard recovered within the lease: no DOWN is delivered after the RECOVERED (superseded by epoch)', async (point, kinds) => {
    const inbox = new Inbox();
    const clock = new TestClock();
    const { shard } = await deathAfterDeciding(point === 'before-publish' ? 'superpre' : 'superpost', point, inbox, clock);
    world.setAll(shard, 'up');
    for (let r = 1; r <= 2; r++) {
      clock.advance(10_000);
      await run(shard, inbox, clock);
    }
    for (let r = 1; r <= 3; r++) {
      clock.advance(61_000);
      await run(shard, inbox, clock);
    }
    expect(inbox.published.map((e) => e.kind)).toEqual(kinds);
    for (const t of shard) expect((await world.store.getVersioned<AlertState>(stateKey(t.id)))!.value.pending ?? []).toEqual([]);
  });
});
