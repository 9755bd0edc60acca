import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ONCALL_OVERRIDES_PK, SUBJECT_PARTITION_PREFIXES } from '../../lambdas/contracts/oncall';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { Alerting } from './alerting';

export interface OperatorRoleProps {
  config: ResolvedConfig;
  table: dynamodb.ITable;
  alerts: Alerting;
}

/** The item actions the on-call commands make: reads, conditional puts, and removing a silence. */
export const OPERATOR_ITEM_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'] as const;

/** The partitions those actions may touch: the subjects' (state, incidents, notes) and the overrides'. */
export const OPERATOR_LEADING_KEYS = [...SUBJECT_PARTITION_PREFIXES.map((prefix) => `${prefix}*`), ONCALL_OVERRIDES_PK];

/**
 * The role on-call staff assume to run `pantau incidents | ack | note | silence | maintenance`
 * against the deployed table. Least privilege: item reads and writes only in the subject and
 * override partitions (a `dynamodb:LeadingKeys` condition: no storm buckets, no scans, no table
 * changes), DescribeTable (the CLI checks the table exists before using it), and publishing to
 * the alert topics (the acknowledgement announcement). Assumable by `oncall.operators`, or by
 * the account root (so the account's IAM policies decide) when none are listed.
 */
export class OperatorRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: OperatorRoleProps) {
    super(scope, id);
    const { config } = props;
    const operators = config.oncall?.operators ?? [];
    this.role = new iam.Role(this, 'Role', {
      roleName: `${config.project}-operator`,
      description: `${config.project} on-call: list and acknowledge incidents, add notes, silences and maintenance windows`,
      assumedBy: operators.length > 0 ? new iam.CompositePrincipal(...operators.map((arn) => new iam.ArnPrincipal(arn))) : new iam.AccountRootPrincipal(),
      maxSessionDuration: Duration.hours(4),
    });
    this.role.addToPolicy(new iam.PolicyStatement({ actions: ['dynamodb:DescribeTable'], resources: [props.table.tableArn] }));
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: [...OPERATOR_ITEM_ACTIONS],
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': OPERATOR_LEADING_KEYS } },
      }),
    );
    props.alerts.grantPublish(this.role);
    new CfnOutput(Stack.of(this), 'OperatorRoleArn', {
      value: this.role.roleArn,
      description: 'Assume this role for the pantau on-call commands on the deployed table (docs/oncall.md)',
    });
  }
}
