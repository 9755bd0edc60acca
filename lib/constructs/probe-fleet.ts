import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { SecretRef } from '../../lambdas/core/types';
import type { AlertDestinations } from './alert-destinations';
import { dropQueue } from './drop-queue';
import { PantauFunction } from './pantau-function';
import { ScheduledInvocations, plural } from './scheduled-invocations';
import { planShards, scheduleInput, type Shard } from './shards';

export interface ProbeFleetProps {
  config: ResolvedConfig;
  /** The region these probes run from (PROBE_REGION; the `Region` metric dimension). */
  probeRegion: string;
  /** The home region's table (the Store's table, or imported by ARN in a probe stack). */
  table: dynamodb.ITable;
  tableName: string;
  alerts: AlertDestinations;
  /** Defaults to the probe handler; tests may point at another. */
  entry?: string;
  memorySize?: number;
  logRetention?: logs.RetentionDays;
}

/** Time an invocation may need beyond its checks: secrets, BatchWriteItem, state writes, PutMetricData. */
const SINK_MARGIN_MS = 30_000;
/** Lambda's own maximum. */
const MAX_TIMEOUT_MS = 900_000;

/**
 * The probe Lambda of one region and one EventBridge Scheduler schedule per shard of targets.
 *
 * EventBridge Scheduler rather than EventBridge rules (docs/decisions.md): it invokes the
 * function through one IAM role instead of adding a resource-policy statement per rule (the
 * function policy's 20 KB limit caps the number of rules), allows a million schedules per
 * account rather than 300 rules per bus, and has a per-schedule retry policy and event age,
 * which we set to "at most one schedule period old" — a late probe round is worthless. What is
 * dropped (by Scheduler or by Lambda's async queue) lands in an alarmed queue.
 */
export class ProbeFleet extends Construct {
  readonly fn: PantauFunction;
  readonly shards: Shard[];
  readonly schedules: ScheduledInvocations;
  /** Rounds Lambda dropped (older than the fastest shard's period) or that failed: alarmed. */
  readonly failedInvocations: sqs.Queue;

  constructor(scope: Construct, id: string, props: ProbeFleetProps) {
    super(scope, id);
    const { config } = props;
    this.shards = planShards(config.targets, config.shardSize);

    const budgetMs = Math.max(0, ...this.shards.map((s) => s.budgetMs)) + SINK_MARGIN_MS;
    this.failedInvocations = dropQueue(this, 'FailedInvocations');
    this.fn = new PantauFunction(this, 'Function', {
      entry: props.entry ?? 'lambdas/probe/handler.ts',
      config,
      serviceName: `${config.project}-probe`,
      description: `${config.project} probe (${props.probeRegion}): checks one shard of targets per invocation`,
      timeout: Duration.seconds(Math.ceil(Math.min(MAX_TIMEOUT_MS, budgetMs) / 1000)),
      memorySize: props.memorySize,
      logRetention: props.logRetention,
      // A round that waited (throttled) longer than the fastest shard's period is superseded.
      maxEventAge: Duration.minutes(Math.min(...this.shards.map((s) => s.rateMinutes))),
      onFailure: new destinations.SqsDestination(this.failedInvocations),
      environment: {
        HOME_REGION: config.homeRegion,
        PROBE_REGION: props.probeRegion,
        PROBE_CONCURRENCY: String(config.concurrency),
      },
    });
    this.fn
      .useTable(props.table, props.tableName, config.historyDays)
      .useMetricsNamespace(config.metricsNamespace)
      .useAlerts(props.alerts);
    grantSecretRefs(this.fn, config.targets.flatMap((t) => Object.values(t.secretHeaders)));

    this.schedules = new ScheduledInvocations(this, 'Schedules', {
      fn: this.fn,
      invocations: this.shards.map((shard) => ({
        name: `Shard-${shard.name}`,
        rateMinutes: shard.rateMinutes,
        input: { ...scheduleInput(shard) },
        description: `${config.project} probe shard ${shard.name}: ${plural(shard.targetIds.length, 'target')} every ${plural(shard.rateMinutes, 'minute')}`,
      })),
    });
  }
}

/**
 * ssm:GetParameter / secretsmanager:GetSecretValue on exactly the references the config's
 * `secretHeaders` name, in the function's own region (lambdas/adapters/secrets.ts uses the
 * Lambda's region). Nothing is granted when no reference is given.
 */
export function grantSecretRefs(fn: PantauFunction, refs: SecretRef[]): void {
  const stack = Stack.of(fn);
  const parameters = unique(refs.filter(isSsm).map((r) => ssmParameterArn(stack, r.ssm)));
  const secrets = unique(refs.filter((r) => !isSsm(r)).flatMap((r) => secretArns(stack, (r as { secretsManager: string }).secretsManager)));
  if (parameters.length > 0) {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: parameters }));
  }
  if (secrets.length > 0) {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: secrets }));
  }
}

function isSsm(ref: SecretRef): ref is { ssm: string } {
  return 'ssm' in ref;
}

function ssmParameterArn(stack: Stack, name: string): string {
  if (name.startsWith('arn:')) return name;
  // Parameter ARNs drop the leading slash of a hierarchical name: /pantau/x → parameter/pantau/x.
  return stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.replace(/^\//, ''), arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

/**
 * Secrets Manager appends 6 random characters to a secret's ARN; a name (or a partial ARN)
 * matches the real ARN with `-??????` — exactly six characters, never a wider wildcard.
 */
function secretArns(stack: Stack, nameOrArn: string): string[] {
  if (nameOrArn.startsWith('arn:')) return [nameOrArn, `${nameOrArn}-??????`];
  return [stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${nameOrArn}-??????`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
