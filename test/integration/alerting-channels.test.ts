import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LocalNotifier } from '../../lambdas/adapters/local-notifier';
import { evaluateObservations, type SubjectObservation } from '../../lambdas/app/alert-cycle';
import { CompositeNotifier } from '../../lambdas/app/composite-notifier';
import type { AlertEvent, AlertNotifier } from '../../lambdas/core/alerting/types';
import type { ChannelDeliverer } from '../../lambdas/core/channels/delivery';
import { alertDeps, item, useAlertStore } from '../support/alert-cycle';

/**
 * Exactly once per delivery channel, against a real DynamoDB API (dynalite): two channels, one
 * failing; the failing one gets exactly one later delivery, the other exactly one in total.
 */

const bench = useAlertStore('alerting-channels-test');

/** A delivery channel that records what it took and refuses the next `failures` deliveries. */
class FakeChannel implements ChannelDeliverer {
  readonly delivered: AlertEvent[] = [];
  attempts = 0;
  constructor(
    readonly channel: string,
    private failures = 0,
  ) {}
  async deliver(event: AlertEvent): Promise<void> {
    this.attempts++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error(`${this.channel} refused: HTTP 502`);
    }
    this.delivered.push(event);
  }
}

/** A failing observation of `target`, in an app of its own (each keeps to its own storm window). */
const failing = (target: string, minute: number): SubjectObservation => item(target, minute, false, { app: target });
const deps = (notifier: AlertNotifier) => alertDeps(bench.store(), notifier);
const pendingOf = async (target: string) => (await bench.state(target)).pending;

/** Three failing observations: the third decides the DOWN. */
async function goDown(target: string, notifier: AlertNotifier) {
  for (const m of [0, 1]) await evaluateObservations([failing(target, m)], deps(notifier));
  return evaluateObservations([failing(target, 2)], deps(notifier));
}

describe('exactly once per channel', () => {
  it('sns takes the DOWN, chat fails once: chat gets it once on the retry, sns never again', async () => {
    const sns = new FakeChannel('sns');
    const chat = new FakeChannel('chat', 1);
    const notifier = new CompositeNotifier([sns, chat]);

    const first = await goDown('two-channels', notifier);
    expect(first.sent.map((e) => e.kind)).toEqual(['down']);
    expect(first.failed).toEqual([{ event: first.sent[0], error: 'chat: chat refused: HTTP 502' }]);
    expect(sns.delivered).toHaveLength(1);
    expect(chat.delivered).toHaveLength(0);
    const pending = await pendingOf('two-channels');
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ channels: ['chat'], attempts: 1, lastError: 'chat: chat refused: HTTP 502' });

    // The next run claims it and retries on chat alone, with the same dedupId.
    const second = await evaluateObservations([failing('two-channels', 3)], deps(notifier));
    expect(second.sent.map((e) => e.dedupId)).toEqual([first.sent[0]!.dedupId]);
    expect(second.failed).toEqual([]);
    expect(chat.delivered.map((e) => e.dedupId)).toEqual([first.sent[0]!.dedupId]);
    expect(sns.attempts).toBe(1);
    expect(await pendingOf('two-channels')).toEqual([]);

    // Nothing is owed any more: later runs deliver nothing on either channel.
    for (const m of [4, 5]) await evaluateObservations([failing('two-channels', m)], deps(notifier));
    expect(sns.delivered).toHaveLength(1);
    expect(chat.delivered).toHaveLength(1);
    expect(chat.attempts).toBe(2);
  });

  it('10 concurrent runs retrying the chat-only alert deliver it to chat once and to sns not at all', async () => {
    const sns = new FakeChannel('sns');
    const chat = new FakeChannel('chat', 1);
    const notifier = new CompositeNotifier([sns, chat]);
    await goDown('channel-race', notifier);
    await Promise.all(Array.from({ length: 10 }, () => evaluateObservations([failing('channel-race', 3)], deps(notifier))));
    expect(sns.delivered.map((e) => e.kind)).toEqual(['down']);
    expect(chat.delivered.map((e) => e.kind)).toEqual(['down']);
    expect(chat.attempts).toBe(2);
  });

  it('the CLI notifier delivers on its console and jsonl channels through the cycle', async () => {
    const out = new PassThrough();
    let printed = '';
    out.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const jsonlPath = join(mkdtempSync(join(tmpdir(), 'pantau-channels-')), 'alerts.jsonl');
    const notifier = new LocalNotifier({ out, jsonlPath, timezone: 'Asia/Jakarta' });
    expect(notifier.deliverers.map((d) => d.channel)).toEqual(['console', 'jsonl']);

    const report = await goDown('cli-channels', notifier);
    expect(report.sent.map((e) => e.kind)).toEqual(['down']);
    expect(notifier.published.map((e) => e.dedupId)).toEqual([report.sent[0]!.dedupId]);
    expect(printed).toMatch(/^10:02:00 {2}DOWN Cli-channels \(cli-channels\.kpu\.go\.id\): status from 1\/1 region since 10:00 WIB\n$/);
    expect(readFileSync(jsonlPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l).dedupId)).toEqual([report.sent[0]!.dedupId]);
    expect(await pendingOf('cli-channels')).toEqual([]);
  });
});
