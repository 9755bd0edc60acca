import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { relayToChat, type ChatRelayDeps, type ChatRelayReport, type SnsDelivery } from '../app/chat-relay';
import { awsRoot } from '../roots/aws';

/**
 * Chat relay Lambda: wiring only. SNS delivers each alert of the topics this channel listens to
 * (with the subscription's filter); the work is in app/chat-relay.
 */

const root = awsRoot();
let deps: ChatRelayDeps | undefined;

export async function relay(event: SnsDelivery): Promise<ChatRelayReport> {
  deps ??= root.chatDeps();
  const report = await relayToChat(event, deps);
  root.log.info('chat relay run', { channel: deps.channel, delivered: report.delivered.length, skipped: report.skipped.length });
  return report;
}

export const handler = middy((event: SnsDelivery) => relay(event)).use(injectLambdaContext(root.logger, { clearState: true }));
