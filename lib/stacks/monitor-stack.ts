import { Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { AlarmRelay } from '../constructs/alarm-relay';
import { Alerting } from '../constructs/alerting';
import { CapacityWatch } from '../constructs/capacity-watch';
import { Dashboards } from '../constructs/dashboards';
import { DeadMan, deadManWatches } from '../constructs/dead-man';
import type { PantauFunction } from '../constructs/pantau-function';
import { ProbeFleet } from '../constructs/probe-fleet';
import { SelfWatch } from '../constructs/self-watch';
import { Store } from '../constructs/store';
import { StatusPage } from '../constructs/status-page';
import { DEFAULT_STATUS_PAGE } from '../../lambdas/core/status/defaults';

export interface MonitorStackProps extends StackProps {
  config: ResolvedConfig;
  logRetention?: logs.RetentionDays;
  /** SLO objective (percent) for the dashboard's error-budget widget. */
  availabilityObjectivePct?: number;
}

/**
 * The home region: the table, the alert topics, the home probes, the capacity watcher, the
 * dashboard, the dead-man alarms of every shard in every region (all metrics are published
 * here), the self-watch alarms of this region and its alarm relay. Probe stacks in other
 * regions use its table and topics by their deterministic names.
 */
export class MonitorStack extends Stack {
  readonly store: Store;
  readonly alerting: Alerting;
  readonly probes?: ProbeFleet;
  readonly capacity?: CapacityWatch;
  readonly dashboards: Dashboards;
  readonly selfWatch: SelfWatch;
  readonly deadMan: DeadMan;
  readonly relay: AlarmRelay;
  readonly statusPage?: StatusPage;

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

    const page = config.statusPage ?? DEFAULT_STATUS_PAGE;
    if (page.enabled && config.targets.length > 0) {
      this.statusPage = new StatusPage(this, 'StatusPage', {
        config,
        page,
        table: this.store.table,
        tableName: this.store.tableName,
        logRetention: props.logRetention,
      });
    }

    this.dashboards = new Dashboards(this, 'Dashboards', {
      config,
      functions,
      availabilityObjectivePct: props.availabilityObjectivePct,
    });
    this.relay = new AlarmRelay(this, 'AlarmRelay', {
      config,
      region: config.homeRegion,
      table: this.store.table,
      tableName: this.store.tableName,
      alerts: this.alerting,
      lastResortTopic: this.alerting.topics.critical,
      logRetention: props.logRetention,
    });
    const queues = [
      ...(this.probes
        ? [
            { label: 'probe-schedules', queue: this.probes.schedules.deadLetterQueue },
            { label: 'probe-failed', queue: this.probes.failedInvocations },
          ]
        : []),
      ...(this.capacity
        ? [
            { label: 'capacity-schedules', queue: this.capacity.schedules.deadLetterQueue },
            { label: 'capacity-failed', queue: this.capacity.failedInvocations },
          ]
        : []),
    ];
    this.selfWatch = new SelfWatch(this, 'SelfWatch', {
      config,
      region: config.homeRegion,
      functions: [...functions, { label: 'relay', fn: this.relay.fn }],
      queues,
    });
    this.deadMan = new DeadMan(this, 'DeadMan', {
      config,
      watches: deadManWatches(config, this.probes?.shards ?? [], this.capacity?.groups ?? []),
    });
  }
}
