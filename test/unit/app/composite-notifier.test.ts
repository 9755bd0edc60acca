import { describe, expect, it } from 'vitest';
import { asNotifier, CompositeNotifier, DEFAULT_CHANNEL } from '../../../lambdas/app/composite-notifier';
import type { ChannelDeliverer } from '../../../lambdas/core/channels/delivery';
import type { AlertEvent } from '../../../lambdas/core/alerting/types';

const alert = { dedupId: 'a', kind: 'down', target: 't' } as AlertEvent;

function channel(name: string, fail?: string): ChannelDeliverer & { got: string[] } {
  const got: string[] = [];
  return {
    channel: name,
    got,
    deliver: async (event) => {
      if (fail) throw new Error(fail);
      got.push(event.dedupId);
    },
  };
}

describe('CompositeNotifier', () => {
  it('delivers on every channel and reports each outcome; one failing does not stop the others', async () => {
    const sns = channel('sns');
    const chat = channel('chat', 'HTTP 502');
    const notifier = new CompositeNotifier([sns, chat]);
    expect(notifier.channels).toEqual(['sns', 'chat']);
    expect(await notifier.deliver(alert)).toEqual([
      { channel: 'sns', ok: true },
      { channel: 'chat', ok: false, error: 'HTTP 502' },
    ]);
    expect(sns.got).toEqual(['a']);
  });

  it('delivers on the named channels only', async () => {
    const sns = channel('sns');
    const chat = channel('chat');
    expect(await new CompositeNotifier([sns, chat]).deliver(alert, ['chat'])).toEqual([{ channel: 'chat', ok: true }]);
    expect(sns.got).toEqual([]);
    expect(chat.got).toEqual(['a']);
  });

  it('publish (all channels) throws naming the failed channels; with one channel, the bare error', async () => {
    await expect(new CompositeNotifier([channel('sns'), channel('chat', 'HTTP 502')]).publish(alert)).rejects.toThrow(/^chat: HTTP 502$/);
    await expect(new CompositeNotifier([channel('sns', 'Rate exceeded')]).publish(alert)).rejects.toThrow(/^Rate exceeded$/);
  });

  it('refuses repeated channel names (pending alerts name their channels)', () => {
    expect(() => new CompositeNotifier([channel('sns'), channel('sns')])).toThrow('delivery channel names repeat: sns, sns');
  });

  it('reports an unknown channel as failed rather than skipping it', async () => {
    const [outcome] = await new CompositeNotifier([channel('sns')]).deliver(alert, ['chat']);
    expect(outcome).toMatchObject({ channel: 'chat', ok: false });
  });
});

describe('asNotifier', () => {
  it('a notifier without channels is the one default channel', async () => {
    const published: AlertEvent[] = [];
    const notifier = asNotifier({ publish: async (e) => void published.push(e) });
    expect(notifier.channels).toEqual([DEFAULT_CHANNEL]);
    expect(await notifier.deliver(alert)).toEqual([{ channel: DEFAULT_CHANNEL, ok: true }]);
    expect(published).toEqual([alert]);
  });

  it('a notifier with deliverers is delivered per channel', () => {
    const deliverers = [channel('console'), channel('jsonl')];
    expect(asNotifier({ publish: async () => {}, deliverers }).channels).toEqual(['console', 'jsonl']);
  });
});
