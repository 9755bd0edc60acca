import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, beforeEach } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { groupStorms } from '../../lambdas/core/alerting/storm';
import { addPending, claimExpired, releasePending, removePending, MAX_PENDING } from '../../lambdas/core/alerting/pending';
import { smsText, subjectLine } from '../../lambdas/core/alerting/messages';
import { protocolBodies } from '../../lambdas/core/channels/registry';
import { SnsNotifier, topicArnsFromEnv } from '../../lambdas/adapters/sns-notifier';
import { LocalNotifier } from '../../lambdas/adapters/local-notifier';
import type { AlertEvent } from '../../lambdas/core/alerting/types';

function event(partial: Partial<AlertEvent> & { target: string }): AlertEvent {
  return {
    kind: 'down',
    app: 'kpu-provinsi',
    severity: 'high',
    topic: 'warning',
    incidentId: `${partial.target}@20261124T030000Z`,
    ts: '2026-11-24T03:02:00.000Z',
    subject: `[Pantau] DOWN ${partial.target}`,
    message: `DOWN Kpu-provinsi (${partial.target}.kpu.go.id): timeout from 1/1 region since 10:00 WIB`,
    regions: ['ap-southeast-3'],
    dedupId: `${partial.target}/down/2026-11-24T03:02:00.000Z`,
    domain: 'uptime',
    cause: 'timeout',
    ...partial,
  };
}

describe('alert storms', () => {
  const provinces = ['aceh', 'sumut', 'sumbar', 'riau', 'jambi', 'sumsel', 'bengkulu', 'lampung'];

  it.each([
    ['below the threshold: one message each', 4, 5, 4, false],
    ['at the threshold: one grouped message', 5, 5, 1, true],
    ['well above: still one', 8, 5, 1, true],
    ['threshold 0 disables grouping', 8, 0, 8, false],
  ])('%s', (_name, count, threshold, messages, grouped) => {
    const out = groupStorms(provinces.slice(0, count).map((target) => event({ target })), threshold);
    expect(out).toHaveLength(messages);
    expect(out.every((o) => Boolean(o.event.grouped) === grouped)).toBe(true);
    expect(out.flatMap((o) => o.members)).toHaveLength(count);
  });

  it('groups per kind, topic and app only', () => {
    const events = [
      ...provinces.slice(0, 5).map((target) => event({ target })),
      ...provinces.slice(0, 5).map((target) => event({ target, kind: 'recovered', dedupId: `${target}/recovered` })),
      ...provinces.slice(0, 5).map((target) => event({ target, app: 'sirekap', dedupId: `${target}/s` })),
      ...provinces.slice(0, 4).map((target) => event({ target, topic: 'critical', dedupId: `${target}/c` })),
    ];
    const out = groupStorms(events, 5);
    expect(out.filter((o) => o.event.grouped)).toHaveLength(3);
    expect(out.filter((o) => !o.event.grouped)).toHaveLength(4);
  });

  it('one message listing the targets, with a dedupId stable under reordering', () => {
    const members = provinces.map((target) => event({ target, severity: target === 'riau' ? 'critical' : 'high' }));
    const [a] = groupStorms(members, 5);
    const [b] = groupStorms([...members].reverse(), 5);
    expect(a!.event.dedupId).toBe(b!.event.dedupId);
    expect(a!.event).toMatchObject({
      kind: 'down',
      target: 'group:kpu-provinsi',
      app: 'kpu-provinsi',
      severity: 'critical',
      topic: 'warning',
      incidentId: null,
      grouped: [...provinces].sort(),
      regions: ['ap-southeast-3'],
    });
    expect(a!.event.message).toBe('DOWN 8 Kpu-provinsi targets (timeout): aceh, bengkulu, jambi, lampung, riau, sumbar (+2 more)');
    for (const p of provinces) expect(a!.event.body).toContain(`(${p}.kpu.go.id)`);
    expect(a!.event.subject.length).toBeLessThanOrEqual(99);
  });
});

