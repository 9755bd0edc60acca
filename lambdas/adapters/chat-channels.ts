import type { SNSClient } from '@aws-sdk/client-sns';
import type { ChannelDeliverer } from '../core/channels/delivery';
import { CHANNELS } from '../core/channels/registry';
import type { RelayedChannel } from '../core/channels/relayed';
import type { SecretResolver } from '../ports';
import { ChatbotPublisher } from './chatbot-publisher';
import { TelegramDeliverer } from './telegram';

/** What a relayed channel's deliverer may need: secrets (Telegram), SNS and the Chatbot topic (Slack, Teams). */
export interface ChatChannelIo {
  secrets: SecretResolver;
  sns?: () => SNSClient;
  /** The channel's Chatbot topic (Slack, Teams). */
  chatbotTopicArn?: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** The deliverer of one relayed channel: the Lambda relay's and the local `watch`'s. */
export function chatDeliverer(channel: RelayedChannel, io: ChatChannelIo): ChannelDeliverer {
  const s = channel.subscription;
  if (s.protocol === 'telegram') {
    const ref = s.tokenSecret;
    if (!ref) throw new Error(`${channel.id}: no tokenSecret in the config`);
    let token: Promise<string> | undefined;
    return new TelegramDeliverer({
      channel: channel.id,
      chatId: s.endpoint,
      apiBase: s.apiBase,
      // A failed read is not kept: the next alert reads the secret again.
      token: () =>
        (token ??= io.secrets(ref).catch((err: unknown) => {
          token = undefined;
          throw err;
        })),
      fetch: io.fetch,
      sleep: io.sleep,
    });
  }
  if (!io.sns || !io.chatbotTopicArn) throw new Error(`${channel.id}: delivered through AWS Chatbot, which needs its topic (deployed only)`);
  return new ChatbotPublisher(channel.id, CHANNELS[s.protocol], io.sns(), io.chatbotTopicArn);
}
