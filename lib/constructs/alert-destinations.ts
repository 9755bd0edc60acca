import * as iam from 'aws-cdk-lib/aws-iam';
import { NagSuppressions } from 'cdk-nag';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ResolvedConfig, TopicName } from '../../lambdas/core/config';
import { TOPIC_NAMES, alertKeyAlias, homeKeyArnPattern, homeTopicArn } from './naming';

/**
 * What publishing to an SSE-KMS topic takes besides sns:Publish: SNS calls KMS on the
 * publisher's behalf — GenerateDataKey for the message's data key, Decrypt to use it (the SNS
 * developer guide's publisher policy names exactly these two).
 */
export const TOPIC_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;

/**
 * Where a function sends alerts: the three severity topics and how to be allowed to publish to
 * them. The home stack's `Alerting` construct is one; `RemoteAlertTopics` is the same thing seen
 * from a probe stack in another region.
 */
export interface AlertDestinations {
  readonly topics: Record<TopicName, sns.ITopic>;
  /**
   * sns:Publish on the topics (all, or the ones named) plus kms:GenerateDataKey / kms:Decrypt on
   * their key (TOPIC_KEY_ACTIONS).
   */
  grantPublish(grantee: iam.IGrantable, topics?: readonly TopicName[]): void;
}

/**
 * The home region's alert topics, imported into a probe stack by their deterministic names.
 *
 * The topics are encrypted with a customer-managed key whose id is random; the probe stack cannot
 * know it without a cross-region lookup, so the KMS grant names the key by its alias
 * (`kms:ResourceAliases`) and is only usable through SNS in the home region (`kms:ViaService`).
 */
export class RemoteAlertTopics extends Construct implements AlertDestinations {
  readonly topics: Record<TopicName, sns.ITopic>;

  constructor(
    scope: Construct,
    id: string,
    private readonly config: ResolvedConfig,
  ) {
    super(scope, id);
    this.topics = Object.fromEntries(
      TOPIC_NAMES.map((name) => [name, sns.Topic.fromTopicArn(this, `Topic-${name}`, homeTopicArn(this, config, name))]),
    ) as Record<TopicName, sns.ITopic>;
  }

  grantPublish(grantee: iam.IGrantable, topics: readonly TopicName[] = TOPIC_NAMES): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: topics.map((name) => this.topics[name].topicArn) }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...TOPIC_KEY_ACTIONS],
        resources: [homeKeyArnPattern(this, this.config)],
        conditions: {
          'ForAnyValue:StringEquals': { 'kms:ResourceAliases': alertKeyAlias(this.config) },
          StringEquals: { 'kms:ViaService': `sns.${this.config.homeRegion}.amazonaws.com` },
        },
      }),
    );
    if (grantee.grantPrincipal instanceof iam.Role) {
      NagSuppressions.addResourceSuppressions(
        grantee.grantPrincipal,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason: 'The home alert key has a random id this region cannot know; the grant matches only the key carrying the Pantau alert alias (kms:ResourceAliases) and only through SNS in the home region (kms:ViaService).',
            appliesTo: [{ regex: '/^Resource::arn:[^:]+:kms:[a-z0-9-]+:<AWS::AccountId>:key\\/\\*$/g' }],
          },
        ],
        true,
      );
    }
  }
}
