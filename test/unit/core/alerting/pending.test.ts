import { describe, expect, it } from 'vitest';
import { addPending, claimExpired, owedChannels, settleDeliveries } from '../../../../lambdas/core/alerting/pending';
import type { ChannelOutcome } from '../../../../lambdas/core/channels/delivery';
import type { AlertEvent } from '../../../../lambdas/core/alerting/types';

const NOW = Date.parse('2026-11-24T03:00:00.000Z');
const LEASE = 60_000;
const CHANNELS = ['sns', 'chat'];

function event(dedupId: string): AlertEvent {
  return {
    kind: 'down',
    target: 'sirekap-web',
    app: 'sirekap',
    severity: 'critical',
    topic: 'critical',
    incidentId: null,
    ts: new Date(NOW).toISOString(),
    subject: 'DOWN',
    message: 'DOWN Sirekap',
    regions: ['ap-southeast-3'],
    dedupId,
  };
}

const ok = (channel: string): ChannelOutcome => ({ channel, ok: true });
const failed = (channel: string, error = 'timeout'): ChannelOutcome => ({ channel, ok: false, error });
const outcomes = (dedupId: string, ...list: ChannelOutcome[]) => new Map([[dedupId, list]]);

describe('pending alerts owe per channel', () => {
  it('an alert every channel took is removed', () => {
    const pending = addPending([], [event('a')], NOW, LEASE);
    expect(settleDeliveries(pending, outcomes('a', ok('sns'), ok('chat')), CHANNELS, NOW)).toEqual([]);
  });

  it('sns took it, chat failed: it stays pending for chat only, released at once with the error', () => {
    const pending = addPending([], [event('a')], NOW, LEASE);
    const [left, ...rest] = settleDeliveries(pending, outcomes('a', ok('sns'), failed('chat', 'HTTP 502')), CHANNELS, NOW + 5_000);
    expect(rest).toEqual([]);
    expect(left).toMatchObject({ channels: ['chat'], attempts: 1, lastError: 'chat: HTTP 502', leaseUntil: new Date(NOW + 5_000).toISOString() });
  });

  it('the retry is claimed with the channels it still owes, and chat taking it settles it', () => {
    const pending = settleDeliveries(addPending([], [event('a')], NOW, LEASE), outcomes('a', ok('sns'), failed('chat')), CHANNELS, NOW);
    const claim = claimExpired(pending, NOW + 1_000, LEASE);
    expect(claim.claimed.map((e) => e.dedupId)).toEqual(['a']);
    expect(claim.owed).toEqual(new Map([['a', ['chat']]]));
    expect(settleDeliveries(claim.pending, outcomes('a', ok('chat')), CHANNELS, NOW + 1_000)).toEqual([]);
  });

  it('a failed retry keeps owing only its channel (never sns again) and counts the attempt', () => {
    let pending = settleDeliveries(addPending([], [event('a')], NOW, LEASE), outcomes('a', ok('sns'), failed('chat')), CHANNELS, NOW);
    pending = settleDeliveries(pending, outcomes('a', failed('chat', 'HTTP 503')), CHANNELS, NOW);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ channels: ['chat'], attempts: 2, lastError: 'HTTP 503' });
  });

  it('every channel failed: released without a channel list (all still owe it), as before channels existed', () => {
    const pending = addPending([], [event('a')], NOW, LEASE);
    const [left] = settleDeliveries(pending, outcomes('a', failed('sns', 'Throttling'), failed('chat', 'HTTP 502')), CHANNELS, NOW);
    expect(left!.channels).toBeUndefined();
    expect(left).toMatchObject({ attempts: 1, lastError: 'sns: Throttling; chat: HTTP 502' });
    expect(claimExpired([left!], NOW, LEASE).owed.size).toBe(0);
  });

  it('alerts without an outcome in this run are left untouched', () => {
    const pending = addPending([], [event('a'), event('b')], NOW, LEASE);
    const next = settleDeliveries(pending, outcomes('a', ok('sns'), ok('chat')), CHANNELS, NOW);
    expect(next).toEqual([pending[1]]);
  });

  it('a channel no longer configured owes nothing: an alert owed only there is settled', () => {
    const owedChat = { ...addPending([], [event('a')], NOW, LEASE)[0]!, channels: ['chat'] };
    expect(owedChannels(owedChat, ['sns'])).toEqual([]);
    expect(owedChannels({}, ['sns', 'chat'])).toEqual(['sns', 'chat']);
    expect(settleDeliveries([owedChat], outcomes('a'), ['sns'], NOW)).toEqual([]);
  });
});
