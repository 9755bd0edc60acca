import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { CapacitySource } from '../../lambdas/core/capacity/types';
import type { AlertDestinations } from './alert-destinations';
import { PantauFunction } from './pantau-function';
import { grantSecretRefs } from './secret-grants';
import { ScheduledInvocations, plural } from './scheduled-invocations';
import { MAX_SCHEDULE_INPUT_BYTES } from './shards';

export interface CapacityWatchProps {
  config: ResolvedConfig;
  table: dynamodb.ITable;
  tableName: string;
  alerts: AlertDestinations;
  entry?: string;
  logRetention?: logs.RetentionDays;
}

/** One capacity schedule: the sources that share an interval. */
export interface CapacityGroup {
  name: string;
  rateMinutes: number;
  sourceIds: string[];
}

/**
 * The capacity Lambda (lambdas/capacity/handler.ts) in the home region and one schedule per
 * group of sources that share an interval, with input `{"sources": [...]}`.
 */
export class CapacityWatch extends Construct {
  readonly fn: PantauFunction;
  readonly groups: CapacityGroup[];
  readonly schedules: ScheduledInvocations;

  constructor(scope: Construct, id: string, props: CapacityWatchProps) {
    super(scope, id);
    const { config } = props;
    this.groups = planCapacityGroups(config.capacity);
    // CPU and network rates may need two scrapes a short interval apart, hence 2 × the slowest timeout.
    const slowestMs = Math.max(10_000, ...config.capacity.map((s) => s.timeoutMs));
    this.fn = new PantauFunction(this, 'Function', {
      entry: props.entry ?? 'lambdas/capacity/handler.ts',
      config,
      serviceName: `${config.project}-capacity`,
      description: `${config.project} capacity: reads data-centre capacity sources, forecasts exhaustion`,
      timeout: Duration.seconds(Math.min(900, Math.ceil((2 * slowestMs + 30_000) / 1000))),
      logRetention: props.logRetention,
      environment: {
        HOME_REGION: config.homeRegion,
        PROBE_REGION: config.homeRegion,
        PROBE_CONCURRENCY: String(config.concurrency),
      },
    });
    this.fn
      .useTable(props.table, props.tableName, config.historyDays)
      .useMetricsNamespace(config.metricsNamespace)
      .useAlerts(props.alerts);
    grantSecretRefs(
      this.fn,
      config.capacity.flatMap((s) => (s.source.type === 'http-json' ? Object.values(s.source.secretHeaders ?? {}) : [])),
    );
    // `cloudwatch` capacity sources read existing AWS metrics (RDS storage, Lambda concurrency…);
    // without one the function sends no GetMetricData, so it gets none.
    if (config.capacity.some((s) => s.source.type === 'cloudwatch')) {
      this.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] }));
      NagSuppressions.addResourceSuppressions(
        this.fn.role!,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason: 'cloudwatch:GetMetricData does not support resource-level permissions or condition keys; it is read-only and granted only when the config has a `cloudwatch` capacity source.',
            appliesTo: ['Resource::*'],
          },
        ],
        true,
      );
    }

    this.schedules = new ScheduledInvocations(this, 'Schedules', {
      fn: this.fn,
      invocations: this.groups.map((g) => ({
        name: `Sources-${g.name}`,
        rateMinutes: g.rateMinutes,
        input: { sources: g.sourceIds },
        description: `${config.project} capacity ${g.name}: ${plural(g.sourceIds.length, 'source')} every ${plural(g.rateMinutes, 'minute')}`,
      })),
    });
  }
}

/** Groups sources by schedule rate (whole minutes, rounded down, at least 1). */
export function planCapacityGroups(sources: CapacitySource[]): CapacityGroup[] {
  const byRate = new Map<number, string[]>();
  for (const source of sources) {
    const rate = Math.max(1, Math.floor(source.intervalMs / 60_000));
    byRate.set(rate, [...(byRate.get(rate) ?? []), source.id]);
  }
  return [...byRate.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rateMinutes, sourceIds]) => {
      const name = `${rateMinutes}m`;
      const size = Buffer.byteLength(JSON.stringify({ sources: sourceIds }));
      if (size > MAX_SCHEDULE_INPUT_BYTES) {
        throw new Error(`capacity: the ${name} sources need a ${size}-byte schedule input, over EventBridge's ${MAX_SCHEDULE_INPUT_BYTES}; shorten source ids`);
      }
      return { name, rateMinutes, sourceIds };
    });
}