describe('pending alerts (the outbox on the state item)', () => {
  const now = Date.parse('2026-11-24T03:00:00.000Z');

  it('a fresh alert is leased to its run; an expired lease can be claimed once', () => {
    const pending = addPending([], [event({ target: 'a' })], now, 60_000);
    expect(claimExpired(pending, now + 59_000, 60_000).claimed).toEqual([]);
    const first = claimExpired(pending, now + 60_000, 60_000);
    expect(first.claimed.map((e) => e.target)).toEqual(['a']);
    expect(claimExpired(first.pending, now + 61_000, 60_000).claimed).toEqual([]);
  });

  it('a failed publish releases the lease and counts the attempt; a sent one is removed', () => {
    const pending = addPending([], [event({ target: 'a' }), event({ target: 'b' })], now, 60_000);
    const released = releasePending(pending, new Set([pending[0]!.event.dedupId]), now + 1000, 'Throttled');
    expect(released[0]).toMatchObject({ attempts: 1, lastError: 'Throttled', leaseUntil: new Date(now + 1000).toISOString() });
    expect(claimExpired(released, now + 1000, 60_000).claimed.map((e) => e.target)).toEqual(['a']);
    expect(removePending(released, new Set([pending[1]!.event.dedupId])).map((p) => p.event.target)).toEqual(['a']);
  });

  it('does not add the same alert twice and drops reminders first when full', () => {
    const down = event({ target: 'a' });
    let pending = addPending([], [down], now, 1);
    pending = addPending(pending, [down], now, 1);
    expect(pending).toHaveLength(1);
    const reminders = Array.from({ length: MAX_PENDING + 3 }, (_, i) =>
      event({ target: 'a', kind: 'reminder', dedupId: `a/reminder/${i}` }),
    );
    pending = addPending(pending, reminders, now, 1);
    expect(pending).toHaveLength(MAX_PENDING);
    expect(pending[0]!.event.kind).toBe('down');
  });
});

describe('message bodies', () => {
  it('subject and SMS are ASCII and short; the JSON form carries the contract fields', () => {
    const e = event({ target: 'aceh', message: `DOWN Kpu-provinsi (aceh.kpu.go.id): ${'tímeout – '.repeat(30)}` , body: 'long text' });
    expect(subjectLine(e.message).length).toBeLessThanOrEqual(99);
    expect(smsText(e.message)).toMatch(/^[\x20-\x7e]{1,140}$/);
    const bodies = protocolBodies(e);
    expect(bodies.default).toBe('long text');
    expect(bodies.email).toBe('long text');
    expect(bodies.sms.length).toBeLessThanOrEqual(140);
    const json = JSON.parse(bodies.https);
    expect(json).toMatchObject({ kind: 'down', target: 'aceh', app: 'kpu-provinsi', severity: 'high', incidentId: e.incidentId, ts: e.ts, message: e.message, dedupId: e.dedupId });
    expect(json.body).toBeUndefined();
  });
});

