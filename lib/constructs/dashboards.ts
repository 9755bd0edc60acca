import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { dashboardBodies, type DashboardSpec } from '../dashboards/bodies';

export interface DashboardsProps {
  config: ResolvedConfig;
}

/**
 * The dashboards built from the config (lib/dashboards/bodies.ts): overview, one per app,
 * capacity, monitor health. The bodies are plain JSON, the same the local preview draws; the
 * account in alarm ARNs is the stack's, a token that `toJsonString` turns into a join.
 */
export class Dashboards extends Construct {
  readonly specs: DashboardSpec[];
  readonly dashboards: cloudwatch.CfnDashboard[];

  constructor(scope: Construct, id: string, props: DashboardsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.specs = dashboardBodies(props.config, { region: props.config.homeRegion, account: stack.account });
    this.dashboards = this.specs.map(
      (spec) =>
        new cloudwatch.CfnDashboard(this, spec.name, {
          dashboardName: spec.name,
          dashboardBody: stack.toJsonString(spec.body),
        }),
    );
  }
}
