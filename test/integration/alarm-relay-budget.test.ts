import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns';
import { Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import type { AlarmStateChangeEvent } from '../../lambdas/core/alerting/alarm-observation';
import { buildApp } from '../cdk/cdk-app';
import { makeConfig, makeTarget } from '../support/config-fixture';
import { useHandlerEnv } from '../support/handler-env';

/**
 * The alarm relay's budget line: an SLO burn composite taken from the synthesized stack, relayed
 * by the handler module as deployed (DynamoDB through dynalite, SNS and CloudWatch mocked), says
 * how much of the app's budget is left over the SLO window, read with GetMetricData and the
 * overview's budget math. A failed read still pages, saying the budget could not be read.
 */

const HOME = 'ap-southeast-3';
const CRITICAL_ARN = `arn:aws:sns:${HOME}:123456789012:pantau-critical`;
const INFO_ARN = `arn:aws:sns:${HOME}:123456789012:pantau-info`;
const config = makeConfig({ targets: [makeTarget({ id: 'kpu-www', url: 'https://www.kpu.go.id/', app: 'kpu', severity: 'critical' })] });

let dynamo: LocalDynamo;
const sns = mockClient(SNSClient);
const cloudwatch = mockClient(CloudWatchClient);
let descriptions: Record<string, string>;

beforeAll(async () => {
  const template = Template.fromStack(buildApp(config).stacks.monitor);
  descriptions = Object.fromEntries(
    ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'].flatMap((type) =>
      Object.values(template.findResources(type)).map((r) => {
        const p = r.Properties as { AlarmName: string; AlarmDescription: string };
        return [p.AlarmName, p.AlarmDescription];
      }),
    ),
  );
  dynamo = await startLocalDynamo();
  await ensureTable(dynamo.client, 'relay-budget');
  useHandlerEnv(config, { table: 'relay-budget', dynamoEndpoint: dynamo.endpoint, extra: { TOPIC_ARN_CRITICAL: CRITICAL_ARN, TOPIC_ARN_INFO: INFO_ARN } });
  vi.useFakeTimers({ toFake: ['Date'] });
}, 60_000);
afterAll(async () => {
  vi.useRealTimers();
  await dynamo.close();
});
beforeEach(() => {
  sns.reset();
  cloudwatch.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

function alarmChange(alarmName: string, at: string): AlarmStateChangeEvent {
  const description = descriptions[alarmName];
  if (!description) throw new Error(`no alarm ${alarmName} in the stack`);
  return {
    source: 'aws.cloudwatch',
    'detail-type': 'CloudWatch Alarm State Change',
    region: HOME,
    time: at,
    detail: { alarmName, configuration: { description }, state: { value: 'ALARM', reason: 'composite', timestamp: at }, previousState: { value: 'OK' } },
  };
}

const publishes = (): PublishCommandInput[] => sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
const relay = async (event: AlarmStateChangeEvent) => (await import('../../lambdas/relay/handler')).relay(event);
const jsonOf = (input: PublishCommandInput) => JSON.parse((JSON.parse(input.Message!) as { https: string }).https) as Record<string, unknown>;

describe('alarm relay: budget left in an SLO burn alert', () => {
  it('reads the budget over the 30-day window with the overview\'s math and says it in the message and as budgetLeft', async () => {
    vi.setSystemTime(Date.parse('2026-11-24T03:42:10.000Z'));
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'result', Values: [63.24], Timestamps: [new Date('2026-10-25T03:00:00.000Z')] }] });
    await relay(alarmChange('pantau-slo-kpu-fast', '2026-11-24T03:42:10.000Z'));

    const calls = cloudwatch.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      {
        MetricDataQueries: [
          {
            Id: 'm0',
            MetricStat: {
              Metric: { Namespace: 'Pantau', MetricName: 'Up', Dimensions: [{ Name: 'App', Value: 'kpu' }, { Name: 'Region', Value: HOME }] },
              Period: 2_592_000,
              Stat: 'Average',
            },
            ReturnData: false,
          },
          { Id: 'result', Expression: '100 * (1 - (1 - AVG([m0])) / 0.00100000)', ReturnData: true },
        ],
        // the window ends at the last full hour, 30 days long: one period, one value
        StartTime: new Date('2026-10-25T03:00:00.000Z'),
        EndTime: new Date('2026-11-24T03:00:00.000Z'),
        ScanBy: 'TimestampDescending',
      },
    ]);
    const [input] = publishes();
    expect(input!.TopicArn).toBe(CRITICAL_ARN);
    expect(JSON.parse(input!.Message!).sms).toContain('Budget left: 63 % of the 30-day budget');
    expect(jsonOf(input!)).toMatchObject({ app: 'kpu', kind: 'down', budgetLeft: 63.2 });
    expect(String(jsonOf(input!).message)).toContain('14.4× over 1h and 5m');
  });

  it('reads the latency budget from the percentile rank of LatencyMs for a latency burn alarm', async () => {
    vi.setSystemTime(Date.parse('2026-11-24T04:10:00.000Z'));
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'result', Values: [-12.4] }] });
    await relay(alarmChange('pantau-slo-kpu-latency-ticket', '2026-11-24T04:10:00.000Z'));
    const [call] = cloudwatch.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    expect(call!.MetricDataQueries![0]!.MetricStat).toMatchObject({ Metric: { MetricName: 'LatencyMs' }, Stat: 'PR(:1000)' });
    expect(call!.MetricDataQueries![1]!.Expression).toBe('100 * (1 - (1 - AVG([m0]) / 100) / 0.0100000)');
    const [input] = publishes();
    expect(input!.TopicArn).toBe(INFO_ARN); // a ticket: severity low
    expect(JSON.parse(input!.Message!).sms).toContain('Budget left: -12 % of the 30-day latency budget');
    expect(jsonOf(input!)).toMatchObject({ budgetLeft: -12.4 });
  });

  it('still pages when the budget cannot be read, saying so', async () => {
    vi.setSystemTime(Date.parse('2026-11-24T05:00:00.000Z'));
    cloudwatch.on(GetMetricDataCommand).rejects(new Error('AccessDenied: not authorized to perform cloudwatch:GetMetricData'));
    await relay(alarmChange('pantau-slo-kpu-slow', '2026-11-24T05:00:00.000Z'));
    const [input] = publishes();
    expect(input!.TopicArn).toBe(CRITICAL_ARN);
    expect(JSON.parse(input!.Message!).sms).toContain('Budget left: could not be read (the 30-day budget)');
    expect(jsonOf(input!)).toMatchObject({ kind: 'down', budgetLeft: null });
  });

  it('reads no budget for Pantau\'s own alarms', async () => {
    vi.setSystemTime(Date.parse('2026-11-24T06:00:00.000Z'));
    await relay(alarmChange(`pantau-deadman-1m-01-${HOME}`, '2026-11-24T06:00:00.000Z'));
    expect(cloudwatch.commandCalls(GetMetricDataCommand)).toEqual([]);
    const [input] = publishes();
    expect(jsonOf(input!)).not.toHaveProperty('budgetLeft');
  });
});
