import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCapacityGroups } from '../../lib/constructs/capacity-watch';
import { buildApp, monitorTemplate, sampleCapacity, sampleConfig } from './cdk-app';
import { dashboardWidgets } from './template-json';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };

describe('CapacityWatch construct', () => {
  let template: Template;
  let capacityFn: { Properties: Record<string, unknown> };
  let statements: Statement[];
  beforeAll(() => {
    template = monitorTemplate(sampleConfig({ capacity: sampleCapacity() }));
    const fns = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'pantau-capacity' } } },
    });
    capacityFn = Object.values(fns)[0] as typeof capacityFn;
    statements = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.startsWith('CapacityFunctionRole'))
      .flatMap(([, p]) => (p.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement);
  });

  it('runs the capacity handler on nodejs24.x arm64 with log retention and the common environment', () => {
    expect(capacityFn).toBeDefined();
    expect(capacityFn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Environment: {
        Variables: {
          TABLE_NAME: 'pantau-state',
          HOME_REGION: 'ap-southeast-3',
          METRICS_NAMESPACE: 'Pantau',
          HISTORY_DAYS: '30',
          TOPIC_ARN_CRITICAL: { Ref: expect.stringMatching(/^AlertingTopiccritical/) },
        },
      },
    });
    const logGroup = (capacityFn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    // A year by default (logRetentionDays), encrypted with the stack's log key.
    expect(template.toJSON().Resources[logGroup].Properties.RetentionInDays).toBe(365);
    expect(template.toJSON().Resources[logGroup].Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^LogKey/), 'Arn'] });
  });

  it('stays outside any VPC and creates no endpoint when no source is private', () => {
    expect(capacityFn.Properties.VpcConfig).toBeUndefined();
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
  });

  it('groups sources by interval into one schedule each, with input {"sources": [...], "group": "capacity-<rate>"}', () => {
    expect(planCapacityGroups(sampleCapacity())).toEqual([
      { name: '1m', rateMinutes: 1, sourceIds: ['PDN-Cikarang/0', 'PDN-Batam/0'] },
      { name: '5m', rateMinutes: 5, sourceIds: ['aws/0'] },
    ]);
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'))
      .map((s) => s.Properties as { ScheduleExpression: string; Target: { Arn: { 'Fn::GetAtt': string[] }; Input: string } })
      .filter((s) => s.Target.Arn['Fn::GetAtt'][0]!.startsWith('CapacityFunction'));
    expect(schedules.map((s) => [s.ScheduleExpression, JSON.parse(s.Target.Input)])).toEqual([
      ['rate(1 minute)', { sources: ['PDN-Cikarang/0', 'PDN-Batam/0'], group: 'capacity-1m' }],
      ['rate(5 minutes)', { sources: ['aws/0'], group: 'capacity-5m' }],
    ]);
  });

  it('may read any CloudWatch metric (GetMetricData has no resource scoping) but write only its namespace', () => {
    const get = statements.filter((s) => [s.Action].flat().includes('cloudwatch:GetMetricData'));
    expect(get).toEqual([expect.objectContaining({ Effect: 'Allow', Resource: '*' })]);
    const put = statements.filter((s) => [s.Action].flat().includes('cloudwatch:PutMetricData'));
    expect(put).toEqual([expect.objectContaining({ Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': 'Pantau' } } })]);
  });

  it('gets no GetMetricData when no capacity source is of type cloudwatch', () => {
    const withoutCloudWatch = monitorTemplate(sampleConfig({ capacity: sampleCapacity().filter((s) => s.source.type !== 'cloudwatch') }));
    const actions = Object.entries(withoutCloudWatch.findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.startsWith('CapacityFunctionRole'))
      .flatMap(([, p]) => (p.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement)
      .flatMap((s) => [s.Action].flat());
    expect(actions).toContain('cloudwatch:PutMetricData');
    expect(actions).not.toContain('cloudwatch:GetMetricData');
  });

  it('writes the table, publishes alerts and reads the http-json sources\' secret headers', () => {
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:BatchWriteItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'sns:Publish', 'kms:GenerateDataKey']));
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    const ssm = statements.find((s) => [s.Action].flat().includes('ssm:GetParameter'));
    expect(JSON.stringify(ssm!.Resource)).toContain(':parameter/pantau/dcim/token');
  });

  it('is watched by an Errors alarm (high, relayed: no SNS action of its own) and shown on the dashboard', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'pantau-capacity-errors-ap-southeast-3',
      AlarmDescription: Match.stringLikeRegexp('^\\[pantau high\\] Lambda failing'),
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^CapacityFunction') } }],
      AlarmActions: Match.absent(),
    });
    // The monitor-health dashboard finds every function of the stack (this one included) by a
    // SEARCH on the stack's name, which every generated function name starts with.
    const [errors] = dashboardWidgets(template, 'pantau-monitor-health').filter((w) => w.properties.title === 'Lambda errors');
    const [search] = (errors!.properties.metrics ?? []).map((row) => (row[0] as { expression: string }).expression);
    expect(search).toBe(`SEARCH('{AWS/Lambda,FunctionName} MetricName="Errors" FunctionName=Pantau', 'Sum', 300)`);
  });
});

describe('CapacityWatch bundle', () => {
  let outdir: string;
  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('bundles the capacity handler with the config beside it', () => {
    outdir = mkdtempSync(join(tmpdir(), 'pantau-cdk-cap-'));
    const config = sampleConfig({ targets: [], capacity: sampleCapacity() });
    buildApp(config, { bundle: true, outdir }).app.synth();
    const template = JSON.parse(readFileSync(join(outdir, 'Pantau-Monitor.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: { Code?: { S3Key: string } } }>;
    };
    const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function')!;
    const asset = join(outdir, `asset.${fn.Properties.Code!.S3Key.replace(/\.zip$/, '')}`);
    expect(existsSync(join(asset, 'index.js'))).toBe(true);
    const bundled = JSON.parse(readFileSync(join(asset, 'pantau-config.json'), 'utf8')) as { capacity: Array<{ id: string }> };
    expect(bundled.capacity.map((s) => s.id)).toEqual(['PDN-Cikarang/0', 'PDN-Batam/0', 'aws/0']);
  }, 30_000);
});
