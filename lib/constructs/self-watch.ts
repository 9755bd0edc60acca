import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alarmDescription } from '../../lambdas/core/alerting/alarm-observation';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { Severity } from '../../lambdas/core/types';
import type { PantauFunction } from './pantau-function';

/**
 * The monitor watches its own machinery in one region (docs/alerting.md "Pantau watching
 * itself"):
 * - per function, Lambda Errors (a failed sink, a crash) in 2 of 3 five-minute periods;
 * - per drop queue (schedule dead letters, Lambda on-failure destinations), any message at all:
 *   a scheduled round was dropped or failed for good.
 *
 * These alarms have no SNS action. Their state changes reach on-call through the alarm relay
 * (lib/constructs/alarm-relay.ts → the alert engine), which gives them the message attributes
 * that filtered subscriptions need; a CloudWatch SNS action would carry none. Their description
 * starts with `[<project> <severity>]`, which is how the relay knows the severity without a
 * lookup. A CloudWatch alarm reads metrics of its own region only, so every stack has its own
 * SelfWatch; the dead-man alarms (per shard) are in lib/constructs/dead-man.ts.
 */

/** Errors and drops are urgent but not "an election app is down": they go to the warning topic. */
export const SELF_WATCH_SEVERITY: Severity = 'high';

export interface SelfWatchProps {
  config: ResolvedConfig;
  /** The stack's region (part of every alarm name: the relay files alarms per name). */
  region: string;
  functions: Array<{ label: string; fn: PantauFunction }>;
  queues: Array<{ label: string; queue: sqs.IQueue }>;
}

export class SelfWatch extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: SelfWatchProps) {
    super(scope, id);
    const { config, region } = props;
    for (const { label, fn } of props.functions) this.alarms.push(errorsAlarm(this, config, region, label, fn));
    for (const { label, queue } of props.queues) this.alarms.push(dropAlarm(this, config, region, label, queue));
  }
}

/** `pantau-probe-errors-ap-southeast-3`: every relayed alarm name starts with the project. */
export function opsAlarmName(config: ResolvedConfig, what: string, region: string): string {
  return `${config.project}-${what}-${region}`;
}

export function errorsAlarm(scope: Construct, config: ResolvedConfig, region: string, label: string, fn: PantauFunction): cloudwatch.Alarm {
  return fn.errorsMetric(Duration.minutes(5)).createAlarm(scope, `Errors-${label}`, {
    alarmName: opsAlarmName(config, `${label}-errors`, region),
    alarmDescription: alarmDescription(
      config.project,
      SELF_WATCH_SEVERITY,
      'Lambda failing',
      `The ${label} Lambda failed in 2 of the last 3 five-minute periods (a sink failed or the handler crashed). See its log group in ${region}.`,
    ),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    threshold: 1,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/**
 * Any visible message in a drop queue. It stays in ALARM until someone has read the messages
 * and purged the queue (docs/deploy.md), so one drop is one page, not one per drop.
 */
export function dropAlarm(
  scope: Construct,
  config: ResolvedConfig,
  region: string,
  label: string,
  queue: sqs.IQueue,
  severity: Severity = SELF_WATCH_SEVERITY,
): cloudwatch.Alarm {
  return queue
    .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' })
    .createAlarm(scope, `Dropped-${label}`, {
      alarmName: opsAlarmName(config, `${label}-dropped`, region),
      alarmDescription: alarmDescription(
        config.project,
        severity,
        'events dropped',
        `Messages in ${label} (${region}): invocations that were not delivered in time or failed for good. Read them in the SQS console, fix the cause, then purge the queue to clear the alarm.`,
      ),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
}
