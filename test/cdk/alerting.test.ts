import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { toFilterPolicy } from '../../lib/constructs/alerting';
import { monitorTemplate, sampleConfig } from './cdk-app';

type Statement = { Sid?: string; Effect: string; Principal?: unknown; Action: string | string[]; Condition?: Record<string, Record<string, unknown>> };

describe('Alerting construct (SNS topics, KMS key, subscriptions)', () => {
  let template: Template;
  let keyStatements: Statement[];
  let keyLogicalId: string;
  beforeAll(() => {
    template = monitorTemplate(sampleConfig());
    const keys = template.findResources('AWS::KMS::Key');
    // The alert key; the stack's other key encrypts its log groups (test/cdk/log-key.test.ts).
    keyLogicalId = Object.keys(keys).find((id) => id.startsWith('AlertingKey'))!;
    keyStatements = (keys[keyLogicalId]!.Properties as { KeyPolicy: { Statement: Statement[] } }).KeyPolicy.Statement;
  });

  it('creates one topic per severity with a deterministic name, encrypted with the customer-managed key', () => {
    template.resourceCountIs('AWS::SNS::Topic', 3);
    for (const name of ['critical', 'warning', 'info']) {
      template.hasResourceProperties('AWS::SNS::Topic', {
        TopicName: `pantau-${name}`,
        KmsMasterKeyId: { 'Fn::GetAtt': [keyLogicalId, 'Arn'] },
      });
    }
  });

  it('uses one customer-managed key with rotation, under the alert alias', () => {
    // Two keys in the stack: this one and the log groups' key.
    template.resourceCountIs('AWS::KMS::Key', 2);
    template.resourceCountIs('AWS::KMS::Alias', 1);
    expect(keyLogicalId).toBeDefined();
    expect((template.toJSON().Resources[keyLogicalId].Properties as { EnableKeyRotation: boolean }).EnableKeyRotation).toBe(true);
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/pantau-alerts', TargetKeyId: { 'Fn::GetAtt': [keyLogicalId, 'Arn'] } });
  });

  it('key policy lets CloudWatch alarms use the key, only for this account and its alarms', () => {
    const cw = keyStatements.find((s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'cloudwatch.amazonaws.com' }));
    expect(cw).toBeDefined();
    expect(cw!.Effect).toBe('Allow');
    expect([cw!.Action].flat().sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(cw!.Condition?.StringEquals?.['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    expect(JSON.stringify(cw!.Condition?.ArnLike?.['aws:SourceArn'])).toContain(':cloudwatch:ap-southeast-3:');
    expect(JSON.stringify(cw!.Condition?.ArnLike?.['aws:SourceArn'])).toContain(':alarm:*');
  });

  it('key policy names no other service: nothing but CloudWatch alarms delivers to the topics (no EventBridge)', () => {
    const services = keyStatements.flatMap((s) => [(s.Principal as { Service?: string } | undefined)?.Service ?? []].flat());
    expect(services).toEqual(['cloudwatch.amazonaws.com']);
  });

  it('every topic policy denies publishing without TLS and lets CloudWatch alarms, and no other service, publish', () => {
    const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
    expect(policies).toHaveLength(3);
    for (const policy of policies) {
      const statements = (policy.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Principal: '*',
          Action: 'sns:Publish',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
      const cw = statements.find((s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'cloudwatch.amazonaws.com' }));
      expect(cw).toMatchObject({ Effect: 'Allow', Action: 'sns:Publish' });
      expect(cw!.Condition?.StringEquals?.['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
      const services = statements.flatMap((s) => [(s.Principal as { Service?: string } | undefined)?.Service ?? []].flat());
      expect(services).toEqual(['cloudwatch.amazonaws.com']);
    }
  });

  it('creates the configured subscriptions with filter policies on message attributes', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 4);
    const topicRef = (name: string) => ({ Ref: Match.stringLikeRegexp(`^AlertingTopic${name}`) });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sms',
      Endpoint: '+628110000001',
      TopicArn: topicRef('critical'),
      FilterPolicy: { kind: ['down', 'recovered'] },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@kpu.go.id',
      TopicArn: topicRef('critical'),
      FilterPolicy: Match.absent(),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'sirekap-team@kpu.go.id',
      TopicArn: topicRef('warning'),
      FilterPolicy: { app: ['sirekap'], kind: ['down', 'recovered', 'degraded'] },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'https',
      Endpoint: 'https://chat.kpu.go.id/hooks/pantau',
      TopicArn: topicRef('info'),
    });
  });

  it('rejects a filter on an attribute alerts do not carry, naming the config path and the fix', () => {
    expect(() => toFilterPolicy({ team: ['x'] }, 'alerting.topics.critical')).toThrow(
      'alerting.topics.critical: filter key "team" is not a message attribute; use one of severity, app, target, kind, region',
    );
    expect(() => toFilterPolicy({ app: [] }, 'alerting.topics.info')).toThrow(/filter.app is empty/);
    expect(toFilterPolicy(undefined, 'x')).toBeUndefined();
  });
});
