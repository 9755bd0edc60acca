import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../lambdas/contracts/env';
import type { ResolvedConfig, TopicName } from '../../lambdas/core/config';
import { relayedChannels, type RelayedChannel } from '../../lambdas/core/channels/relayed';
import { toFilterPolicy } from './alerting';
import { TOPIC_KEY_ACTIONS } from './alert-destinations';
import { ChatbotChannel } from './chatbot-channel';
import { dropQueue } from './drop-queue';
import { PantauFunction, type TableAction } from './pantau-function';
import { grantSecretRefs } from './secret-grants';
import { dropAlarm } from './self-watch';

export interface ChatRelaysProps {
  config: ResolvedConfig;
  table: dynamodb.ITable;
  tableName: string;
  /** The alert topics the relays subscribe to, and their key (for the Chatbot topics). */
  topics: Record<TopicName, sns.ITopic>;
  key: kms.IKey;
  logRetention?: logs.RetentionDays;
}

/** The ledger's actions (lambdas/adapters/dynamo/delivery-ledger.ts): claim, read, confirm, release. */
export const CHAT_TABLE_ACTIONS: readonly TableAction[] = ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'];
/** Lambda's own retries of a failed post: the ledger keeps them from posting twice. */
export const CHAT_LAMBDA_RETRIES = 2;
/** An alert older than this is not worth posting any more; it goes to the drop queue instead. */
export const CHAT_EVENT_AGE = Duration.hours(1);

/**
 * The chat relays: one small Lambda (lambdas/chat/handler.ts) per chat channel of the config
 * (Telegram, Slack, Teams), subscribed to each alert topic the channel is listed under with
 * that entry's filter policy. A Telegram relay reads its bot token from Secrets Manager and posts
 * to the Bot API; a Slack or Teams relay publishes an AWS Chatbot custom notification to the
 * channel's own topic, which the Chatbot configuration reads.
 *
 * Exactly once per channel: the relay remembers delivered alerts in the table (conditional put,
 * TTL). What cannot be delivered lands, alarmed, in two drop queues: SNS could not invoke the
 * relay (the subscriptions' dead-letter queue), or the relay failed after Lambda's retries.
 */
export class ChatRelays extends Construct {
  readonly functions: Array<{ channel: RelayedChannel; fn: PantauFunction }> = [];
  readonly undelivered: sqs.Queue;
  readonly failedInvocations: sqs.Queue;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: ChatRelaysProps) {
    super(scope, id);
    const { config } = props;
    this.undelivered = dropQueue(this, 'DeadLetters');
    this.failedInvocations = dropQueue(this, 'FailedInvocations');
    relayedChannels(config.alerting).forEach((channel, i) => this.functions.push({ channel, fn: this.relayFor(channel, i, props) }));
    this.alarms = [
      dropAlarm(this, config, config.homeRegion, 'chat-undelivered', this.undelivered),
      dropAlarm(this, config, config.homeRegion, 'chat-failed', this.failedInvocations),
    ];
  }

  private relayFor(channel: RelayedChannel, index: number, props: ChatRelaysProps): PantauFunction {
    const { config } = props;
    const fn = new PantauFunction(this, `Relay${index}`, {
      entry: 'lambdas/chat/handler.ts',
      config,
      serviceName: `${config.project}-chat`,
      description: `${config.project} chat relay: alerts → ${channel.subscription.protocol} ${channel.subscription.endpoint}`,
      timeout: Duration.seconds(30),
      memorySize: 256,
      logRetention: props.logRetention,
      retryAttempts: CHAT_LAMBDA_RETRIES,
      maxEventAge: CHAT_EVENT_AGE,
      onFailure: new destinations.SqsDestination(this.failedInvocations),
      environment: { [ENV.homeRegion]: config.homeRegion, [ENV.chatChannel]: channel.id },
    });
    fn.useTable(props.table, props.tableName, config.historyDays, CHAT_TABLE_ACTIONS);
    const token = channel.subscription.tokenSecret;
    if (token) grantSecretRefs(fn, [token]);
    if (channel.subscription.protocol !== 'telegram') {
      const chatbot = new ChatbotChannel(this, `Chatbot${index}`, { config, channel, key: props.key });
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [chatbot.topic.topicArn] }));
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: [...TOPIC_KEY_ACTIONS], resources: [props.key.keyArn] }));
      fn.addEnvironment(ENV.chatbotTopicArn, chatbot.topic.topicArn);
    }
    for (const feed of channel.feeds) {
      const where = `alerting.topics.${feed.topic} (${channel.id})`;
      props.topics[feed.topic].addSubscription(
        new subs.LambdaSubscription(fn, { filterPolicy: toFilterPolicy(feed.filter, where), deadLetterQueue: this.undelivered }),
      );
    }
    return fn;
  }
}
