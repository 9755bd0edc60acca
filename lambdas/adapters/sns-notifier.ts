import { PublishCommand, SNSClient, type MessageAttributeValue, type PublishCommandInput } from '@aws-sdk/client-sns';
import { MESSAGE_ATTRIBUTE_TYPES, type MessageAttributeName } from '../contracts/message-attributes';
import { TOPIC_NAMES, topicEnvVar, type TopicName } from '../contracts/topics';
import type { AlertEvent, AlertNotifier } from '../core/alerting/types';
import type { ChannelDeliverer } from '../core/channels/delivery';
import { protocolBodies } from '../core/channels/registry';

/**
 * Publishes alerts to the SNS topic of their route (config.alerting.routes[severity] → topic →
 * TOPIC_ARN_<NAME>). One Publish per alert with `MessageStructure: 'json'`: each subscription
 * protocol gets the body its channel descriptor renders (email and default the full text, SMS
 * the short first line, HTTPS — chat, webhooks — the JSON form). Message
 * attributes let subscriptions filter (Sirekap owners only Sirekap; SMS only critical downs).
 */

export type TopicArns = Partial<Record<TopicName, string>>;

export function topicArnsFromEnv(env: NodeJS.ProcessEnv): TopicArns {
  const arns: TopicArns = {};
  for (const topic of TOPIC_NAMES) {
    const arn = env[topicEnvVar(topic)];
    if (arn) arns[topic] = arn;
  }
  return arns;
}

const text = (StringValue: string): MessageAttributeValue => ({ DataType: 'String', StringValue });

/** Message attributes for filter policies (SNS rejects empty values, so absent ones are left out). */
export function messageAttributes(event: AlertEvent): Partial<Record<MessageAttributeName, MessageAttributeValue>> {
  const attributes: Partial<Record<MessageAttributeName, MessageAttributeValue>> = {
    severity: text(event.severity),
    app: text(event.app),
    target: text(event.target),
    kind: text(event.kind),
    dedupId: text(event.dedupId),
  };
  // String.Array: a filter policy `region: ["ap-southeast-1"]` matches when any element does.
  if (event.regions.length > 0) attributes.region = { DataType: MESSAGE_ATTRIBUTE_TYPES.region, StringValue: JSON.stringify(event.regions) };
  if (event.domain) attributes.domain = text(event.domain);
  if (event.incidentId) attributes.incidentId = text(event.incidentId);
  // Fewer regions confirmed it than the quorum asks (others silent or impaired): "1/2".
  if (event.confirmation) attributes.confirmedBy = text(`${event.confirmation.by}/${event.confirmation.of}`);
  if (event.finding) attributes.finding = text(event.finding);
  if (event.state) attributes.state = text(event.state);
  if (event.evidence) attributes.evidence = text(event.evidence);
  return attributes;
}

export function publishInput(event: AlertEvent, topicArn: string): PublishCommandInput {
  return {
    TopicArn: topicArn,
    Subject: event.subject,
    MessageStructure: 'json',
    Message: JSON.stringify(protocolBodies(event)),
    MessageAttributes: messageAttributes(event),
  };
}

/** The Lambdas' one delivery channel: SNS fans out to the subscriptions itself. */
export class SnsNotifier implements AlertNotifier, ChannelDeliverer {
  readonly channel = 'sns';
  readonly deliverers: readonly ChannelDeliverer[] = [this];

  constructor(
    private readonly client: SNSClient,
    private readonly topics: TopicArns,
  ) {}

  async publish(event: AlertEvent): Promise<void> {
    const arn = this.topics[event.topic];
    // Thrown, not skipped: the alert stays pending and is retried once the deployment is fixed.
    if (!arn) throw new Error(`no topic ARN for ${event.topic} alerts: set ${topicEnvVar(event.topic)}`);
    await this.client.send(new PublishCommand(publishInput(event, arn)));
  }

  deliver(event: AlertEvent): Promise<void> {
    return this.publish(event);
  }
}
