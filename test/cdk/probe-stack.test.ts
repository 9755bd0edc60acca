import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { stackPrefix } from '../../lib/stacks/pantau-app';
import { buildApp, sampleConfig } from './cdk-app';

type Statement = { Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };

/** Renders `{"Fn::Join": ["", [...]]}` ARNs as text with `${AWS::AccountId}` for the account. */
function arnText(value: unknown): string {
  if (typeof value === 'string') return value;
  const [, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return parts.map((p) => (typeof p === 'string' ? p : `\${${(p as { Ref: string }).Ref}}`)).join('');
}

describe('App layout and ProbeStack (extra probe region)', () => {
  let built: ReturnType<typeof buildApp>;
  let template: Template;
  let statements: Statement[];
  beforeAll(() => {
    built = buildApp(sampleConfig(), { account: '111122223333' });
    template = Template.fromStack(built.stacks.probes[0]!);
    statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties).includes('ProbesFunctionRole'))
      .flatMap((p) => (p.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement);
  });

  it('creates one monitor stack in the home region and one probe stack per extra region, with explicit envs', () => {
    const { monitor, probes } = built.stacks;
    expect([monitor.stackName, monitor.region, monitor.account]).toEqual(['Pantau-Monitor', 'ap-southeast-3', '111122223333']);
    expect(probes.map((p) => [p.stackName, p.region])).toEqual([['Pantau-Probe-ap-southeast-1', 'ap-southeast-1']]);
    // Deployed after the home stack, whose table and topics it uses by name.
    expect(probes[0]!.dependencies).toContain(monitor);
  });

  it('names stacks after the project', () => {
    expect(stackPrefix('pantau')).toBe('Pantau');
    expect(stackPrefix('kpu-pantau_staging')).toBe('KpuPantauStaging');
  });

  it('holds the probe fleet and its self-watch: no table, topic, alert key or dashboard of its own', () => {
    for (const type of ['AWS::DynamoDB::Table', 'AWS::SNS::Topic', 'AWS::KMS::Alias', 'AWS::CloudWatch::Dashboard']) {
      template.resourceCountIs(type, 0);
    }
    // Its only key encrypts its own log groups (a log group can only use a key in its region).
    template.resourceCountIs('AWS::KMS::Key', 1);
    expect(Object.keys(template.findResources('AWS::KMS::Key'))[0]).toMatch(/^LogKey/);
    // The probe and its region's alarm relay (test/cdk/dead-man.test.ts).
    template.resourceCountIs('AWS::Lambda::Function', 2);
    template.resourceCountIs('AWS::Scheduler::Schedule', 4);
  });

  it('probes from its own region but reports to the home table and topics', () => {
    const fn = Object.values(
      template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'pantau-probe' } } } }),
    )[0]!.Properties as {
      Environment: { Variables: Record<string, unknown> };
    };
    const env = fn.Environment.Variables;
    expect(env.PROBE_REGION).toBe('ap-southeast-1');
    expect(env.HOME_REGION).toBe('ap-southeast-3');
    expect(env.TABLE_NAME).toBe('pantau-state');
    expect(arnText(env.TOPIC_ARN_CRITICAL)).toBe('arn:aws:sns:ap-southeast-3:111122223333:pantau-critical');
    expect(arnText(env.TOPIC_ARN_WARNING)).toBe('arn:aws:sns:ap-southeast-3:111122223333:pantau-warning');
    expect(arnText(env.TOPIC_ARN_INFO)).toBe('arn:aws:sns:ap-southeast-3:111122223333:pantau-info');
  });

  it('is granted the home table by its deterministic ARN', () => {
    const table = statements.find((s) => [s.Action].flat().includes('dynamodb:UpdateItem'));
    expect(arnText(table!.Resource)).toBe('arn:aws:dynamodb:ap-southeast-3:111122223333:table/pantau-state');
  });

  it('may use the home alert key only through its alias and only via SNS in the home region', () => {
    const kms = statements.find((s) => [s.Action].flat().includes('kms:GenerateDataKey'));
    expect([kms!.Action].flat().sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(arnText(kms!.Resource)).toBe('arn:aws:kms:ap-southeast-3:111122223333:key/*');
    expect(kms!.Condition).toEqual({
      'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/pantau-alerts' },
      StringEquals: { 'kms:ViaService': 'sns.ap-southeast-3.amazonaws.com' },
    });
  });

  it('the alias it relies on is the one the home stack gives the key', () => {
    Template.fromStack(built.stacks.monitor).hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/pantau-alerts' });
  });

  it('reads secrets in its own region, where its SDK clients look for them', () => {
    const ssm = statements.find((s) => [s.Action].flat().includes('ssm:GetParameter'));
    expect(arnText(ssm!.Resource)).toBe('arn:aws:ssm:ap-southeast-1:111122223333:parameter/pantau/sirekap/token');
  });

  it('publishes metrics to the Pantau namespace only', () => {
    const put = statements.find((s) => [s.Action].flat().includes('cloudwatch:PutMetricData'));
    expect(put!.Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': 'Pantau' } });
  });

  it('tags every taggable resource with the config tags', () => {
    for (const [, resource] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
      expect((resource.Properties as { Tags: unknown[] }).Tags).toEqual(
        expect.arrayContaining([
          { Key: 'project', Value: 'pantau' },
          { Key: 'owner', Value: 'kpu-infra' },
        ]),
      );
    }
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', {
      Tags: [
        { Key: 'owner', Value: 'kpu-infra' },
        { Key: 'project', Value: 'pantau' },
      ],
    });
  });
});
