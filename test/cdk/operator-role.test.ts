import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { incidentNoteKey, overrideKey, STORM_DUE_PK, stormPk, subjectIncidentKey, subjectStateKey } from '../../lambdas/adapters/dynamo/keys';
import type { SubjectRef } from '../../lambdas/ports';
import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Alerting } from '../../lib/constructs/alerting';
import { OPERATOR_ITEM_ACTIONS, OPERATOR_LEADING_KEYS, OperatorRole } from '../../lib/constructs/operator-role';
import { wildcardMatches } from '../support/iam-policy';
import { monitorTemplate, sampleConfig } from './cdk-app';

/**
 * The operator role: assumable by the listed principals (or the account root), item access only
 * in the partitions the on-call commands use, DescribeTable, and publish on the alert topics.
 */

const OPERATORS = ['arn:aws:iam::123456789012:role/KpuOnCall', 'arn:aws:iam::123456789012:user/ana'];

function operatorPolicy(template: Template): Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown }> {
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^OperatorRole') }] } });
  expect(Object.keys(policies)).toHaveLength(1);
  return Object.values(policies)[0]!.Properties.PolicyDocument.Statement;
}

describe('OperatorRole', () => {
  let listed: Template;
  let root: Template;
  beforeAll(() => {
    listed = monitorTemplate(sampleConfig({ oncall: { operators: OPERATORS } }));
    // Without operators: the construct alone in a bare stack (one full synth per file is enough).
    const stack = new Stack(new App(), 'Bare');
    const config = sampleConfig();
    const table = new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    new OperatorRole(stack, 'Operator', { config, table, alerts: new Alerting(stack, 'Alerting', { config }) });
    root = Template.fromStack(stack);
  }, 120_000);

  it('is assumable by the principals of oncall.operators only, or by the account root when none are listed', () => {
    listed.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'pantau-operator',
      MaxSessionDuration: 14_400,
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: OPERATORS } }] },
    });
    const [rootRole] = Object.values(root.findResources('AWS::IAM::Role', { Properties: { RoleName: 'pantau-operator' } }));
    const principal = JSON.stringify(rootRole!.Properties.AssumeRolePolicyDocument.Statement);
    expect(principal).toMatch(/"AWS":\{"Fn::Join":\["",\[.*"Ref":"AWS::AccountId"\},":root"\]\]\}/);
    expect(rootRole!.Properties.AssumeRolePolicyDocument.Statement).toHaveLength(1);
    expect(listed.findOutputs('OperatorRoleArn')).not.toEqual({});
  });

  it('grants exactly: DescribeTable; item actions under a LeadingKeys condition; publish on the topics and their key', () => {
    const statements = operatorPolicy(listed);
    const tableArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^StoreTable'), 'Arn'] };
    expect(statements).toHaveLength(4);
    expect(statements[0]).toMatchObject({ Action: 'dynamodb:DescribeTable', Resource: expect.anything() });
    expect(statements[1]).toMatchObject({
      Action: [...OPERATOR_ITEM_ACTIONS].sort(),
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': OPERATOR_LEADING_KEYS } },
    });
    Template.fromJSON({ Resources: { P: { Type: 'X', Properties: { S: statements.slice(0, 2) } } } }).hasResourceProperties('X', {
      S: [{ Resource: tableArn }, { Resource: tableArn }],
    });
    expect(statements[2]).toMatchObject({ Action: 'sns:Publish' });
    expect((statements[2]!.Resource as unknown[]).length).toBe(3);
    expect(statements[3]).toMatchObject({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'] });
    // No scans, no batch writes, no table changes.
    const actions = statements.flatMap((s) => [s.Action].flat());
    for (const forbidden of ['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:*']) {
      expect(actions).not.toContain(forbidden);
    }
  });

  it('its partitions cover every item the on-call commands touch, and not the storm buckets', () => {
    const allowed = (pk: string) => OPERATOR_LEADING_KEYS.some((pattern) => wildcardMatches(pattern, pk));
    const subjects: SubjectRef[] = [
      { kind: 'target', target: 'sirekap-web' },
      { kind: 'capacity', site: 'PDN', resource: 'filesystem:/' },
      { kind: 'ops', subject: 'probe-region:ap-southeast-3' },
      { kind: 'alarm', region: 'ap-southeast-3', alarmName: 'pantau-dead-shard' },
    ];
    for (const s of subjects) {
      expect(allowed(subjectStateKey(s).pk)).toBe(true);
      expect(allowed(subjectIncidentKey(s, '2026-12-02T10:00:00Z').pk)).toBe(true);
      expect(allowed(incidentNoteKey(s, '2026-12-02T10:00:00Z', '2026-12-02T10:05:00Z', 'ab12').pk)).toBe(true);
    }
    expect(allowed(overrideKey('sil-abc123').pk)).toBe(true);
    expect(allowed(stormPk('critical', 'sirekap', 'down'))).toBe(false);
    expect(allowed(STORM_DUE_PK)).toBe(false);
  });
});
