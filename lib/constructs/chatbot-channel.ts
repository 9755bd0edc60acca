import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { RelayedChannel } from '../../lambdas/core/channels/relayed';
import { teamsChannelId } from '../../lambdas/core/channels/chatbot';

export interface ChatbotChannelProps {
  config: ResolvedConfig;
  channel: RelayedChannel;
  /** The alert topics' key: this topic is encrypted with it too. */
  key: kms.IKey;
}

/**
 * One Slack or Microsoft Teams channel through AWS Chatbot (Amazon Q Developer in chat
 * applications): the topic the chat relay publishes custom notifications to, and the channel
 * configuration reading it. Notifications only: the role Chatbot assumes has no permissions, and
 * the guardrail denies everything, so nobody in the channel can run AWS commands through it.
 * The workspace or team must first be authorised once in the Chatbot console (docs/alerting.md).
 */
export class ChatbotChannel extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: ChatbotChannelProps) {
    super(scope, id);
    const { config, channel } = props;
    const s = channel.subscription;
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: `${config.project} chat ${s.protocol}`,
      masterKey: props.key,
      enforceSSL: true,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('chatbot.amazonaws.com'),
      description: `AWS Chatbot role of the ${config.project} ${s.protocol} channel: notifications only, no permissions`,
    });
    const guardrail = new iam.ManagedPolicy(this, 'Guardrail', {
      description: `${config.project} chat channels run no AWS commands`,
      statements: [new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['*'], resources: ['*'] })],
    });
    const common = {
      configurationName: `${config.project}-${s.protocol}-${s.endpoint}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 128),
      iamRoleArn: role.roleArn,
      snsTopicArns: [this.topic.topicArn],
      loggingLevel: 'ERROR',
      guardrailPolicies: [guardrail.managedPolicyArn],
      userRoleRequired: false,
    };
    if (s.protocol === 'slack') {
      new chatbot.CfnSlackChannelConfiguration(this, 'Slack', { ...common, slackWorkspaceId: s.workspace!, slackChannelId: s.endpoint });
    } else {
      new chatbot.CfnMicrosoftTeamsChannelConfiguration(this, 'Teams', {
        ...common,
        teamId: s.team!,
        teamsTenantId: s.tenant!,
        // CloudFormation takes the id URL-encoded (19%3a…%40thread.tacv2), as Teams' channel links show it.
        teamsChannelId: encodeURIComponent(teamsChannelId(s.endpoint)),
      });
    }
  }
}
