import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV } from '../../lambdas/contracts/env';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { openIncidentsFunctionName } from '../dashboards/custom-widgets';
import { PantauFunction, type TableAction } from './pantau-function';

export interface OpenIncidentsWidgetProps {
  config: ResolvedConfig;
  table: dynamodb.ITable;
  tableName: string;
  logRetention?: logs.RetentionDays;
}

/** The two reads of the incident listing: the incident projections and their notes, per subject. */
export const WIDGET_TABLE_ACTIONS: readonly TableAction[] = ['dynamodb:Query'];

/**
 * The Lambda behind the overview's "open incidents" custom widget (lambdas/widgets/handler.ts):
 * read-only on the table. Its name is fixed (`<project>-open-incidents`) so the dashboard body
 * names it by ARN without a deploy-time token. CloudWatch invokes it with the credentials of
 * whoever views the dashboard: a reader needs lambda:InvokeFunction on it (docs/dashboards.md);
 * the function needs no resource policy.
 */
export class OpenIncidentsWidget extends Construct {
  readonly fn: PantauFunction;

  constructor(scope: Construct, id: string, props: OpenIncidentsWidgetProps) {
    super(scope, id);
    const { config } = props;
    this.fn = new PantauFunction(this, 'Function', {
      entry: 'lambdas/widgets/handler.ts',
      config,
      functionName: openIncidentsFunctionName(config),
      serviceName: `${config.project}-open-incidents`,
      description: `${config.project} open incidents widget: the overview's list of open incidents, read from the table`,
      timeout: Duration.seconds(10),
      memorySize: 256,
      logRetention: props.logRetention,
      environment: { [ENV.homeRegion]: config.homeRegion },
    });
    this.fn.useTable(props.table, props.tableName, config.historyDays, WIDGET_TABLE_ACTIONS);
  }
}
