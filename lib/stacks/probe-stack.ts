import { Stack, Tags, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { AlarmRelay } from '../constructs/alarm-relay';
import { RemoteAlertTopics } from '../constructs/alert-destinations';
import { homeTableArn, tableName } from '../constructs/naming';
import { ProbeFleet } from '../constructs/probe-fleet';
import { SelfWatch } from '../constructs/self-watch';

export interface ProbeStackProps extends StackProps {
  config: ResolvedConfig;
  /** The extra region these probes run from (also the stack's env.region). */
  probeRegion: string;
  logRetention?: logs.RetentionDays;
}

/**
 * Probes in an extra region. They write to the home region's table and publish to the home
 * region's topics and CloudWatch, reached by deterministic names (docs/decisions.md): one
 * authoritative state table, one dashboard. Their dead-man alarms are in the home stack (the
 * heartbeats are published there); what only this region's CloudWatch sees (Lambda Errors, the
 * drop queues) is alarmed here and relayed by this region's own alarm relay.
 */
export class ProbeStack extends Stack {
  readonly probes: ProbeFleet;
  readonly relay: AlarmRelay;
  readonly selfWatch: SelfWatch;

  constructor(scope: Construct, id: string, props: ProbeStackProps) {
    super(scope, id, props);
    const { config } = props;
    for (const [key, value] of Object.entries(config.tags)) Tags.of(this).add(key, value);

    const table = dynamodb.Table.fromTableAttributes(this, 'HomeTable', { tableArn: homeTableArn(this, config) });
    const alerts = new RemoteAlertTopics(this, 'HomeAlerts', config);
    this.probes = new ProbeFleet(this, 'Probes', {
      config,
      probeRegion: props.probeRegion,
      table,
      tableName: tableName(config),
      alerts,
      logRetention: props.logRetention,
    });
    this.relay = new AlarmRelay(this, 'AlarmRelay', {
      config,
      region: props.probeRegion,
      table,
      tableName: tableName(config),
      alerts,
      logRetention: props.logRetention,
    });
    this.selfWatch = new SelfWatch(this, 'SelfWatch', {
      config,
      region: props.probeRegion,
      functions: [
        { label: 'probe', fn: this.probes.fn },
        { label: 'relay', fn: this.relay.fn },
      ],
      queues: [
        { label: 'probe-schedules', queue: this.probes.schedules.deadLetterQueue },
        { label: 'probe-failed', queue: this.probes.failedInvocations },
      ],
    });
  }
}
