import { Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { Alerting } from '../constructs/alerting';
import { CapacityWatch } from '../constructs/capacity-watch';
import { Dashboards } from '../constructs/dashboards';
import type { PantauFunction } from '../constructs/pantau-function';
import { ProbeFleet } from '../constructs/probe-fleet';
import { SelfWatch } from '../constructs/self-watch';
import { Store } from '../constructs/store';

export interface MonitorStackProps extends StackProps {
  config: ResolvedConfig;
  logRetention?: logs.RetentionDays;
  /** SLO objective (percent) for the dashboard's error-budget widget. */
  availabilityObjectivePct?: number;
}

/**
 * The home region: the table, the alert topics, the home probes, the capacity watcher, the
 * dashboard and the self-watch alarms. Probe stacks in other regions use its table and topics
 * by their deterministic names.
 */
export class MonitorStack extends Stack {
  readonly store: Store;
  readonly alerting: Alerting;
  readonly probes?: ProbeFleet;
  readonly capacity?: CapacityWatch;
  readonly dashboards: Dashboards;
  readonly selfWatch: SelfWatch;

  constructor(scope: Construct, id: string, props: MonitorStackProps) {
    super(scope, id, props);
    const { config } = props;
    for (const [key, value] of Object.entries(config.tags)) Tags.of(this).add(key, value);

    this.store = new Store(this, 'Store', { config });
    this.alerting = new Alerting(this, 'Alerting', { config });

    const functions: Array<{ label: string; fn: PantauFunction }> = [];
    if (config.targets.length > 0) {
      this.probes = new ProbeFleet(this, 'Probes', {
        config,
        probeRegion: config.homeRegion,
        table: this.store.table,
        tableName: this.store.tableName,
        alerts: this.alerting,
        logRetention: props.logRetention,
      });
      functions.push({ label: 'probe', fn: this.probes.fn });
    }
    if (config.capacity.length > 0) {
      this.capacity = new CapacityWatch(this, 'Capacity', {
        config,
        table: this.store.table,
        tableName: this.store.tableName,
        alerts: this.alerting,
        logRetention: props.logRetention,
      });
      functions.push({ label: 'capacity', fn: this.capacity.fn });
    }

    this.dashboards = new Dashboards(this, 'Dashboards', {
      config,
      functions,
      availabilityObjectivePct: props.availabilityObjectivePct,
    });
    this.selfWatch = new SelfWatch(this, 'SelfWatch', { config, alerting: this.alerting, functions });
  }
}
