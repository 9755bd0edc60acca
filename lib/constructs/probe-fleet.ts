import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV } from '../../lambdas/contracts/env';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { AlertDestinations } from './alert-destinations';
import { dropQueue } from './drop-queue';
import { PantauFunction } from './pantau-function';
import { ScheduledInvocations, plural } from './scheduled-invocations';
import { grantSecretRefs } from './secret-grants';
import { budgetProblems, scheduleInput, type Shard } from './shards';
import { planProbeFleets, type ProbeFleetPlan } from '../../lambdas/core/schedule/fleet-plan';
import { grantVpcNetworking, type LambdaPlacement } from './vpc-placement';
import { lambdaTimeoutMs } from '../../lambdas/core/schedule/budget';

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
  /** The fleet to deploy (core/schedule/fleet-plan.ts); default: the internet fleet of the config. */
  plan?: ProbeFleetPlan;
  /** Where the function runs inside the VPC: required for the `vpc` fleet, refused for the internet one. */
  placement?: LambdaPlacement;
}

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
    const plan = props.plan ?? planProbeFleets(config).find((f) => f.placement === 'internet');
    if (!plan) throw new Error('no internet-facing targets to probe: pass the plan of the fleet to deploy');
    if ((plan.placement === 'vpc') !== (props.placement !== undefined)) {
      throw new Error(`the ${plan.placement} probe fleet ${plan.placement === 'vpc' ? 'needs' : 'takes no'} a VPC placement`);
    }
    const inVpc = plan.placement === 'vpc';
    this.shards = plan.shards;
    // The config loader already refuses these; a ResolvedConfig built another way must not
    // deploy a shard that cannot finish inside its period (docs/config.md, "Shard budgets").
    const overruns = budgetProblems(this.shards);
    if (overruns.length > 0) throw new Error(`probe shards over budget:\n${overruns.join('\n')}`);

    // One function serves every shard: its timeout is the largest shard budget plus the start
    // slack, which the plan already fitted under Lambda's 900 s (each shard's handler guard
    // uses its own figure).
    const timeoutMs = lambdaTimeoutMs(Math.max(0, ...this.shards.map((s) => s.budgetMs)));
    this.failedInvocations = dropQueue(this, 'FailedInvocations');
    this.fn = new PantauFunction(this, 'Function', {
      entry: props.entry ?? 'lambdas/probe/handler.ts',
      config,
      serviceName: `${config.project}-probe`,
      description: inVpc
        ? `${config.project} VPC probe (${props.probeRegion}): checks one shard of private targets per invocation, inside the VPC`
        : `${config.project} probe (${props.probeRegion}): checks one shard of targets per invocation`,
      timeout: Duration.seconds(timeoutMs / 1000),
      memorySize: props.memorySize,
      logRetention: props.logRetention,
      // A round that waited (throttled) longer than the fastest shard's period is superseded.
      maxEventAge: Duration.minutes(Math.min(...this.shards.map((s) => s.rateMinutes))),
      onFailure: new destinations.SqsDestination(this.failedInvocations),
      environment: {
        [ENV.homeRegion]: config.homeRegion,
        [ENV.probeRegion]: props.probeRegion,
        [ENV.probeConcurrency]: String(config.concurrency),
      },
      ...(props.placement ? { vpc: props.placement } : {}),
    });
    if (inVpc) grantVpcNetworking(this.fn.role!);
    this.fn
      .useTable(props.table, props.tableName, config.historyDays)
      .useMetricsNamespace(config.metricsNamespace)
      .useAlerts(props.alerts);
    grantSecretRefs(this.fn, plan.targets.flatMap((t) => Object.values(t.secretHeaders)));

    this.schedules = new ScheduledInvocations(this, 'Schedules', {
      fn: this.fn,
      invocations: this.shards.map((shard) => ({
        name: `Shard-${shard.name}`,
        rateMinutes: shard.rateMinutes,
        input: { ...scheduleInput(shard) },
        description: `${config.project} ${inVpc ? 'VPC ' : ''}probe shard ${shard.name}: ${plural(shard.targetIds.length, 'target')} every ${plural(shard.rateMinutes, 'minute')}`,
      })),
    });
  }
}
