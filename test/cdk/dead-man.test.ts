import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAlarmDescription } from '../../lambdas/core/alerting/alarm-observation';
import { planShards } from '../../lib/constructs/shards';
import { RELAYED_SEVERITIES } from '../../lib/constructs/alarm-relay';
import { buildApp } from './cdk-app';
import { SHARD_PERIODS, selfWatchConfig } from './self-watch-config';

/**
 * Pantau watching itself (docs/alerting.md "Pantau watching itself"): a dead-man per shard and
 * region and per capacity group, Errors and drop alarms in every region, each region's alarm
 * relay, and no alarm that talks to SNS directly except the documented last resort.
 */

type Resource = { Properties: Record<string, unknown>; DeletionPolicy?: string };
type AlarmProps = {
  AlarmName: string;
  AlarmDescription: string;
  MetricName: string;
  Namespace: string;
  Dimensions: Array<{ Name: string; Value: unknown }>;
  Period: number;
  AlarmActions?: unknown[];
  OKActions?: unknown[];
};

const HOME = 'ap-southeast-3';
const EXTRA = 'ap-southeast-1';
const REGIONS = [HOME, EXTRA];

let home: Template;
let probe: Template;
const alarmsOf = (t: Template): AlarmProps[] => Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((r) => (r as Resource).Properties as AlarmProps);

beforeAll(() => {
  const { stacks } = buildApp(selfWatchConfig(), { account: '111122223333' });
  home = Template.fromStack(stacks.monitor);
  probe = Template.fromStack(stacks.probes[0]!);
});

describe('dead-man alarms', () => {
  it('the config is cut into shards of 1-, 5- and 10-minute schedules', () => {
    const config = selfWatchConfig();
    expect(Object.fromEntries(planShards(config.targets, config.shardSize, config.concurrency).map((s) => [s.name, s.rateMinutes * 60]))).toEqual(SHARD_PERIODS);
  });

  it('one per shard per probe region, on Heartbeat SampleCount, period = the shard schedule period, 2 of 2, missing data breaching', () => {
    for (const region of REGIONS) {
      for (const [shard, period] of Object.entries(SHARD_PERIODS)) {
        home.hasResourceProperties('AWS::CloudWatch::Alarm', {
          AlarmName: `pantau-deadman-${shard}-${region}`,
          Namespace: 'Pantau',
          MetricName: 'Heartbeat',
          Dimensions: [
            { Name: 'Region', Value: region },
            { Name: 'Shard', Value: shard },
          ],
          Statistic: 'SampleCount',
          Period: period,
          ComparisonOperator: 'LessThanThreshold',
          Threshold: 1,
          EvaluationPeriods: 2,
          DatapointsToAlarm: 2,
          TreatMissingData: 'breaching',
        });
      }
    }
  });

  it('one per capacity group, with its group period', () => {
    for (const [group, period] of [['capacity-1m', 60], ['capacity-5m', 300]] as const) {
      home.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `pantau-deadman-${group}-${HOME}`,
        MetricName: 'Heartbeat',
        Dimensions: [
          { Name: 'Region', Value: HOME },
          { Name: 'Shard', Value: group },
        ],
        Period: period,
        TreatMissingData: 'breaching',
      });
    }
  });

  it('no more and no fewer; all in the home stack, where every region publishes its heartbeats', () => {
    const deadMen = alarmsOf(home).filter((a) => a.MetricName === 'Heartbeat');
    expect(deadMen).toHaveLength(REGIONS.length * Object.keys(SHARD_PERIODS).length + 2);
    expect(alarmsOf(probe).filter((a) => a.MetricName === 'Heartbeat')).toEqual([]);
    // The per-region "probe metrics missing" alarm they replace is gone.
    expect(alarmsOf(home).map((a) => a.AlarmName).filter((n) => n.includes('metrics-missing'))).toEqual([]);
  });

  it('are critical: their description carries the tag the relay reads', () => {
    for (const alarm of alarmsOf(home).filter((a) => a.MetricName === 'Heartbeat')) {
      expect(parseAlarmDescription(alarm.AlarmDescription)).toMatchObject({ project: 'pantau', severity: 'critical' });
    }
    const oneMinute = alarmsOf(home).find((a) => a.AlarmName === `pantau-deadman-1m-01-${EXTRA}`)!;
    const tenMinutes = alarmsOf(home).find((a) => a.AlarmName === `pantau-deadman-10m-01-${EXTRA}`)!;
    expect(parseAlarmDescription(tenMinutes.AlarmDescription)!.summary).toBe('no probe round in 20 min');
    expect(parseAlarmDescription(oneMinute.AlarmDescription)!.summary).toBe('no probe round in 2 min');
  });
});