describe('SNS notifier', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => sns.reset());
  const arns = topicArnsFromEnv({
    TOPIC_ARN_CRITICAL: 'arn:aws:sns:ap-southeast-3:123456789012:pantau-critical',
    TOPIC_ARN_WARNING: 'arn:aws:sns:ap-southeast-3:123456789012:pantau-warning',
  });

  it('publishes to the topic of the route with attributes for filter policies and per-protocol bodies', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const e = event({
      target: 'sirekap-web',
      app: 'sirekap',
      severity: 'critical',
      topic: 'critical',
      subject: '[Pantau] DOWN Sirekap (pemilu2024.kpu.go.id): timeout from 2/3 regions since 10:42 WIB',
      message: 'DOWN Sirekap (pemilu2024.kpu.go.id): timeout from 2/3 regions since 10:42 WIB',
      regions: ['ap-southeast-1', 'ap-southeast-3'],
      incidentId: 'sirekap-web@20261124T034200Z',
      dedupId: 'sirekap-web/down/2026-11-24T03:45:00.000Z',
      body: 'DOWN Sirekap (pemilu2024.kpu.go.id): timeout from 2/3 regions since 10:42 WIB\n\nTarget: sirekap-web',
    });
    await new SnsNotifier(new SNSClient({ region: 'ap-southeast-3' }), arns).publish(e);
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    const { body: _b, ...jsonForm } = e;
    expect(calls[0]!.args[0].input).toEqual({
      TopicArn: 'arn:aws:sns:ap-southeast-3:123456789012:pantau-critical',
      Subject: '[Pantau] DOWN Sirekap (pemilu2024.kpu.go.id): timeout from 2/3 regions since 10:42 WIB',
      MessageStructure: 'json',
      Message: JSON.stringify({
        default: e.body,
        email: e.body,
        sms: 'DOWN Sirekap (pemilu2024.kpu.go.id): timeout from 2/3 regions since 10:42 WIB',
        https: JSON.stringify(jsonForm),
        lambda: JSON.stringify(jsonForm),
      }),
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'critical' },
        app: { DataType: 'String', StringValue: 'sirekap' },
        target: { DataType: 'String', StringValue: 'sirekap-web' },
        kind: { DataType: 'String', StringValue: 'down' },
        dedupId: { DataType: 'String', StringValue: 'sirekap-web/down/2026-11-24T03:45:00.000Z' },
        region: { DataType: 'String.Array', StringValue: '["ap-southeast-1","ap-southeast-3"]' },
        domain: { DataType: 'String', StringValue: 'uptime' },
        incidentId: { DataType: 'String', StringValue: 'sirekap-web@20261124T034200Z' },
      },
    });
  });

  it('leaves out empty attributes (a grouped alert has no incident)', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
    await new SnsNotifier(new SNSClient({ region: 'ap-southeast-3' }), arns).publish(
      event({ target: 'group:kpu-provinsi', incidentId: null, regions: [] }),
    );
    const attributes = sns.commandCalls(PublishCommand)[0]!.args[0].input.MessageAttributes!;
    expect(Object.keys(attributes).sort()).toEqual(['app', 'dedupId', 'domain', 'kind', 'severity', 'target']);
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input.TopicArn).toBe('arn:aws:sns:ap-southeast-3:123456789012:pantau-warning');
  });

  it('says in an attribute when fewer regions confirmed it than the quorum asks', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-3' });
    const confirmation = { by: 1, of: 2, needed: 2, absent: [{ region: 'ap-southeast-1', state: 'silent' as const, forMs: 420_000 }] };
    await new SnsNotifier(new SNSClient({ region: 'ap-southeast-3' }), arns).publish(event({ target: 'a', confirmation }));
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.MessageAttributes!.confirmedBy).toEqual({ DataType: 'String', StringValue: '1/2' });
    expect(JSON.parse(JSON.parse(input.Message!).https)).toMatchObject({ confirmation });
  });

  it('throws (so the alert stays pending) when SNS refuses or the topic is not configured', async () => {
    sns.on(PublishCommand).rejects(new Error('Throttling: Rate exceeded'));
    const notifier = new SnsNotifier(new SNSClient({ region: 'ap-southeast-3' }), arns);
    await expect(notifier.publish(event({ target: 'a' }))).rejects.toThrow('Rate exceeded');
    await expect(notifier.publish(event({ target: 'a', topic: 'info' }))).rejects.toThrow('set TOPIC_ARN_INFO');
  });
});

describe('local notifier', () => {
  it('prints one line per alert and appends one JSON object per line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pantau-alerts-'));
    const file = join(dir, 'alerts.jsonl');
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString()));
    const notifier = new LocalNotifier({ out, jsonlPath: file, timezone: 'Asia/Jakarta' });
    await notifier.publish(event({ target: 'aceh' }));
    await notifier.publish(event({ target: 'aceh', kind: 'recovered', incidentId: 'aceh@x', downtimeMs: 60_000, message: 'RECOVERED …' }));
    expect(chunks.join('')).toBe(
      '10:02:00  DOWN Kpu-provinsi (aceh.kpu.go.id): timeout from 1/1 region since 10:00 WIB\n10:02:00  RECOVERED …\n',
    );
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.kind, l.target, l.app, l.severity, l.incidentId, l.ts])).toEqual([
      ['down', 'aceh', 'kpu-provinsi', 'high', 'aceh@20261124T030000Z', '2026-11-24T03:02:00.000Z'],
      ['recovered', 'aceh', 'kpu-provinsi', 'high', 'aceh@x', '2026-11-24T03:02:00.000Z'],
    ]);
    expect(lines[1].message).toBe('RECOVERED …');
    expect(lines[1].downtimeMs).toBe(60_000);
  });
});
