import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { ENV } from '../../lambdas/contracts/env';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { CapacityStatement } from '../../lambdas/core/capacity/sources/descriptor';
import { capacityIamNeeds, type CapacitySourceRegistry } from '../../lambdas/core/capacity/sources/registry';
import type { AlertDestinations } from './alert-destinations';
import { PantauFunction } from './pantau-function';
import { grantSecretRefs } from './secret-grants';
import { ScheduledInvocations, plural } from './scheduled-invocations';
import { capacityShard, planCapacityGroups, type CapacityGroup } from './capacity-groups';
import { dropQueue } from './drop-queue';
import { grantVpcNetworking, type LambdaPlacement } from './vpc-placement';

export { planCapacityGroups, type CapacityGroup } from './capacity-groups';

export interface CapacityWatchProps {
  config: ResolvedConfig;
  table: dynamodb.ITable;
  tableName: string;
  alerts: AlertDestinations;
  entry?: string;
  logRetention?: logs.RetentionDays;
  /** The capacity source types whose IAM needs are granted (default: the shipped registry). */
  sourceTypes?: CapacitySourceRegistry;
  /** The VPC (lib/constructs/vpc-placement.ts): given when a source is private, the Lambda then runs in it. */
  placement?: LambdaPlacement;
}

/**
 * The capacity Lambda (lambdas/capacity/handler.ts) in the home region and one schedule per
 * group of sources that share an interval, with input `{"sources": [...], "group": "capacity-<rate>"}`
 * (the group names the run's Heartbeat, which the group's dead-man alarm watches).
 */
export class CapacityWatch extends Construct {
  readonly fn: PantauFunction;
  readonly groups: CapacityGroup[];
  readonly schedules: ScheduledInvocations;
  /** Runs Lambda dropped (older than one period) or that failed: alarmed by self-watch. */
  readonly failedInvocations: sqs.Queue;

  constructor(scope: Construct, id: string, props: CapacityWatchProps) {
    super(scope, id);
    const { config } = props;
    this.groups = planCapacityGroups(config.capacity);
    // CPU and network rates may need two scrapes a short interval apart, hence 2 × the slowest timeout.
    const slowestMs = Math.max(10_000, ...config.capacity.map((s) => s.timeoutMs));
    this.failedInvocations = dropQueue(this, 'FailedInvocations');
    // Private sources are reachable only inside the VPC: the capacity Lambda then runs there.
    const placement = config.vpc && config.vpc.privateSources.length > 0 ? props.placement : undefined;
    if (config.vpc && config.vpc.privateSources.length > 0 && !placement) throw new Error('private capacity sources need the VPC placement (props.placement)');
    this.fn = new PantauFunction(this, 'Function', {
      entry: props.entry ?? 'lambdas/capacity/handler.ts',
      config,
      serviceName: `${config.project}-capacity`,
      description: `${config.project} capacity: reads data-centre capacity sources, forecasts exhaustion`,
      timeout: Duration.seconds(Math.min(900, Math.ceil((2 * slowestMs + 30_000) / 1000))),
      logRetention: props.logRetention,
      // A run that waited longer than the fastest group's period is superseded by the next one.
      maxEventAge: Duration.minutes(Math.min(...this.groups.map((g) => g.rateMinutes))),
      onFailure: new destinations.SqsDestination(this.failedInvocations),
      environment: { [ENV.homeRegion]: config.homeRegion },
      ...(placement ? { vpc: placement } : {}),
    });
    if (placement) grantVpcNetworking(this.fn.role!);
    this.fn
      .useTable(props.table, props.tableName, config.historyDays)
      .useMetricsNamespace(config.metricsNamespace)
      .useAlerts(props.alerts);
    // Each source type says what reading it needs (secrets, GetMetricData …); a type no source
    // uses adds nothing.
    const needs = capacityIamNeeds(config.capacity, props.sourceTypes);
    grantSecretRefs(this.fn, needs.secrets);
    needs.statements.forEach((statement) => this.grant(statement));

    this.schedules = new ScheduledInvocations(this, 'Schedules', {
      fn: this.fn,
      invocations: this.groups.map((g) => ({
        name: `Sources-${g.name}`,
        rateMinutes: g.rateMinutes,
        input: { sources: g.sourceIds, group: capacityShard(g) },
        description: `${config.project} capacity ${g.name}: ${plural(g.sourceIds.length, 'source')} every ${plural(g.rateMinutes, 'minute')}`,
      })),
    });
  }

  private grant(statement: CapacityStatement): void {
    this.fn.addToRolePolicy(new iam.PolicyStatement({ actions: statement.actions, resources: statement.resources }));
    if (!statement.resources.includes('*')) return;
    if (!statement.wildcardReason) throw new Error(`capacity: ${statement.actions.join(', ')} on * needs a wildcardReason`);
    NagSuppressions.addResourceSuppressions(this.fn.role!, [{ id: 'AwsSolutions-IAM5', reason: statement.wildcardReason, appliesTo: ['Resource::*'] }], true);
  }
}
