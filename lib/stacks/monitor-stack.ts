import { Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { AlarmRelay } from '../constructs/alarm-relay';
import { Alerting } from '../constructs/alerting';
import { ChatRelays } from '../constructs/telegram-relay';
import { CapacityWatch } from '../constructs/capacity-watch';
import { Dashboards } from '../constructs/dashboards';
import { OpenIncidentsWidget } from '../constructs/open-incidents-widget';
import { DeadMan, deadManWatches } from '../constructs/dead-man';
import type { PantauFunction } from '../constructs/pantau-function';
import { OperatorRole } from '../constructs/operator-role';
import { ProbeFleet } from '../constructs/probe-fleet';
import { SelfWatch } from '../constructs/self-watch';
import { SloAlarms } from '../constructs/slo-alarms';
import { observabilityScopes } from '../constructs/observability-placement';
import { Store } from '../constructs/store';
import { VpcPlacement } from '../constructs/vpc-placement';
import { placesInVpc } from '../constructs/vpc-plan';
import { planProbeFleets } from '../../lambdas/core/schedule/fleet-plan';
import { StatusPage } from '../constructs/status-page';
import { DEFAULT_STATUS_PAGE } from '../../lambdas/core/status/defaults';

export interface MonitorStackProps extends StackProps {
  config: ResolvedConfig;
  logRetention?: logs.RetentionDays;
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
  /** Private targets, probed from inside the VPC (home region only). */
  readonly vpcProbes?: ProbeFleet;
  readonly vpc?: VpcPlacement;
  readonly capacity?: CapacityWatch;
  readonly dashboards: Dashboards;
  readonly openIncidents: OpenIncidentsWidget;
  readonly slo: SloAlarms;
  readonly selfWatch: SelfWatch;
  readonly deadMan: DeadMan;
  readonly relay: AlarmRelay;
  readonly chat: ChatRelays;
  readonly operator: OperatorRole;
  readonly statusPage?: StatusPage;

  constructor(scope: Construct, id: string, props: MonitorStackProps) {
    super(scope, id, props);
    const { config } = props;
    for (const [key, value] of Object.entries(config.tags)) Tags.of(this).add(key, value);

    this.store = new Store(this, 'Store', { config });
    this.alerting = new Alerting(this, 'Alerting', { config });
    this.operator = new OperatorRole(this, 'Operator', { config, table: this.store.table, alerts: this.alerting });

    const functions: Array<{ label: string; fn: PantauFunction }> = [];
    // One imported VPC and one set of endpoints, shared by the capacity Lambda and the VPC probes.
    if (placesInVpc(config)) this.vpc = new VpcPlacement(this, 'Vpc', { config: { ...config, vpc: config.vpc! } });
    const fleets = planProbeFleets(config);
    const fleetProps = { config, probeRegion: config.homeRegion, table: this.store.table, tableName: this.store.tableName, alerts: this.alerting, logRetention: props.logRetention };
    for (const plan of fleets) {
      if (plan.placement === 'internet') {
        this.probes = new ProbeFleet(this, 'Probes', { ...fleetProps, plan });
        functions.push({ label: 'probe', fn: this.probes.fn });
      } else {
        this.vpcProbes = new ProbeFleet(this, 'VpcProbes', { ...fleetProps, plan, placement: this.vpc!.placement });
        functions.push({ label: 'vpc-probe', fn: this.vpcProbes.fn });
      }
    }
    if (config.capacity.length > 0) {
      this.capacity = new CapacityWatch(this, 'Capacity', {
        config,
        table: this.store.table,
        tableName: this.store.tableName,
        alerts: this.alerting,
        logRetention: props.logRetention,
        placement: this.vpc?.placement,
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
      // A renderer that stops failing quietly leaves a stale page: its errors and dropped runs are alarmed.
      functions.push({ label: 'status-page', fn: this.statusPage.fn });
    }

    this.openIncidents = new OpenIncidentsWidget(this, 'OpenIncidents', {
      config,
      table: this.store.table,
      tableName: this.store.tableName,
      logRetention: props.logRetention,
    });
    // Past a size, in nested stacks of their own: the monitor template stays under 500 resources.
    const observability = observabilityScopes(this, config);
    this.dashboards = new Dashboards(observability.dashboards, 'Dashboards', { config });
    this.slo = new SloAlarms(observability.slo, 'Slo', { config, ...(observability.sloOfApp ? { scopeOfApp: observability.sloOfApp } : {}) });
    this.relay = new AlarmRelay(this, 'AlarmRelay', {
      config,
      region: config.homeRegion,
      table: this.store.table,
      tableName: this.store.tableName,
      alerts: this.alerting,
      lastResortTopic: this.alerting.topics.critical,
      logRetention: props.logRetention,
      extraSeverities: this.slo.severities,
      readsSloBudget: true,
    });
    const queues = [
      ...(this.probes
        ? [
            { label: 'probe-schedules', queue: this.probes.schedules.deadLetterQueue },
            { label: 'probe-failed', queue: this.probes.failedInvocations },
          ]
        : []),
      ...(this.vpcProbes
        ? [
            { label: 'vpc-probe-schedules', queue: this.vpcProbes.schedules.deadLetterQueue },
            { label: 'vpc-probe-failed', queue: this.vpcProbes.failedInvocations },
          ]
        : []),
      ...(this.capacity
        ? [
            { label: 'capacity-schedules', queue: this.capacity.schedules.deadLetterQueue },
            { label: 'capacity-failed', queue: this.capacity.failedInvocations },
          ]
        : []),
      ...(this.statusPage ? [{ label: 'status-page-schedules', queue: this.statusPage.schedules.deadLetterQueue }] : []),
    ];
    this.chat = new ChatRelays(this, 'Chat', {
      config,
      table: this.store.table,
      tableName: this.store.tableName,
      topics: this.alerting.topics,
      key: this.alerting.key,
      logRetention: props.logRetention,
    });
    this.selfWatch = new SelfWatch(this, 'SelfWatch', {
      config,
      region: config.homeRegion,
      functions: [...functions, { label: 'relay', fn: this.relay.fn }],
      queues,
    });
    this.deadMan = new DeadMan(this, 'DeadMan', {
      config,
      watches: deadManWatches(config, fleets, this.capacity?.groups ?? []),
    });
  }
}
