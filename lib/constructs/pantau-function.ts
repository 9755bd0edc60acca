import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { ResolvedConfig, TopicName } from '../../lambdas/core/config';
import { DEFAULTS } from '../../lambdas/contracts/defaults';
import { BUNDLED_CONFIG_FILE } from '../../lambdas/contracts/bundle';
import { ENV } from '../../lambdas/contracts/env';
import { topicEnvVar } from '../../lambdas/contracts/topics';
import type { AlertDestinations } from './alert-destinations';
import { LogKey } from './log-key';
import { TOPIC_NAMES } from './naming';

/**
 * The DynamoDB actions lambdas/adapters/dynamo-store.ts and capacity-store.ts send, and nothing
 * else (test/integration/iam-proof.test.ts records them from the real handlers):
 * GetItem (versioned state, incidents, storm members), PutItem (conditional state, incident,
 * storm markers), UpdateItem (storm windows: append, claim, finish, release), DeleteItem (storm
 * due entries once flushed), Query (history, storm due list, capacity samples),
 * BatchWriteItem (results and capacity samples), BatchGetItem (storm members of a digest).
 * No Scan, ConditionCheckItem, DescribeTable or stream reads: the code sends none.
 */
export const TABLE_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
] as const;

export type TableAction = (typeof TABLE_ACTIONS)[number];

/** Repository root: entries, the lock file and esbuild are resolved from here, not from cwd. */
export const REPO_ROOT = resolve(__dirname, '..', '..');

export interface PantauFunctionProps {
  /** Handler file, relative to the repository root (e.g. `lambdas/probe/handler.ts`). */
  entry: string;
  /** Written into the bundle as BUNDLED_CONFIG_FILE (lambdas/adapters/bundled-config.ts reads it). */
  config: ResolvedConfig;
  /** POWERTOOLS_SERVICE_NAME. */
  serviceName: string;
  description?: string;
  timeout?: Duration;
  memorySize?: number;
  environment?: Record<string, string>;
  logRetention?: logs.RetentionDays;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * How long an asynchronous event may wait in Lambda's queue (throttling) before it is dropped
   * to `onFailure` (default: Lambda's 6 hours). Scheduled functions set about one schedule period.
   */
  maxEventAge?: Duration;
  /** Where dropped and failed asynchronous events go (an alarmed SQS queue, lib/constructs/drop-queue.ts). */
  onFailure?: lambda.IDestination;
  /** Lambda's own retries of a failed asynchronous invocation (default 0: the next schedule supersedes it). */
  retryAttempts?: number;
  /** A fixed function name, for a function addressed by ARN from a dashboard body (custom widgets); absent: generated. */
  functionName?: string;
  /** Placed in these VPC subnets with these security groups (private capacity sources); absent: outside any VPC. */
  vpc?: { vpc: ec2.IVpc; subnets: ec2.ISubnet[]; securityGroups: ec2.ISecurityGroup[] };
}

/**
 * The one way Pantau builds a Lambda function: nodejs24.x on arm64, bundled by the local esbuild
 * (never Docker) with the AWS SDK left external (the runtime provides it), source maps, an
 * explicit log group with the config's retention, encrypted with the stack's log key, its own role (no managed policies), no async retries (a
 * scheduled probe that failed is superseded by the next schedule, not re-run late), and the
 * validated config bundled beside the handler.
 *
 * The `use*` helpers pair each grant with the environment variable that names the resource, so a
 * function can never hold a permission without knowing what it is for, or the reverse.
 */
export class PantauFunction extends nodejs.NodejsFunction {
  constructor(scope: Construct, id: string, props: PantauFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? ((props.config.logRetentionDays ?? DEFAULTS.logRetentionDays) as logs.RetentionDays),
      encryptionKey: LogKey.of(scope),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.serviceName}`,
    });
    const configFile = writeBundledConfig(props.config);

    super(scope, id, {
      entry: join(REPO_ROOT, props.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      description: props.description,
      ...(props.functionName ? { functionName: props.functionName } : {}),
      timeout: props.timeout ?? Duration.seconds(60),
      memorySize: props.memorySize ?? DEFAULTS.functionMemoryMb,
      role,
      logGroup,
      retryAttempts: props.retryAttempts ?? 0,
      maxEventAge: props.maxEventAge,
      onFailure: props.onFailure,
      ...(props.vpc ? { vpc: props.vpc.vpc, vpcSubnets: { subnets: props.vpc.subnets }, securityGroups: props.vpc.securityGroups } : {}),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        minify: true,
        sourceMap: true,
        target: 'node24',
        externalModules: ['@aws-sdk/*'],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => [
            `cp ${shellQuote(configFile)} ${shellQuote(join(outputDir, BUNDLED_CONFIG_FILE))}`,
          ],
        },
      },
    });
    logGroup.grantWrite(role);
  }

  /**
   * Exactly the DynamoDB actions the store adapters send (TABLE_ACTIONS), on the table itself (no
   * index is queried, so no `/index/*`) + TABLE_NAME / HISTORY_DAYS. A function that uses only
   * part of the store passes the subset it sends as `actions` (the IAM proof checks it).
   */
  useTable(table: dynamodb.ITable, physicalName: string, historyDays: number, actions: readonly TableAction[] = TABLE_ACTIONS): this {
    if (actions.length === 0) throw new Error(`${this.node.path}: useTable needs at least one action`);
    this.addToRolePolicy(new iam.PolicyStatement({ actions: TABLE_ACTIONS.filter((a) => actions.includes(a)), resources: [table.tableArn] }));
    this.addEnvironment(ENV.tableName, physicalName);
    this.addEnvironment(ENV.historyDays, String(historyDays));
    return this;
  }

