import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { limitGrantsToAwsServices } from './key-policy';

const LOG_KEY_ID = 'LogKey';

/**
 * The customer-managed key that encrypts every Pantau log group of one stack (Control Tower's
 * CT.CLOUDWATCH.PR.3). One key per stack: log groups can only use a key in their own region, and
 * one key is one monthly charge however many functions log with it.
 *
 * CloudWatch Logs encrypts with the key on the log group's behalf, so the key policy must let the
 * regional Logs service principal use it, limited to this account's log groups by the encryption
 * context Logs sends.
 */
export class LogKey extends Construct {
  readonly key: kms.Key;

  /** The stack's log key, created on first use. */
  static of(scope: Construct): kms.Key {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(LOG_KEY_ID);
    return (existing instanceof LogKey ? existing : new LogKey(stack, LOG_KEY_ID)).key;
  }

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the Pantau Lambda log groups of ${stack.stackName}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const logGroups = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsToUseTheKey',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroups } },
      }),
    );
    limitGrantsToAwsServices(this.key);
  }
}
