import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { ResolvedConfig, TopicName } from '../../lambdas/core/config';
import { TOPIC_NAMES } from '../../lambdas/contracts/topics';

/**
 * Deterministic physical names of the home-region resources that probe stacks in other regions
 * reach (docs/decisions.md "Cross-region references"). A probe stack builds the ARN from the name,
 * the home region and its own account, so no cross-stack export or custom resource is needed.
 */

export { TOPIC_NAMES };

export function tableName(config: ResolvedConfig): string {
  return `${config.project}-state`;
}

export function topicName(config: ResolvedConfig, topic: TopicName): string {
  return `${config.project}-${topic}`;
}

/** Alias of the customer-managed key that encrypts the alert topics. */
export function alertKeyAlias(config: ResolvedConfig): string {
  return `alias/${config.project}-alerts`;
}

/** ARN of a home-region resource in the account of the stack that `scope` belongs to. */
function homeArn(scope: IConstruct, config: ResolvedConfig, service: string, resource: string, resourceName?: string, sep = ArnFormat.SLASH_RESOURCE_NAME): string {
  return Stack.of(scope).formatArn({ service, region: config.homeRegion, resource, resourceName, arnFormat: sep });
}

export function homeTableArn(scope: IConstruct, config: ResolvedConfig): string {
  return homeArn(scope, config, 'dynamodb', 'table', tableName(config));
}

export function homeTopicArn(scope: IConstruct, config: ResolvedConfig, topic: TopicName): string {
  return homeArn(scope, config, 'sns', topicName(config, topic), undefined, ArnFormat.NO_RESOURCE_NAME);
}

/** `arn:…:kms:<home>:<account>:key/*` — narrowed by the alias condition where it is used. */
export function homeKeyArnPattern(scope: IConstruct, config: ResolvedConfig): string {
  return homeArn(scope, config, 'kms', 'key', '*');
}
