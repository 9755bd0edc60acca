import { PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns';
import { Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import type { AlarmStateChangeEvent } from '../../lambdas/core/alerting/alarm-observation';
import { buildApp } from '../cdk/cdk-app';
import { makeConfig, makeTarget } from '../support/config-fixture';
import { useHandlerEnv } from '../support/handler-env';
import { filterAccepts } from '../support/sns-filter';

/**
 * The alarm relay Lambda's handler module as deployed (config from PANTAU_CONFIG_PATH, DynamoDB
 * through dynalite, SNS mocked), fed the EventBridge events of alarms taken from the
 * synthesized stack: their names and descriptions are the ones CloudWatch will send.
 */

const HOME = 'ap-southeast-3';
const CRITICAL_ARN = `arn:aws:sns:${HOME}:123456789012:pantau-critical`;
const WARNING_ARN = `arn:aws:sns:${HOME}:123456789012:pantau-warning`;
const config = makeConfig({ targets: [makeTarget({ id: 'kpu-www', url: 'https://www.kpu.go.id/', app: 'kpu' })] });

let dynamo: LocalDynamo;
const sns = mockClient(SNSClient);
let alarms: Record<string, { AlarmName: string; AlarmDescription: string }>;

beforeAll(async () => {
  const template = Template.fromStack(buildApp(config).stacks.monitor);
  alarms = Object.fromEntries(
    Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((r) => {
      const p = r.Properties as { AlarmName: string; AlarmDescription: string };
      return [p.AlarmName, p];
    }),
  );
  dynamo = await startLocalDynamo();
  await ensureTable(dynamo.client, 'relay-test');
  useHandlerEnv(config, {
    table: 'relay-test',
    dynamoEndpoint: dynamo.endpoint,
    extra: { TOPIC_ARN_CRITICAL: CRITICAL_ARN, TOPIC_ARN_WARNING: WARNING_ARN },
  });
}, 60_000);
afterAll(async () => dynamo.close());
beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

/** EventBridge's "CloudWatch Alarm State Change" event, timestamps as CloudWatch writes them. */
function stateChange(alarmName: string, value: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA', at: string): AlarmStateChangeEvent {
  const alarm = alarms[alarmName];
  if (!alarm) throw new Error(`no alarm ${alarmName} in the stack: ${Object.keys(alarms).join(', ')}`);
  return {
    source: 'aws.cloudwatch',
    'detail-type': 'CloudWatch Alarm State Change',
    region: HOME,
    time: at.replace(/\.\d+\+0000$/, 'Z'),
    detail: {
      alarmName,
      configuration: { description: alarm.AlarmDescription },
      state: { value, reason: 'Threshold Crossed: 2 out of the last 2 datapoints were less than the threshold (1.0).', timestamp: at },
      previousState: { value: value === 'OK' ? 'ALARM' : 'OK' },
    },
  };
}

const publishes = (): PublishCommandInput[] => sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
const relay = async (event: AlarmStateChangeEvent) => (await import('../../lambdas/relay/handler')).relay(event);
const DEAD_MAN = `pantau-deadman-1m-01-${HOME}`;

describe('alarm relay', () => {
  it('a dead-man ALARM is one critical DOWN whose attributes a { severity: [critical] } filter accepts; a redelivery publishes nothing', async () => {
    const event = stateChange(DEAD_MAN, 'ALARM', '2026-11-24T03:42:10.123+0000');
    await relay(event);
    await relay(event); // EventBridge or Lambda delivering it again
    expect(publishes()).toHaveLength(1);
    const [input] = publishes();
    const firstLine = `PANTAU ALARM deadman-1m-01-${HOME}: no probe round in 2 min since 10:42 WIB`;
    expect(input).toEqual({
      TopicArn: CRITICAL_ARN,
      Subject: `[Pantau] ${firstLine}`,
      MessageStructure: 'json',
      Message: expect.any(String),
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'critical' },
        app: { DataType: 'String', StringValue: 'pantau' },
        target: { DataType: 'String', StringValue: `alarm:${DEAD_MAN}` },
        kind: { DataType: 'String', StringValue: 'down' },
        dedupId: { DataType: 'String', StringValue: expect.stringMatching(/\S/) },
        region: { DataType: 'String.Array', StringValue: JSON.stringify([HOME]) },
        domain: { DataType: 'String', StringValue: 'ops' },
        incidentId: { DataType: 'String', StringValue: `alarm:${DEAD_MAN}@20261124T034210Z` },
      },
    });
    const bodies = JSON.parse(input!.Message!) as { sms: string; https: string };
    expect(bodies.sms).toBe(firstLine);
    expect(JSON.parse(bodies.https)).toMatchObject({ kind: 'down', domain: 'ops', severity: 'critical', topic: 'critical' });

    // The subscriptions of docs/alerting.md: the SMS list and a critical-only filter get it, an app team does not.
    expect(filterAccepts({ severity: ['critical'] }, input!.MessageAttributes)).toBe(true);
    expect(filterAccepts({ kind: ['down', 'recovered'] }, input!.MessageAttributes)).toBe(true);
    expect(filterAccepts({ app: ['sirekap'] }, input!.MessageAttributes)).toBe(false);
    // What a CloudWatch SNS alarm action would have sent: no attributes, so no filtered subscriber.
    expect(filterAccepts({ severity: ['critical'] }, undefined)).toBe(false);
  });

  it('the OK change is one RECOVERED with the downtime, also accepted by the critical filter', async () => {
    await relay(stateChange(DEAD_MAN, 'OK', '2026-11-24T03:49:10.123+0000'));
    await relay(stateChange(DEAD_MAN, 'OK', '2026-11-24T03:49:10.123+0000'));
    expect(publishes()).toHaveLength(1);
    const [input] = publishes();
    expect(input!.TopicArn).toBe(CRITICAL_ARN);
    expect(input!.MessageAttributes!.kind).toEqual({ DataType: 'String', StringValue: 'recovered' });
    expect(filterAccepts({ severity: ['critical'], kind: ['recovered'] }, input!.MessageAttributes)).toBe(true);
    const bodies = JSON.parse(input!.Message!) as { sms: string; https: string };
    expect(JSON.parse(bodies.https)).toMatchObject({ kind: 'recovered', downtimeMs: 7 * 60_000 });
    // The SMS is cut at 140 characters; the incident id is in the email and JSON bodies.
    expect(bodies.sms).toBe(`PANTAU OK deadman-1m-01-${HOME}: cleared after 7 min down (since 10:42 WIB), incident...`);
    expect(JSON.parse(bodies.https)).toMatchObject({ incidentId: `alarm:${DEAD_MAN}@20261124T034210Z` });
  });

  it('an Errors alarm is high: the warning topic, severity high', async () => {
    await relay(stateChange(`pantau-probe-errors-${HOME}`, 'ALARM', '2026-11-24T04:00:00.000+0000'));
    expect(publishes()).toHaveLength(1);
    const [input] = publishes();
    expect(input!.TopicArn).toBe(WARNING_ARN);
    expect(input!.MessageAttributes!.severity).toEqual({ DataType: 'String', StringValue: 'high' });
    expect(filterAccepts({ severity: ['critical'] }, input!.MessageAttributes)).toBe(false);
    expect(JSON.parse(input!.Message!).sms).toBe(`PANTAU ALARM probe-errors-${HOME}: Lambda failing since 11:00 WIB`);
  });

  it('ignores INSUFFICIENT_DATA, other projects\' alarms and events that are not alarm changes', async () => {
    const insufficient = await relay(stateChange(`pantau-deadman-1m-01-${HOME}`, 'INSUFFICIENT_DATA', '2026-11-24T05:00:00.000+0000'));
    expect(insufficient.ignored).toMatch(/INSUFFICIENT_DATA/);
    const foreign = stateChange(DEAD_MAN, 'ALARM', '2026-11-24T05:00:00.000+0000');
    foreign.detail!.alarmName = 'pantau-staging-deadman-1m-01-ap-southeast-3';
    foreign.detail!.configuration!.description = '[pantau-staging critical] no probe round in 2 min';
    expect((await relay(foreign)).ignored).toMatch(/not a pantau alarm/);
    expect((await relay({ source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification' })).ignored).toMatch(/not a CloudWatch alarm/);
    expect(publishes()).toEqual([]);
  });

  it('a refused publish fails the run (Lambda retries the event) and the retry publishes it once, with the same dedupId', async () => {
    const name = `pantau-probe-failed-dropped-${HOME}`;
    sns.on(PublishCommand).rejectsOnce(new Error('Throttling: Rate exceeded')).resolves({ MessageId: 'm-2' });
    const event = stateChange(name, 'ALARM', '2026-11-24T06:00:00.000+0000');
    await expect(relay(event)).rejects.toThrow(/1 alert\(s\) not published: Throttling/);
    await relay(event);
    await relay(event);
    const calls = publishes();
    expect(calls).toHaveLength(2); // the refused attempt and the retry
    expect(calls[1]!.MessageAttributes!.dedupId).toEqual(calls[0]!.MessageAttributes!.dedupId);
    expect(calls[1]!.MessageAttributes!.kind!.StringValue).toBe('down');
  });
});
