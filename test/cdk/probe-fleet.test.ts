import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { planShards } from '../../lib/constructs/shards';
import { makeTarget } from '../support/config-fixture';
import { buildApp, monitorTemplate, sampleConfig } from './cdk-app';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };

function policyStatements(template: Template, rolePrefix: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.entries(policies)
    .filter(([id]) => id.startsWith(rolePrefix))
    .flatMap(([, p]) => (p.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement);
}

const actionsOf = (s: Statement) => [s.Action].flat();

describe('planShards', () => {
  const t = (id: string, intervalMs: number, timeoutMs = 5_000) => makeTarget({ id, url: `https://${id}.example/`, intervalMs, timeoutMs });

  it('groups targets by interval, then cuts groups into shardSize pieces with stable names', () => {
    const shards = planShards([t('a', 60_000), t('b', 30_000), t('c', 60_000), t('d', 300_000), t('e', 60_000), t('f', 90_000)], 2, 50);
    expect(shards.map((s) => [s.name, s.rateMinutes, s.targetIds])).toEqual([
      ['30s-01', 1, ['b']],
      ['1m-01', 1, ['a', 'c']],
      ['1m-02', 1, ['e', 'f']],
      ['5m-01', 5, ['d']],
    ]);
  });

  it('budgets rounds of sub-minute shards plus the slowest check and the sink margin', () => {
    const [shard] = planShards([t('a', 20_000, 3_000), t('b', 20_000, 8_000)], 10, 50);
    // rounds at +0, +20 s, +40 s; the last one may take the slowest timeout, then the sinks 3 s
    expect(shard!.offsetsMs).toEqual([0, 20_000, 40_000]);
    expect(shard!.budgetMs).toBe(40_000 + 8_000 + 3_000);
  });

  it('gives 45 s targets a 3-minute period with four rounds', () => {
    const [shard] = planShards([t('a', 45_000)], 10, 50);
    expect(shard).toMatchObject({ name: '45s-01', rateMinutes: 3, offsetsMs: [0, 45_000, 90_000, 135_000], budgetMs: 135_000 + 5_000 + 3_000 });
  });

  it('refuses a shard whose schedule input would exceed EventBridge\'s 8 KB', () => {
    const many = Array.from({ length: 120 }, (_, i) => t(`${'x'.repeat(70)}-${i}`, 60_000));
    expect(() => planShards(many, 120, 50)).toThrow(/shardSize: shard 1m-01 needs a \d+-byte schedule input, over EventBridge's 8192; lower shardSize/);
  });

  it('rejects a shard size that is not a whole number', () => {
    expect(() => planShards([t('a', 60_000)], 0, 50)).toThrow('shardSize: 0 must be a whole number ≥ 1');
  });
});

describe('ProbeFleet construct (home region)', () => {
  let template: Template;
  beforeAll(() => {
    template = monitorTemplate(sampleConfig());
  });

  it('runs nodejs24.x on arm64 with an explicit log group that has retention', () => {
    // The probe, the home region's alarm relay, the status page renderer and the overview's open-incidents widget.
    template.resourceCountIs('AWS::Lambda::Function', 4);
    const [logGroupId] = Object.keys(template.findResources('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 365, KmsKeyId: Match.anyValue() } }));
    expect(logGroupId).toBeDefined();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      LoggingConfig: { LogGroup: { Ref: logGroupId } },
    });
  });

  it('gets the environment the handler reads, naming the home table, region and topics', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          TABLE_NAME: 'pantau-state',
          HOME_REGION: 'ap-southeast-3',
          PROBE_REGION: 'ap-southeast-3',
          HISTORY_DAYS: '30',
          METRICS_NAMESPACE: 'Pantau',
          PROBE_CONCURRENCY: '50',
          POWERTOOLS_SERVICE_NAME: 'pantau-probe',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: '--enable-source-maps',
          TOPIC_ARN_CRITICAL: { Ref: Match.stringLikeRegexp('^AlertingTopiccritical') },
          TOPIC_ARN_WARNING: { Ref: Match.stringLikeRegexp('^AlertingTopicwarning') },
          TOPIC_ARN_INFO: { Ref: Match.stringLikeRegexp('^AlertingTopicinfo') },
        },
      },
    });
  });

  it('times out after the longest shard budget (last round + (timeout + secret look-up) + sink margin) + 1 s start slack', () => {
    // sipol: 30 s interval (rounds at +0, +30 s), a 5 s timeout and a secret → 30 + 5 + 2 + 3 s, + 1 s
    template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 41 });
  });

  it('schedules a 45 s shard every 3 minutes and times the function out at that shard\'s budget', () => {
    const config = sampleConfig({
      targets: [
        makeTarget({ id: 'sirekap-45', url: 'https://sirekap.kpu.go.id/', intervalMs: 45_000, timeoutMs: 8_000 }),
        makeTarget({ id: 'kpu-www', url: 'https://www.kpu.go.id/' }),
      ],
    });
    const fleet = monitorTemplate(config);
    const expressions = probeSchedules(fleet).map((s) => [
      (s.Properties as { ScheduleExpression: string }).ScheduleExpression,
      JSON.parse((s.Properties as { Target: { Input: string } }).Target.Input).shard,
    ]);
    expect(expressions).toEqual([
      ['rate(3 minutes)', '45s-01'],
      ['rate(1 minute)', '1m-01'],
    ]);
    // 135 s last round + 8 s timeout + 3 s sink margin = 146 s budget, + 1 s start slack
    fleet.hasResourceProperties('AWS::Lambda::Function', { Timeout: 147 });
  });

  it('fails synth, naming the shard and its figures, when a shard cannot finish inside its period', () => {
    const config = sampleConfig({
      concurrency: 1,
      shardSize: 10,
      targets: Array.from({ length: 10 }, (_, i) => makeTarget({ id: `kab-${i}`, url: `https://kab${i}.kpu.go.id/`, timeoutMs: 10_000 })),
    });
    expect(() => buildApp(config)).toThrow(
      'shard 1m-01: worst case 103 s = 10 waves (10 targets, concurrency 1) × (10 s timeout) + 3 s sink margin, over its 1-minute schedule period (60 s) — lower timeout to ≤ 5.7 s, or raise concurrency to 10 or lower shardSize to 1 (one wave), or use a longer interval',
    );
  });

  it('does not retry async invocations (the next schedule supersedes a failed round)', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0, Qualifier: '$LATEST' });
  });

  it('has one schedule per shard, each invoking the function with {shard, targetIds}', () => {
    const [groupId, group] = Object.entries(template.findResources('AWS::Scheduler::ScheduleGroup'))[0]!;
    const resources = probeSchedules(template) as Array<{ Properties: Record<string, unknown>; DependsOn?: string[] }>;
    const schedules = resources.map(
      (s) => s.Properties as { ScheduleExpression: string; Target: { Arn: unknown; Input: string; RetryPolicy: unknown }; GroupName: unknown },
    );
    expect(schedules.map((s) => [s.ScheduleExpression, JSON.parse(s.Target.Input)])).toEqual([
      ['rate(1 minute)', { shard: '30s-01', targetIds: ['sipol'] }],
      ['rate(1 minute)', { shard: '1m-01', targetIds: ['kpu-www', 'sirekap-web'] }],
      ['rate(1 minute)', { shard: '1m-02', targetIds: ['sirekap-api', 'kpu-dns'] }],
      ['rate(5 minutes)', { shard: '5m-01', targetIds: ['jdih'] }],
    ]);
    for (const s of schedules) {
      expect(s.Target.Arn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ProbesFunction/), 'Arn'] });
      // At most one period late (test/cdk/lateness.test.ts covers the dead-letter queue).
      const seconds = s.ScheduleExpression === 'rate(1 minute)' ? 60 : 300;
      expect(s.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: seconds });
      expect(s.GroupName).toBe((group.Properties as { Name: string }).Name);
    }
    // The group name is a literal, not a Ref: only DependsOn orders the group before its schedules.
    for (const r of resources) expect(r.DependsOn).toContain(groupId);
  });

  it('lets only EventBridge Scheduler of this account invoke the function', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
          },
        ],
      },
    });
    const invoke = policyStatements(template, 'ProbesSchedulesInvokeRole');
    expect(invoke.flatMap(actionsOf)).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
    // …and put what it could not deliver in its own dead-letter queue, nowhere else.
    const send = invoke.find((st) => actionsOf(st).includes('sqs:SendMessage')) as { Resource: unknown };
    expect(send.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ProbesSchedulesDeadLetters/), 'Arn'] });
  });

  describe('IAM grants of the probe role', () => {
    let statements: Statement[];
    beforeAll(() => {
      statements = policyStatements(template, 'ProbesFunctionRole');
    });

    it('PutMetricData only in the Pantau namespace', () => {
      const put = statements.filter((s) => actionsOf(s).includes('cloudwatch:PutMetricData'));
      expect(put).toHaveLength(1);
      expect(put[0]).toMatchObject({ Effect: 'Allow', Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': 'Pantau' } } });
    });

    it('may send exactly the DynamoDB actions the store adapters send, on the table only', () => {
      const table = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
      expect(table).toHaveLength(1);
      expect(actionsOf(table[0]!).sort()).toEqual([
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ]);
      expect(table[0]!.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^StoreTable/), 'Arn'] });
    });

    it('publishes to the three topics and may use their key', () => {
      const publish = statements.find((s) => actionsOf(s).includes('sns:Publish'));
      expect((publish!.Resource as Array<{ Ref: string }>).map((r) => r.Ref.replace(/[A-F0-9]{8}$/, '')).sort()).toEqual([
        'AlertingTopiccritical',
        'AlertingTopicinfo',
        'AlertingTopicwarning',
      ]);
      const kms = statements.find((s) => actionsOf(s).includes('kms:GenerateDataKey'));
      expect(actionsOf(kms!).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
      expect(kms!.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^AlertingKey/), 'Arn'] });
    });

    it('reads exactly the secrets the targets\' secretHeaders name, in its own region', () => {
      const ssm = statements.filter((s) => actionsOf(s).includes('ssm:GetParameter'));
      expect(ssm).toHaveLength(1);
      expect(JSON.stringify(ssm[0]!.Resource)).toBe(
        JSON.stringify({ 'Fn::Join': ['', ['arn:aws:ssm:ap-southeast-3:', { Ref: 'AWS::AccountId' }, ':parameter/pantau/sirekap/token']] }),
      );
      const sm = statements.filter((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'));
      expect(sm).toHaveLength(1);
      expect(JSON.stringify(sm[0]!.Resource)).toContain(':secret:pantau/sipol-??????');
    });

    it('grants no secret access at all when no target uses secrets', () => {
      const config = sampleConfig();
      config.targets = config.targets.map((t) => ({ ...t, secretHeaders: {} }));
      const { stacks } = buildApp(config);
      const none = policyStatements(Template.fromStack(stacks.monitor), 'ProbesFunctionRole').flatMap(actionsOf);
      expect(none.filter((a) => a.startsWith('ssm:') || a.startsWith('secretsmanager:'))).toEqual([]);
    });
  });

  it('creates no probe function or schedule when the config has no targets', () => {
    const empty = monitorTemplate(sampleConfig({ targets: [] }));
    // Only the alarm relay (it watches the self-watch alarms, which still exist) and the overview's open-incidents widget remain.
    expect(Object.keys(empty.findResources('AWS::Lambda::Function')).sort()).toEqual([expect.stringMatching(/^AlarmRelayFunction/), expect.stringMatching(/^OpenIncidentsFunction/)]);
    empty.resourceCountIs('AWS::Scheduler::Schedule', 0);
    empty.resourceCountIs('AWS::DynamoDB::Table', 1);
    empty.resourceCountIs('AWS::SNS::Topic', 3);
  });
});

/** The probe shards' schedules (their input names a shard), not the status page's or capacity's. */
function probeSchedules(template: Template): Array<{ Properties: Record<string, unknown> }> {
  return Object.values(template.findResources('AWS::Scheduler::Schedule')).filter(
    (s) => JSON.parse((s.Properties as { Target: { Input?: string } }).Target.Input ?? '{}').shard !== undefined,
  ) as Array<{ Properties: Record<string, unknown> }>;
}