describe('Errors and drop alarms', () => {
  const functionAlarm = (t: Template, name: string, fnPrefix: string) =>
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: name,
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp(`^${fnPrefix}`) } }],
      Statistic: 'Sum',
      Threshold: 1,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });

  it('every function of the home stack has an Errors alarm: probe, capacity, relay', () => {
    functionAlarm(home, `pantau-probe-errors-${HOME}`, 'ProbesFunction');
    functionAlarm(home, `pantau-capacity-errors-${HOME}`, 'CapacityFunction');
    functionAlarm(home, `pantau-relay-errors-${HOME}`, 'AlarmRelayFunction');
  });

  it('the probe stack alarms on its own probe and relay functions, in its region (CloudWatch cannot alarm across regions)', () => {
    functionAlarm(probe, `pantau-probe-errors-${EXTRA}`, 'ProbesFunction');
    functionAlarm(probe, `pantau-relay-errors-${EXTRA}`, 'AlarmRelayFunction');
  });

  it('every queue in every stack is alarmed on ApproximateNumberOfMessagesVisible ≥ 1', () => {
    for (const t of [home, probe]) {
      const queues = Object.keys(t.findResources('AWS::SQS::Queue'));
      expect(queues.length).toBeGreaterThanOrEqual(4);
      const alarmed = alarmsOf(t)
        .filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')
        .map((a) => (a.Dimensions[0]!.Value as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]);
      expect(alarmed.sort()).toEqual(queues.sort());
    }
    home.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `pantau-probe-schedules-dropped-${HOME}`,
      Namespace: 'AWS/SQS',
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('Errors and drops are high, the relay\'s own drops critical, and every alarm is one the relay accepts', () => {
    for (const [t, region] of [[home, HOME], [probe, EXTRA]] as const) {
      // SLO window alarms (`pantau.slo-…`) are never relayed on their own: their composites are
      // (test/cdk/slo-alarms.test.ts).
      for (const alarm of alarmsOf(t).filter((a) => !a.AlarmName.startsWith('pantau.'))) {
        const tag = parseAlarmDescription(alarm.AlarmDescription);
        expect(tag?.project, alarm.AlarmName).toBe('pantau');
        // Names carry the region of what they watch: dead-men (home stack) every probe region's.
        const regions = alarm.MetricName === 'Heartbeat' ? REGIONS.join('|') : region;
        expect(alarm.AlarmName).toMatch(new RegExp(`^pantau-.+-(${regions})$`));
        const expected = alarm.MetricName === 'Heartbeat' || alarm.AlarmName.startsWith('pantau-relay-dead-letters') || alarm.AlarmName.startsWith('pantau-relay-failed') ? 'critical' : 'high';
        expect(tag!.severity, alarm.AlarmName).toBe(expected);
        // The relay may publish only to the topics of these severities (least privilege).
        expect(RELAYED_SEVERITIES, alarm.AlarmName).toContain(tag!.severity);
      }
    }
  });
});

describe('alarm notifications', () => {
  it('no alarm talks to SNS directly except the home relay\'s own drop alarms (last resort, critical topic)', () => {
    const direct = alarmsOf(home).filter((a) => a.AlarmActions || a.OKActions);
    expect(direct.map((a) => a.AlarmName).sort()).toEqual([`pantau-relay-dead-letters-dropped-${HOME}`, `pantau-relay-failed-dropped-${HOME}`]);
    for (const a of direct) {
      expect(a.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlertingTopiccritical/) }]);
      expect(a.OKActions).toBeUndefined();
    }
    // A probe region has no topic of its own to notify: everything goes through its relay.
    expect(alarmsOf(probe).filter((a) => a.AlarmActions || a.OKActions)).toEqual([]);
  });

  it('each region has an EventBridge rule sending its Pantau alarm changes to its relay, with retries and a dead-letter queue', () => {
    for (const t of [home, probe]) {
      t.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: ['aws.cloudwatch'],
          'detail-type': ['CloudWatch Alarm State Change'],
          detail: { alarmName: [{ prefix: 'pantau-' }], state: { value: ['ALARM', 'OK'] } },
        },
        State: 'ENABLED',
        Targets: [
          {
            Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmRelayFunction'), 'Arn'] },
            Id: Match.anyValue(),
            RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmRelayDeadLetters'), 'Arn'] } },
          },
        ],
      });
      // The relay itself retries a failed run twice (the engine makes that safe), then drops to a queue.
      t.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: Match.stringLikeRegexp('^AlarmRelayFunction') },
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 3600,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmRelayFailedInvocations'), 'Arn'] } } },
      });
    }
  });

  it('the relay writes the home table and publishes to the home topics from every region', () => {
    const vars = (t: Template) =>
      (Object.values(t.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'pantau-relay' } } } }))[0] as Resource)
        .Properties.Environment as { Variables: Record<string, unknown> };
    for (const t of [home, probe]) {
      const env = vars(t).Variables;
      expect(env.HOME_REGION).toBe(HOME);
      expect(env.TABLE_NAME).toBe('pantau-state');
      expect(env.TOPIC_ARN_CRITICAL).toBeDefined();
      expect(env.TOPIC_ARN_WARNING).toBeDefined();
      // No alarm of Pantau's own is low severity; only the home region's SLO tickets are, so
      // only the home relay knows (and may publish to) the info topic.
      if (t === home) expect(env.TOPIC_ARN_INFO).toBeDefined();
      else expect(env.TOPIC_ARN_INFO).toBeUndefined();
    }
    expect(JSON.stringify(vars(probe).Variables.TOPIC_ARN_CRITICAL)).toContain(`:sns:${HOME}:`);
  });
});
