import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTarget } from '../support/config-fixture';
import { buildApp, sampleConfig } from './cdk-app';
import { SHARD_PERIODS, selfWatchConfig } from './self-watch-config';

/**
 * Bounded lateness, visible drops (docs/decisions.md "Late and dropped rounds"): a scheduled
 * round is delivered at most one period late, and whatever is dropped lands in an encrypted,
 * SSL-only queue that keeps it 14 days (every queue is alarmed: test/cdk/dead-man.test.ts).
 */

type Resource = { Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
type ScheduleProps = {
  ScheduleExpression: string;
  GroupName: unknown;
  Target: {
    Arn: { 'Fn::GetAtt': string[] };
    Input: string;
    RetryPolicy: { MaximumEventAgeInSeconds: number; MaximumRetryAttempts: number };
    DeadLetterConfig?: { Arn: { 'Fn::GetAtt': string[] } };
  };
};

let home: Template;
let probe: Template;
beforeAll(() => {
  const { stacks } = buildApp(selfWatchConfig(), { account: '111122223333' });
  home = Template.fromStack(stacks.monitor);
  probe = Template.fromStack(stacks.probes[0]!);
});

const schedules = (t: Template) => Object.values(t.findResources('AWS::Scheduler::Schedule')).map((r) => (r as Resource).Properties as ScheduleProps);
const invokeConfig = (t: Template, fnPrefix: string) =>
  Object.values(t.findResources('AWS::Lambda::EventInvokeConfig'))
    .map((r) => (r as Resource).Properties)
    .filter((p) => ((p.FunctionName as { Ref: string }).Ref ?? '').startsWith(fnPrefix));

describe('schedules', () => {
  it('every schedule: event age = its period, a couple of retries within it, and a dead-letter queue', () => {
    for (const t of [home, probe]) {
      const all = schedules(t);
      expect(all.length).toBeGreaterThan(0);
      for (const s of all) {
        const minutes = Number(/^rate\((\d+) minutes?\)$/.exec(s.ScheduleExpression)![1]);
        expect(s.Target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: minutes * 60, MaximumRetryAttempts: 2 });
        expect(s.Target.DeadLetterConfig!.Arn['Fn::GetAtt'][0]).toMatch(/SchedulesDeadLetters/);
      }
    }
  });

  it('a probe shard\'s event age follows its rate: 60 / 300 / 600 s', () => {
    const byShard = Object.fromEntries(
      schedules(probe).map((s) => [(JSON.parse(s.Target.Input) as { shard: string }).shard, s.Target.RetryPolicy.MaximumEventAgeInSeconds]),
    );
    expect(byShard).toEqual(SHARD_PERIODS);
  });

  it('the schedule group is deleted with the stack, so a redeploy after `cdk destroy` does not collide with a leftover group', () => {
    for (const t of [home, probe]) {
      const groups = Object.values(t.findResources('AWS::Scheduler::ScheduleGroup')) as Resource[];
      expect(groups.length).toBeGreaterThan(0);
      for (const g of groups) expect([g.DeletionPolicy, g.UpdateReplacePolicy]).toEqual(['Delete', 'Delete']);
    }
  });
});

describe('scheduled functions', () => {
  it('probe (both regions) and capacity: no async retries, event age = the shortest schedule period, failures to a queue', () => {
    for (const [t, prefix] of [[home, 'ProbesFunction'], [probe, 'ProbesFunction'], [home, 'CapacityFunction']] as const) {
      const [config, ...more] = invokeConfig(t, prefix);
      expect(more).toEqual([]);
      expect(config).toEqual({
        FunctionName: { Ref: expect.stringMatching(new RegExp(`^${prefix}`)) },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: 60,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/FailedInvocations/), 'Arn'] } } },
      });
    }
  });

  it('a fleet of 5- and 10-minute shards waits at most 300 s', () => {
    const config = sampleConfig({
      targets: [
        makeTarget({ id: 'a', url: 'https://a.kpu.go.id/', intervalMs: 300_000 }),
        makeTarget({ id: 'b', url: 'https://b.kpu.go.id/', intervalMs: 600_000 }),
      ],
    });
    const t = Template.fromStack(buildApp(config).stacks.monitor);
    expect(invokeConfig(t, 'ProbesFunction')[0]).toMatchObject({ MaximumEventAgeInSeconds: 300 });
  });
});

describe('drop queues', () => {
  it('are encrypted, refuse plain HTTP and keep messages 14 days', () => {
    for (const t of [home, probe]) {
      const queues = Object.keys(t.findResources('AWS::SQS::Queue'));
      t.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
      for (const queue of queues) {
        t.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: queue }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      }
    }
  });
});
