import { SNSClient } from '@aws-sdk/client-sns';
import { chatDeliverer } from '../adapters/chat-channels';
import { DynamoDeliveryLedger, type DynamoTable } from '../adapters/dynamo';
import type { ChatRelayDeps } from '../app/chat-relay';
import { ENV } from '../contracts/env';
import type { ResolvedConfig } from '../core/config';
import { relayedChannels } from '../core/channels/relayed';
import type { LogSink, SecretResolver } from '../ports';

/** The chat relay's part of the AWS root: its channel from the bundled config, the ledger on the table. */
export function chatRelayDeps(
  env: NodeJS.ProcessEnv,
  config: ResolvedConfig,
  shared: { table: DynamoTable; secrets: SecretResolver; log: LogSink; homeRegion: string },
): ChatRelayDeps {
  const id = env[ENV.chatChannel];
  if (!id) throw new Error(`environment variable ${ENV.chatChannel} is not set`);
  const channel = relayedChannels(config.alerting).find((c) => c.id === id);
  if (!channel) throw new Error(`${ENV.chatChannel}=${id} names no chat subscription in the bundled config`);
  const sns = new SNSClient({ region: shared.homeRegion });
  const deliverer = chatDeliverer(channel, { secrets: shared.secrets, sns: () => sns, chatbotTopicArn: env[ENV.chatbotTopicArn] });
  return { channel: id, deliverer, ledger: new DynamoDeliveryLedger(shared.table), log: shared.log };
}
