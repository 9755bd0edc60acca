import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { Alerting } from './alerting';
import { probeSamplesQuery } from './metrics-catalog';
import type { PantauFunction } from './pantau-function';

export interface SelfWatchProps {
  config: ResolvedConfig;
  alerting: Alerting;
  /** Home-region functions whose errors page the warning topic. */
  functions: Array<{ label: string; fn: PantauFunction }>;
}

/**
 * The monitor watches itself (DESIGN.md "Alerting rules"):
 * - per probe region, "probe metrics stopped arriving": fewer than one `Up` sample in 5 minutes,
 *   missing data counted as breaching (a dead probe sends nothing at all) → critical topic;
 * - per home-region function, Lambda Errors (a failed sink, a crash) → warning topic.
 *
 * Alarms live in the home region: probe metrics from every region are published there, and a
 * CloudWatch alarm can only notify a topic in its own region. A probe stack's Lambda errors are
 * therefore covered by its region's "metrics stopped arriving" alarm, not an alarm of its own.
 */
export class SelfWatch extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: SelfWatchProps) {
    super(scope, id);
    const { config, alerting } = props;

    if (config.targets.length > 0) {
      for (const region of config.regions) {
        const alarm = probeSamplesQuery(config, region).createAlarm(this, `ProbeMetricsMissing-${region}`, {
          alarmName: `${config.project}-probe-metrics-missing-${region}`,
          alarmDescription: `No ${config.metricsNamespace}/Up sample from the ${region} probes in 5 minutes: the probes there are not running or cannot publish. Check the probe Lambda's logs in ${region}.`,
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          threshold: 1,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        });
        alarm.addAlarmAction(alerting.alarmAction('critical'));
        alarm.addOkAction(alerting.alarmAction('critical'));
        this.alarms.push(alarm);
      }
    }

    for (const { label, fn } of props.functions) {
      const alarm = fn.errorsMetric(Duration.minutes(5)).createAlarm(this, `Errors-${label}`, {
        alarmName: `${config.project}-${label}-errors`,
        alarmDescription: `The ${label} Lambda failed in 2 of the last 3 five-minute periods (a sink failed or the handler crashed). See its log group.`,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        threshold: 1,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(alerting.alarmAction('warning'));
      alarm.addOkAction(alerting.alarmAction('warning'));
      this.alarms.push(alarm);
    }
  }
}