  /**
   * cloudwatch:PutMetricData limited to one namespace + METRICS_NAMESPACE. PutMetricData has no
   * resource-level permissions, so the namespace condition is the only scoping there is.
   */
  useMetricsNamespace(namespace: string): this {
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': namespace } },
      }),
    );
    this.addEnvironment(ENV.metricsNamespace, namespace);
    NagSuppressions.addResourceSuppressions(
      this.role!,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason: 'cloudwatch:PutMetricData does not support resource-level permissions; it is limited to the Pantau namespace by the cloudwatch:namespace condition.',
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
    return this;
  }

  /**
   * cloudwatch:GetMetricData (the alarm relay reads an app's budget left). It has no
   * resource-level permissions nor a namespace condition key, so it is granted on `*`; it reads
   * metric values only.
   */
  useMetricReads(): this {
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] }));
    NagSuppressions.addResourceSuppressions(
      this.role!,
      [{ id: 'AwsSolutions-IAM5', reason: 'cloudwatch:GetMetricData does not support resource-level permissions; it only reads metric values.', appliesTo: ['Resource::*'] }],
      true,
    );
    return this;
  }

  /** sns:Publish on every alert topic, kms:GenerateDataKey / kms:Decrypt on their key + TOPIC_ARN_*. */
  useAlerts(alerts: AlertDestinations, topics: readonly TopicName[] = TOPIC_NAMES): this {
    alerts.grantPublish(this, topics);
    for (const topic of topics) this.addEnvironment(topicEnvVar(topic), alerts.topics[topic].topicArn);
    return this;
  }

  /** Lambda Errors (Sum per period) — for the self-watch alarms. */
  errorsMetric(period = Duration.minutes(5)): cloudwatch.Metric {
    return this.metricErrors({ period, statistic: 'Sum' });
  }
}

/**
 * Writes the config JSON to a content-addressed temp file. The afterBundling hook copies it into
 * the bundle; a file (not an inline heredoc) because a big catalogue exceeds the 128 KiB limit of
 * one shell argument. The asset hash is computed from the bundle output, so a config change
 * changes the asset and redeploys the function.
 */
export function writeBundledConfig(config: ResolvedConfig): string {
  const json = JSON.stringify(config);
  const hash = createHash('sha256').update(json).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'pantau-bundled-config');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${hash}.json`);
  // Write-then-rename: parallel synths of the same config never copy a half-written file.
  const partial = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(partial, json);
  renameSync(partial, file);
  return file;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
