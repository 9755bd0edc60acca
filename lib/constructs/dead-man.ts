import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { alarmDescription } from '../../lambdas/core/alerting/alarm-observation';
import { HEARTBEAT_DIMENSIONS, HEARTBEAT_METRIC } from '../../lambdas/contracts/metrics';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { capacityShard, type CapacityGroup } from './capacity-groups';
import { metricFactory } from './metric-factory';
import { opsAlarmName } from './self-watch';
import type { ProbeFleetPlan } from '../../lambdas/core/schedule/fleet-plan';

/**
 * Dead-man alarms: one per schedule that must keep running (probe shard × probe region, and
 * capacity group), on the `Heartbeat` each run publishes (lambdas/core/metrics.ts
 * `heartbeatSeries`). One alarm per shard, not per region, because an app's other shards keep
 * its `Up` series alive while one schedule is dead.
 *
 * - Period = the schedule's period, so every period of a live shard holds at least one
 *   heartbeat; a shorter period would see empty periods between rounds of a 10-minute shard.
 * - ALARM after 2 empty periods out of 2: one late round (a run that published just after the
 *   period boundary) is not an outage, two in a row are. A dead 1-minute shard pages within ~3
 *   minutes (2 periods + CloudWatch's evaluation delay), a dead 10-minute shard within ~20–21.
 * - Missing data is breaching: a dead schedule publishes nothing at all.
 *
 * All probe regions publish their metrics to the home region, so every dead-man lives in the
 * home stack. Like the self-watch alarms they have no SNS action: the alarm relay turns their
 * state changes into alerts (critical) with the attributes filter policies need.
 */

/** Dead-man alarms page the critical topic: a dead shard means targets nobody is watching. */
export const DEAD_MAN_SEVERITY = 'critical' as const;
export const DEAD_MAN_PERIODS = 2;

export interface DeadManWatch {
  /** Region the schedule runs in (the Heartbeat's `Region`). */
  region: string;
  /** The Heartbeat's `Shard`: a probe shard name, or `capacity-<group>`. */
  shard: string;
  rateMinutes: number;
  what: 'probe' | 'capacity';
}

/** Every schedule to watch: each probe shard in each region its fleet runs in, each capacity group at home. */
export function deadManWatches(config: ResolvedConfig, fleets: readonly Pick<ProbeFleetPlan, 'regions' | 'shards'>[], capacityGroups: readonly CapacityGroup[]): DeadManWatch[] {
  return [
    ...fleets.flatMap((fleet) =>
      fleet.regions.flatMap((region) => fleet.shards.map((s) => ({ region, shard: s.name, rateMinutes: s.rateMinutes, what: 'probe' as const }))),
    ),
    ...capacityGroups.map((g) => ({ region: config.homeRegion, shard: capacityShard(g), rateMinutes: g.rateMinutes, what: 'capacity' as const })),
  ];
}

export interface DeadManProps {
  config: ResolvedConfig;
  watches: DeadManWatch[];
}

export class DeadMan extends Construct {
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: DeadManProps) {
    super(scope, id);
    const { config } = props;
    const metrics = metricFactory(config.metricsNamespace);
    this.alarms = props.watches.map((w) => {
      const heartbeat = metrics.heartbeat(w.shard, w.region, Duration.minutes(w.rateMinutes));
      const silent = `${DEAD_MAN_PERIODS * w.rateMinutes} min`;
      // The alarm name already says which shard and region (it is the message's label): keep the
      // reason short, it is what an SMS shows.
      const summary = w.what === 'probe' ? `no probe round in ${silent}` : `no capacity run in ${silent}`;
      return heartbeat.createAlarm(this, `${w.region}-${w.shard}`, {
        alarmName: opsAlarmName(config, `deadman-${w.shard}`, w.region),
        alarmDescription: alarmDescription(
          config.project,
          DEAD_MAN_SEVERITY,
          summary,
          `No ${config.metricsNamespace}/${HEARTBEAT_METRIC} (${HEARTBEAT_DIMENSIONS.region}=${w.region}, ${HEARTBEAT_DIMENSIONS.shard}=${w.shard}) for ${DEAD_MAN_PERIODS} periods of ${w.rateMinutes} min: ` +
            `the schedule is not running or its runs fail before publishing metrics. Check the schedule and the ${w.what} Lambda's logs in ${w.region}, and its drop queues.`,
        ),
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        threshold: 1,
        evaluationPeriods: DEAD_MAN_PERIODS,
        datapointsToAlarm: DEAD_MAN_PERIODS,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
    });
  }
}
