import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { ResolvedConfig, Subscription, TopicName } from '../../lambdas/core/config';
import { FILTER_ATTRIBUTES, isFilterAttribute } from '../../lambdas/contracts/message-attributes';
import { CHANNELS, isRelayed, type ChannelRegistry } from '../../lambdas/core/channels/registry';
import { TOPIC_KEY_ACTIONS, type AlertDestinations } from './alert-destinations';
import { limitGrantsToAwsServices } from './key-policy';
import { TOPIC_NAMES, alertKeyAlias, topicName } from './naming';

export interface AlertingProps {
  config: ResolvedConfig;
}

/**
 * SNS fan-out: one topic per severity (critical, warning, info), encrypted with a
 * customer-managed key, SSL-only, with the config's email / SMS / HTTPS subscriptions and their
 * filter policies.
 *
 * Two AWS facts that fail silently after a clean deploy are handled here:
 * - CloudWatch alarms can only deliver to an encrypted topic if the KEY policy lets
 *   cloudwatch.amazonaws.com use the key (the AWS-managed `alias/aws/sns` cannot be granted
 *   that, hence the customer-managed key).
 * - Setting a topic policy (enforceSSL) replaces SNS's default policy, so the TOPIC policy must
 *   also let CloudWatch publish.
 * Nothing else delivers to these topics: no EventBridge rule targets them (the alarm relay is
 * EventBridge → Lambda), so EventBridge gets neither key nor topic access.
 */
export class Alerting extends Construct implements AlertDestinations {
  readonly key: kms.Key;
  readonly topics: Record<TopicName, sns.Topic>;

  constructor(scope: Construct, id: string, props: AlertingProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);
    const alarmArns = stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });

    this.key = new kms.Key(this, 'Key', {
      alias: alertKeyAlias(config),
      description: `Encrypts the ${config.project} alert topics`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch alarm actions: conditioned on our account and our alarms (confused deputy).
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToUseTheKey',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': alarmArns },
        },
      }),
    );
    limitGrantsToAwsServices(this.key);
    const topics: Partial<Record<TopicName, sns.Topic>> = {};
    for (const name of TOPIC_NAMES) {
      const topic = new sns.Topic(this, `Topic-${name}`, {
        topicName: topicName(config, name),
        displayName: `${config.project} ${name}`,
        masterKey: this.key,
        enforceSSL: true,
      });
      topic.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowCloudWatchAlarmsToPublish',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: {
            StringEquals: { 'aws:SourceAccount': stack.account },
            ArnLike: { 'aws:SourceArn': alarmArns },
          },
        }),
      );
      for (const subscription of config.alerting.topics[name]?.subscriptions ?? []) {
        // Chat channels are subscribed by their relay (telegram-relay.ts), not here.
        if (isRelayed(subscription.protocol)) continue;
        topic.addSubscription(toTopicSubscription(subscription, `alerting.topics.${name}`));
      }
      topics[name] = topic;
    }
    this.topics = topics as Record<TopicName, sns.Topic>;
  }

  /**
   * Explicit statements rather than Topic.grantPublish, which adds `kms:GenerateDataKey*`: a
   * publisher needs sns:Publish on the topics and kms:GenerateDataKey / kms:Decrypt on their key.
   */
  grantPublish(grantee: iam.IGrantable, topics: readonly TopicName[] = TOPIC_NAMES): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: topics.map((name) => this.topics[name].topicArn) }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...TOPIC_KEY_ACTIONS], resources: [this.key.keyArn] }));
  }

  /** The alarm action that notifies a topic. */
  alarmAction(topic: TopicName): cloudwatchActions.SnsAction {
    return new cloudwatchActions.SnsAction(this.topics[topic]);
  }
}

/**
 * Builds the SNS subscription for one config entry; `where` names the config path for errors.
 * The channel's descriptor says which SNS protocol delivers it.
 */
export function toTopicSubscription(
  subscription: Subscription,
  where: string,
  registry: ChannelRegistry = CHANNELS,
): sns.ITopicSubscription {
  const filterPolicy = toFilterPolicy(subscription.filter, where);
  const protocol = registry[subscription.protocol]?.snsProtocol;
  if (!protocol) throw new Error(`${where}: subscription protocol "${subscription.protocol}" is not delivered by SNS; use one of ${snsChannelTypes(registry)}`);
  switch (protocol) {
    case 'email':
    case 'email-json':
      return new subs.EmailSubscription(subscription.endpoint, { json: protocol === 'email-json', filterPolicy });
    case 'sms':
      return new subs.SmsSubscription(subscription.endpoint, { filterPolicy });
    case 'http':
    case 'https':
      return new subs.UrlSubscription(subscription.endpoint, {
        protocol: protocol === 'https' ? sns.SubscriptionProtocol.HTTPS : sns.SubscriptionProtocol.HTTP,
        filterPolicy,
      });
    default: {
      const unhandled: never = protocol;
      throw new Error(`${where}: SNS protocol "${String(unhandled)}" has no subscription here`);
    }
  }
}

const snsChannelTypes = (registry: ChannelRegistry) =>
  Object.entries(registry)
    .filter(([, descriptor]) => descriptor.snsProtocol)
    .map(([type]) => type)
    .join(', ');

/** `{ app: ['sirekap'], kind: ['down'] }` → an SNS filter policy on message attributes. */
export function toFilterPolicy(
  filter: Subscription['filter'],
  where: string,
): Record<string, sns.SubscriptionFilter> | undefined {
  if (!filter || Object.keys(filter).length === 0) return undefined;
  const policy: Record<string, sns.SubscriptionFilter> = {};
  for (const [attribute, values] of Object.entries(filter)) {
    if (!isFilterAttribute(attribute)) {
      throw new Error(`${where}: filter key "${attribute}" is not a message attribute; use one of ${FILTER_ATTRIBUTES.join(', ')}`);
    }
    if (values.length === 0) throw new Error(`${where}: filter.${attribute} is empty; list at least one value or drop the key`);
    policy[attribute] = sns.SubscriptionFilter.stringFilter({ allowlist: values });
  }
  return policy;
}
