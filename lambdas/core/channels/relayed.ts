import type { AlertingConfig, Subscription, TopicName } from '../config';
import type { AlertEvent } from '../alerting/types';
import { CHANNELS, type ChannelRegistry } from './registry';

/**
 * The chat channels the relay delivers (subscriptions whose channel is `relayed`), one per
 * distinct protocol and endpoint: a chat listed under two topics is one channel, fed by both,
 * each with that entry's filter. The CDK app builds one relay function per channel; the relay
 * and the local `watch` find their channel by `id`.
 */
export interface RelayedChannel {
  /** `telegram:-1001234567890`: the ledger's channel name and the relay's CHAT_CHANNEL. */
  id: string;
  subscription: Subscription;
  feeds: Array<{ topic: TopicName; filter?: Record<string, string[]> }>;
}

export const relayedChannelId = (s: Pick<Subscription, 'protocol' | 'endpoint'>) => `${s.protocol}:${s.endpoint}`;

export function relayedChannels(alerting: Pick<AlertingConfig, 'topics'>, registry: ChannelRegistry = CHANNELS): RelayedChannel[] {
  const channels = new Map<string, RelayedChannel>();
  for (const [topic, { subscriptions }] of Object.entries(alerting.topics) as Array<[TopicName, { subscriptions: Subscription[] }]>) {
    for (const subscription of subscriptions) {
      if (registry[subscription.protocol]?.relayed !== true) continue;
      const id = relayedChannelId(subscription);
      const channel = channels.get(id) ?? { id, subscription, feeds: [] };
      channel.feeds.push({ topic, ...(subscription.filter ? { filter: subscription.filter } : {}) });
      channels.set(id, channel);
    }
  }
  return [...channels.values()];
}

/** Whether an alert passes a subscription filter, as SNS decides it on the message attributes. */
export function passesFilter(event: AlertEvent, filter: Record<string, string[]> | undefined): boolean {
  if (!filter) return true;
  const values: Record<string, readonly string[]> = {
    severity: [event.severity],
    app: [event.app],
    target: [event.target],
    kind: [event.kind],
    region: event.regions,
  };
  return Object.entries(filter).every(([attribute, allowed]) => (values[attribute] ?? []).some((v) => allowed.includes(v)));
}

/** Whether a channel takes an alert: one of its feeds is the alert's topic and lets it through. */
export function channelTakes(channel: RelayedChannel, event: AlertEvent): boolean {
  return channel.feeds.some((feed) => feed.topic === event.topic && passesFilter(event, feed.filter));
}
