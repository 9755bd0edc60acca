import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { dropQueue } from './drop-queue';

export interface ScheduledInvocation {
  /** Construct-id-safe name, e.g. a shard name. */
  name: string;
  rateMinutes: number;
  /** JSON input the function receives. */
  input: Record<string, unknown>;
  description: string;
}

export interface ScheduledInvocationsProps {
  fn: lambda.IFunction;
  invocations: ScheduledInvocation[];
}

/** Scheduler's delivery retries, all within the event age (one schedule period). */
export const SCHEDULE_RETRY_ATTEMPTS = 2;

/**
 * EventBridge Scheduler schedules that invoke one function with a fixed input each, in their own
 * schedule group (taggable, unlike schedules), through one role that only Scheduler in this
 * account can assume. A round is delivered at most one schedule period late (event age = the
 * period, a couple of retries inside it): later, the next schedule has superseded it. What
 * Scheduler cannot deliver in that time goes to the group's dead-letter queue (alarmed by
 * self-watch), so a dropped round is visible.
 */
export class ScheduledInvocations extends Construct {
  readonly group: scheduler.ScheduleGroup;
  readonly role: iam.Role;
  readonly schedules: scheduler.Schedule[];
  /** Rounds Scheduler could not deliver within their period. */
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ScheduledInvocationsProps) {
    super(scope, id);
    // DESTROY: a retained group outlives `cdk destroy` and its generated name collides with the
    // group the next deploy creates. Schedules are configuration, nothing to keep.
    this.group = new scheduler.ScheduleGroup(this, 'Group', { removalPolicy: RemovalPolicy.DESTROY });
    this.deadLetterQueue = dropQueue(this, 'DeadLetters');
    this.role = new iam.Role(this, 'InvokeRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler invoking a Pantau function',
    });
    this.schedules = props.invocations.map((inv) => {
      const schedule = new scheduler.Schedule(this, inv.name, {
          description: inv.description,
          schedule: scheduler.ScheduleExpression.rate(Duration.minutes(inv.rateMinutes)),
          scheduleGroup: this.group,
          target: new schedulerTargets.LambdaInvoke(props.fn, {
            role: this.role,
            input: scheduler.ScheduleTargetInput.fromObject(inv.input),
            retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
            maxEventAge: Duration.minutes(inv.rateMinutes),
            deadLetterQueue: this.deadLetterQueue,
          }),
        });
      // The group's generated name is a literal in the template, so CloudFormation sees no
      // reference and could create a schedule before its group exists: order them explicitly.
      schedule.node.addDependency(this.group);
      return schedule;
    });
    NagSuppressions.addResourceSuppressions(
      this.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason: 'lambda:InvokeFunction on the one scheduled function, including its versions/aliases (`<function arn>:*`), as granted by the CDK LambdaInvoke target.',
          appliesTo: [{ regex: '/^Resource::<.*\\.Arn>:\\*$/g' }],
        },
      ],
      true,
    );
  }
}

/** `1 target`, `3 targets`: schedule descriptions read in the console. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
