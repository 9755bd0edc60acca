import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AlertEvent } from '../core/alerting/types';
import type { ChannelDeliverer } from '../core/channels/delivery';
import type { ChannelDescriptor } from '../core/channels/descriptor';

/**
 * Slack / Teams: publishes the AWS Chatbot custom notification (core/channels/chatbot.ts) to the
 * channel's own topic, which the Chatbot channel configuration subscribes to.
 */
export class ChatbotPublisher implements ChannelDeliverer {
  constructor(
    readonly channel: string,
    private readonly descriptor: ChannelDescriptor,
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async deliver(event: AlertEvent): Promise<void> {
    await this.client.send(new PublishCommand({ TopicArn: this.topicArn, Message: this.descriptor.render(event) }));
  }
}
