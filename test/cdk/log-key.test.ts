import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp, sampleCapacity, sampleConfig } from './cdk-app';

type Statement = { Sid?: string; Effect: string; Principal: unknown; Action: string | string[]; Condition?: Record<string, unknown> };
type KeyResource = { Properties: { Description: string; KeyPolicy: { Statement: Statement[] } } };

function keys(template: Template): KeyResource[] {
  return Object.values(template.findResources('AWS::KMS::Key')) as KeyResource[];
}

const GRANT_LIMIT = {
  Sid: 'LimitGrantsToAwsServices',
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: 'kms:CreateGrant',
  Resource: '*',
  Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
};

describe('log groups and keys', () => {
  const { stacks } = buildApp(sampleConfig({ capacity: sampleCapacity(), logRetentionDays: 731 }));
  const monitor = Template.fromStack(stacks.monitor);
  const probe = Template.fromStack(stacks.probes[0]!);

  it('every log group keeps the configured retention and is encrypted with its stack\'s one log key', () => {
    for (const template of [monitor, probe]) {
      const logKeys = Object.keys(template.findResources('AWS::KMS::Key')).filter((id) => id.startsWith('LogKey'));
      expect(logKeys).toHaveLength(1);
      const groups = Object.values(template.findResources('AWS::Logs::LogGroup')) as Array<{ Properties: { RetentionInDays: number; KmsKeyId: unknown } }>;
      expect(groups.length).toBeGreaterThanOrEqual(2);
      for (const group of groups) {
        expect(group.Properties.RetentionInDays).toBe(731);
        expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [logKeys[0], 'Arn'] });
      }
    }
  });

  it('the log key lets this region\'s CloudWatch Logs use it, for this account\'s log groups only', () => {
    const logKey = keys(probe).find((k) => k.Properties.Description.includes('log groups'))!;
    const logs = logKey.Properties.KeyPolicy.Statement.find((s) => s.Sid === 'AllowCloudWatchLogsToUseTheKey')!;
    expect(logs.Effect).toBe('Allow');
    expect(logs.Principal).toEqual({ Service: 'logs.ap-southeast-1.amazonaws.com' });
    expect(logs.Action).toEqual(expect.arrayContaining(['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*']));
    expect(JSON.stringify(logs.Condition)).toMatch(/kms:EncryptionContext:aws:logs:arn.*:logs:ap-southeast-1:.*:log-group:\*/);
  });

  it('every key, the alert key included, refuses CreateGrant except for AWS services', () => {
    const all = [...keys(monitor), ...keys(probe)];
    expect(all).toHaveLength(3); // alert key + a log key per stack
    for (const key of all) expect(key.Properties.KeyPolicy.Statement).toContainEqual(GRANT_LIMIT);
  });
});
