import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

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

/**
 * EventBridge Scheduler schedules that invoke one function with a fixed input each, in their own
 * schedule group (taggable, unlike schedules), through one role that only Scheduler in this
 * account can assume. No retries and a one-minute event age: a scheduled round delivered late
 * is worthless, the next schedule supersedes it.
 */
export class ScheduledInvocations extends Construct {
  readonly group: scheduler.ScheduleGroup;
  readonly role: iam.Role;
  readonly schedules: scheduler.Schedule[];

  constructor(scope: Construct, id: string, props: ScheduledInvocationsProps) {
    super(scope, id);
    this.group = new scheduler.ScheduleGroup(this, 'Group', {});
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
            retryAttempts: 0,
            maxEventAge: Duration.minutes(1),
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
