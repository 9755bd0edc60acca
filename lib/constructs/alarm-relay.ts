import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../lambdas/contracts/env';
import type { ResolvedConfig, TopicName } from '../../lambdas/core/config';
import type { Severity } from '../../lambdas/core/types';
import { DEAD_MAN_SEVERITY } from './dead-man';
import type { AlertDestinations } from './alert-destinations';
import { dropQueue } from './drop-queue';
import { PantauFunction, type TableAction } from './pantau-function';
import { SELF_WATCH_SEVERITY, dropAlarm } from './self-watch';

export interface AlarmRelayProps {
  config: ResolvedConfig;
  /** The stack's region (part of the alarm names). */
  region: string;
  /** The home region's table (imported by ARN in a probe stack). */
  table: dynamodb.ITable;
  tableName: string;
  /** The home region's topics. */
  alerts: AlertDestinations;
  /**
   * Home region only: the topic the relay's own drop alarms notify directly, as a last resort
   * when the relay itself is what is broken. An alarm action can only reach a topic in its own
   * region, so probe regions have none (docs/deploy.md).
   */
  lastResortTopic?: sns.ITopic;
  logRetention?: logs.RetentionDays;
  /** Severities of other alarms relayed here (the SLO burn alarms of the home region). */
  extraSeverities?: readonly Severity[];
  /** Home region: the relay reads a burning app's budget left (cloudwatch:GetMetricData) for the message. */
  readsSloBudget?: boolean;
}

/** EventBridge keeps retrying a relay it cannot invoke (throttling, a deploy in progress) this long. */
export const RELAY_EVENT_AGE = Duration.hours(1);
export const RELAY_RULE_RETRIES = 10;
/** Lambda's own retries of a relay run that failed (a publish refused): the engine makes them safe. */
export const RELAY_LAMBDA_RETRIES = 2;

/**
 * The DynamoDB actions the relay sends (the alert engine's state, incidents and storm windows;
 * test/integration/iam-proof.test.ts records them): all of TABLE_ACTIONS but BatchWriteItem,
 * which only the probe's result history and the capacity samples use.
 */
export const RELAY_TABLE_ACTIONS: readonly TableAction[] = [
  'dynamodb:BatchGetItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
];

/**
 * The alarm relay of one region: an EventBridge rule on this region's Pantau alarm state
 * changes (source `aws.cloudwatch`, names starting with `<project>-`, to ALARM or OK) invoking
 * a small Lambda (lambdas/relay/handler.ts) that feeds each change to the alert engine
 * (lambdas/app/alarm-relay.ts). The alerts then reach on-call exactly as target alerts do:
 * same topics, same message attributes for filter policies, exactly once, RECOVERED with the
 * downtime. CloudWatch alarm actions to SNS carry no message attributes, so filtered
 * subscriptions (the SMS list, app teams) would never see them.
 *
 * Retries are safe because the engine ignores an observation it has already applied. What still
 * cannot be delivered lands in two drop queues: the rule's dead-letter queue (EventBridge could
 * not invoke the relay) and the relay's on-failure destination (the relay failed 3 times).
 */
export class AlarmRelay extends Construct {
  readonly fn: PantauFunction;
  readonly rule: events.Rule;
  /** Events EventBridge could not deliver to the relay. */
  readonly deadLetters: sqs.Queue;
  /** Events the relay failed on, after Lambda's retries. */
  readonly failedInvocations: sqs.Queue;
  /** Alarms on the two queues (with the last-resort SNS action in the home region). */
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: AlarmRelayProps) {
    super(scope, id);
    const { config } = props;
    const { region } = props;
    this.deadLetters = dropQueue(this, 'DeadLetters');
    this.failedInvocations = dropQueue(this, 'FailedInvocations');

    this.fn = new PantauFunction(this, 'Function', {
      entry: 'lambdas/relay/handler.ts',
      config,
      serviceName: `${config.project}-relay`,
      description: `${config.project} alarm relay (${region}): Pantau's own CloudWatch alarms → the alert engine → the alert topics`,
      timeout: Duration.seconds(30),
      memorySize: 256,
      logRetention: props.logRetention,
      retryAttempts: RELAY_LAMBDA_RETRIES,
      maxEventAge: RELAY_EVENT_AGE,
      onFailure: new destinations.SqsDestination(this.failedInvocations),
      environment: { [ENV.homeRegion]: config.homeRegion },
    });
    this.fn
      .useTable(props.table, props.tableName, config.historyDays, RELAY_TABLE_ACTIONS)
      .useAlerts(props.alerts, relayTopics(config, props.extraSeverities));
    if (props.readsSloBudget) this.fn.useMetricReads();

    this.rule = new events.Rule(this, 'AlarmStateChanges', {
      description: `${config.project}: state changes of the ${config.project} CloudWatch alarms in this region, to the alarm relay`,
      eventPattern: {
        source: ['aws.cloudwatch'],
        detailType: ['CloudWatch Alarm State Change'],
        detail: {
          alarmName: [{ prefix: `${config.project}-` }],
          // INSUFFICIENT_DATA is neither up nor down: not worth an invocation.
          state: { value: ['ALARM', 'OK'] },
        },
      },
    });
    this.rule.addTarget(
      new targets.LambdaFunction(this.fn, {
        retryAttempts: RELAY_RULE_RETRIES,
        maxEventAge: RELAY_EVENT_AGE,
        deadLetterQueue: this.deadLetters,
      }),
    );

    // These two cannot go only through the relay: they say the relay is broken (critical: no
    // other Pantau alarm gets through then). They are still relayed (when it works again,
    // filtered subscribers hear of it), and at home they also notify the critical topic
    // directly, which only unfiltered subscriptions receive (no message attributes).
    this.alarms = [
      dropAlarm(this, config, region, 'relay-dead-letters', this.deadLetters, DEAD_MAN_SEVERITY),
      dropAlarm(this, config, region, 'relay-failed', this.failedInvocations, DEAD_MAN_SEVERITY),
    ];
    if (props.lastResortTopic) {
      for (const alarm of this.alarms) alarm.addAlarmAction(new cloudwatchActions.SnsAction(props.lastResortTopic));
    }
  }
}

/** The severities Pantau's own alarms carry: dead-man and relay drops critical, errors and drops high. */
export const RELAYED_SEVERITIES: readonly Severity[] = [DEAD_MAN_SEVERITY, SELF_WATCH_SEVERITY];

/** The topics those severities (and any extra ones relayed) route to: the relay may publish there and nowhere else. */
export function relayTopics(config: ResolvedConfig, extraSeverities: readonly Severity[] = []): TopicName[] {
  return [...new Set([...RELAYED_SEVERITIES, ...extraSeverities].map((severity) => config.alerting.routes[severity]))];
}
