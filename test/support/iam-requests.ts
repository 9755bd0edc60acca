import type { SdkCall } from './sdk-recorder';

/**
 * What IAM authorizes for one recorded SDK command: the action, the resource ARN it names, and
 * the request's condition keys that Pantau's policies test. Used by the IAM proof to check a
 * role's policy against what the handlers really send.
 */

export interface IamRequest {
  action: string;
  resource: string;
  /** Condition keys of the request (`cloudwatch:namespace`, `kms:ViaService`, …). */
  context: Record<string, string | string[]>;
  /** The command it came from, for messages. */
  from: string;
}

export interface IamEnvironment {
  account: string;
  partition?: string;
  /** The KMS key (ARN and aliases) that encrypts a topic; undefined for an unencrypted one. */
  topicKey(topicArn: string): { arn: string; aliases: string[] } | undefined;
}

/**
 * Secrets Manager appends six random characters to every secret's ARN; the mapping uses this
 * suffix so that a grant must really match `<name>-??????`.
 */
export const SECRET_SUFFIX = '-Ab12Cd';

/** The IAM requests one SDK command makes. A command without a mapping is an error: extend the table. */
export function iamRequestsOf(call: SdkCall, env: IamEnvironment): IamRequest[] {
  const partition = env.partition ?? 'aws';
  const arn = (service: string, resource: string, region = call.region) => `arn:${partition}:${service}:${region}:${env.account}:${resource}`;
  const req = (action: string, resource: string, context: IamRequest['context'] = {}): IamRequest => ({
    action,
    resource,
    context,
    from: `${call.client}.${call.command}`,
  });
  const input = call.input;
  const table = (name: unknown) => arn('dynamodb', `table/${String(name)}`);

  switch (`${call.client}.${call.command}`) {
    case 'DynamoDBClient.GetItemCommand':
    case 'DynamoDBClient.PutItemCommand':
    case 'DynamoDBClient.UpdateItemCommand':
    case 'DynamoDBClient.DeleteItemCommand':
      return [req(`dynamodb:${call.command.replace(/Command$/, '')}`, table(input.TableName))];
    case 'DynamoDBClient.QueryCommand':
      // A query on an index is authorized on the index's ARN.
      return [req('dynamodb:Query', input.IndexName ? `${table(input.TableName)}/index/${String(input.IndexName)}` : table(input.TableName))];
    case 'DynamoDBClient.BatchWriteItemCommand':
    case 'DynamoDBClient.BatchGetItemCommand':
      // One authorization per table the batch names.
      return Object.keys(input.RequestItems as object).map((name) => req(`dynamodb:${call.command.replace(/Command$/, '')}`, table(name)));
    case 'SNSClient.PublishCommand': {
      const topicArn = String(input.TopicArn);
      const key = env.topicKey(topicArn);
      // For an SSE-KMS topic, SNS calls KMS with the PUBLISHER's credentials: GenerateDataKey for
      // the message's data key and Decrypt to use it — both are authorized against the caller's
      // policy, through SNS in the topic's region.
      const kmsContext = { 'kms:ViaService': `sns.${topicArn.split(':')[3]}.amazonaws.com`, 'kms:ResourceAliases': key?.aliases ?? [] };
      return [
        req('sns:Publish', topicArn),
        ...(key ? [req('kms:GenerateDataKey', key.arn, kmsContext), req('kms:Decrypt', key.arn, kmsContext)] : []),
      ];
    }
    case 'CloudWatchClient.PutMetricDataCommand':
      // No resource-level permissions: the resource is `*`, scoped by the namespace condition key.
      return [req('cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': String(input.Namespace) })];
    case 'CloudWatchClient.GetMetricDataCommand':
      return [req('cloudwatch:GetMetricData', '*')];
    case 'SSMClient.GetParameterCommand': {
      // SecureStrings under the AWS-managed aws/ssm key need no kms grant of the caller.
      const name = String(input.Name);
      return [req('ssm:GetParameter', name.startsWith('arn:') ? name : arn('ssm', `parameter/${name.replace(/^\//, '')}`))];
    }
    case 'SecretsManagerClient.GetSecretValueCommand': {
      const id = String(input.SecretId);
      return [req('secretsmanager:GetSecretValue', id.startsWith('arn:') ? id : arn('secretsmanager', `secret:${id}${SECRET_SUFFIX}`))];
    }
    default:
      throw new Error(`iam-requests: no IAM mapping for ${call.client}.${call.command}; add one`);
  }
}
