import { chatDeliverer } from '../../lambdas/adapters/chat-channels';
import type { SecretResolver } from '../../lambdas/ports';
import type { AlertEvent } from '../../lambdas/core/alerting/types';
import type { ChannelDeliverer } from '../../lambdas/core/channels/delivery';
import type { AlertingConfig } from '../../lambdas/core/config';
import { channelTakes, relayedChannels, type RelayedChannel } from '../../lambdas/core/channels/relayed';

/**
 * The chat channels `watch` delivers itself: each Telegram subscription of the config posts
 * through the same Bot API client as the relay Lambda (to its `apiBase`, so a test points it at
 * a loopback stand-in), with the topic and filter SNS would apply. The alert cycle's per-channel
 * outbox retries a failed post on that channel alone. Slack and Teams need AWS Chatbot, which only
 * a deployment has: `watch` names them once and leaves them out.
 */
export function localChatDeliverers(alerting: AlertingConfig, secrets: SecretResolver, note: (line: string) => void): ChannelDeliverer[] {
  const channels = relayedChannels(alerting);
  for (const c of channels.filter((c) => c.subscription.protocol !== 'telegram')) {
    note(`${c.id}: delivered through AWS Chatbot once deployed; not from watch`);
  }
  return channels.filter((c) => c.subscription.protocol === 'telegram').map((c) => filtered(c, chatDeliverer(c, { secrets })));
}

function filtered(channel: RelayedChannel, inner: ChannelDeliverer): ChannelDeliverer {
  return {
    channel: inner.channel,
    deliver: async (event: AlertEvent) => {
      if (channelTakes(channel, event)) await inner.deliver(event);
    },
  };
}
