import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, GetMetricDataCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import type { AlarmStateChangeEvent } from '../../lambdas/core/alerting/alarm-observation';
import { buildApp } from '../cdk/cdk-app';
import {
  ACCOUNT,
  HOME,
  REMOTE,
  SECRET_VALUES,
  SINGLES,
  STORM,
  STORM_WINDOW_MS,
  proofConfig,
  startProofSite,
  type ProofSite,
} from '../support/iam-proof-fleet';
import { proveStatements, resolveStatements, roleId, rolePolicyDocuments, type ResolvedStatement } from '../support/iam-policy';
import { iamRequestsOf, type IamEnvironment, type IamRequest } from '../support/iam-requests';
import { installSdkRecorder, type SdkCall, type SdkRecorder } from '../support/sdk-recorder';

/**
 * Issue 8, point 11: the IAM grants are sufficient AND minimal, proven against the real handlers.
 *
 * The probe and capacity handlers run as deployed (bundled config from PANTAU_CONFIG_PATH,
 * DynamoDB on dynalite, SNS / CloudWatch / SSM / Secrets Manager answered by aws-sdk-client-mock)
 * through a healthy round, an outage paging on all three topics, a storm whose held alert is
 * flushed by a later run, a recovery, secrets of both kinds and every kind of capacity source.
 * The alarm relay of each region runs as deployed too, fed EventBridge state changes (ALARM, then
 * OK) of a critical and an Errors alarm taken from the synthesized stack of its region.
 * Every SDK command they send is recorded (test/support/sdk-recorder.ts) and mapped to IAM
 * requests (test/support/iam-requests.ts). The same config is synthesized, and per function
 * role: every request is allowed by the role's statements, and every (action, resource) the
 * statements grant was requested — except what the Lambda service itself uses with the role:
 * the log-group statement and the on-failure destination statement (proven separately to name
 * only the function's own failure queue).
 */

type Handler<E> = (event: E) => Promise<unknown>;
type RelayModule = { relay: Handler<AlarmStateChangeEvent> };
type ProbeEvent = { shard: string; targetIds: string[] };

const T0 = Date.parse('2026-11-24T03:00:00.000Z');
/** Target ids and secrets do not depend on the site's port: the synthesized and the live config grant alike. */
const config = proofConfig('http://127.0.0.1:9');
const sns = mockClient(SNSClient);
const cloudwatch = mockClient(CloudWatchClient);
const ssm = mockClient(SSMClient);
const secretsManager = mockClient(SecretsManagerClient);

let recorder: SdkRecorder;
let site: ProofSite;
const dynamos: LocalDynamo[] = [];
let configPath: string;
let monitor: Record<string, unknown>;
let remote: Record<string, unknown>;
const runs: Record<'probe' | 'capacity' | 'remoteProbe' | 'relay' | 'remoteRelay', SdkCall[]> = {
  probe: [],
  capacity: [],
  remoteProbe: [],
  relay: [],
  remoteRelay: [],
};
/** The runs of the functions that handle targets and capacity (the relay only handles Pantau's own alarms). */
const TARGET_RUNS = ['probe', 'capacity', 'remoteProbe'] as const;

/** Sets the clock (Date only: sockets and timers stay real) and runs one invocation, recording its calls. */
async function invoke<E>(into: SdkCall[], handler: Handler<E>, event: E, atMs: number): Promise<void> {
  vi.setSystemTime(atMs);
  const from = recorder.calls.length;
  await handler(event);
  into.push(...recorder.calls.slice(from));
}

/** A fresh handler module (its clients are made at import) with the environment the template gives it. */
async function loadHandler<M>(path: string, env: Record<string, string>): Promise<M> {
  vi.resetModules();
  Object.assign(process.env, env);
  return (await import(path)) as M;
}

async function functionEnv(region: string): Promise<Record<string, string>> {
  const dynamo = await startLocalDynamo();
  dynamos.push(dynamo);
  await ensureTable(dynamo.client, 'pantau-state');
  const topic = (name: string) => `arn:aws:sns:${HOME}:${ACCOUNT}:pantau-${name}`;
  return {
    PANTAU_CONFIG_PATH: configPath,
    TABLE_NAME: 'pantau-state',
    HISTORY_DAYS: '30',
    HOME_REGION: HOME,
    PROBE_REGION: region,
    AWS_REGION: region,
    METRICS_NAMESPACE: 'Pantau',
    TOPIC_ARN_CRITICAL: topic('critical'),
    TOPIC_ARN_WARNING: topic('warning'),
    TOPIC_ARN_INFO: topic('info'),
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
}

/** Healthy → outage on every topic + a storm → a held storm member → recovery and the digest. */
async function probeScenario(into: SdkCall[], probeShard: Handler<ProbeEvent>): Promise<void> {
  const event = { shard: '1m-01', targetIds: config.targets.map((t) => t.id) };
  site.down.clear();
  await invoke(into, probeShard, event, T0);
  for (const id of [...SINGLES, STORM[0], STORM[1]]) site.down.add(id);
  await invoke(into, probeShard, event, T0 + 60_000); // three singles + the storm's opening message
  site.down.add(STORM[2]);
  await invoke(into, probeShard, event, T0 + 90_000); // joins the open window: held for its digest
  site.down.clear();
  await invoke(into, probeShard, event, T0 + 60_000 + STORM_WINDOW_MS + 70_000); // recoveries; flushes the digest
}

/** EventBridge's "CloudWatch Alarm State Change" event for an alarm of `template` (as alarm-relay.test.ts builds it). */
function alarmChange(template: Record<string, unknown>, region: string, alarmName: string, value: 'ALARM' | 'OK', atMs: number): AlarmStateChangeEvent {
  const alarm = Object.values((template as Cfn).Resources).find(
    (r) => (r.Type === 'AWS::CloudWatch::Alarm' && r.Properties!.AlarmName === alarmName) || (r.Type === 'AWS::CloudWatch::CompositeAlarm' && r.Properties!.AlarmName === alarmName),
  );
  if (!alarm) throw new Error(`no alarm ${alarmName} in the ${region} stack`);
  const at = new Date(atMs).toISOString().replace('Z', '+0000');
  return {
    source: 'aws.cloudwatch',
    'detail-type': 'CloudWatch Alarm State Change',
    region,
    time: at.replace(/\.\d+\+0000$/, 'Z'),
    detail: {
      alarmName,
      configuration: { description: String(alarm.Properties!.AlarmDescription) },
      state: { value, reason: 'Threshold Crossed', timestamp: at },
      previousState: { value: value === 'OK' ? 'ALARM' : 'OK' },
    },
  };
}

/**
 * A critical alarm (dead-man at home) and an Errors alarm (high) of the region fire together (two
 * `pantau` alerts: a storm at threshold 2 if they share a topic), then clear: state writes, storm
 * items, publishing.
 */
async function relayScenario(
  into: SdkCall[],
  relay: Handler<AlarmStateChangeEvent>,
  template: Record<string, unknown>,
  region: string,
  deadMan: string,
  atMs: number,
  ticket?: string,
): Promise<void> {
  const errors = `pantau-probe-errors-${region}`;
  await invoke(into, relay, alarmChange(template, region, deadMan, 'ALARM', atMs), atMs);
  await invoke(into, relay, alarmChange(template, region, errors, 'ALARM', atMs + 10_000), atMs + 10_000);
  await invoke(into, relay, alarmChange(template, region, deadMan, 'OK', atMs + 5 * 60_000), atMs + 5 * 60_000);
  await invoke(into, relay, alarmChange(template, region, errors, 'OK', atMs + 6 * 60_000), atMs + 6 * 60_000);
  if (ticket) {
    // The home relay also carries an app's SLO ticket (low severity: the info topic).
    await invoke(into, relay, alarmChange(template, region, ticket, 'ALARM', atMs + 7 * 60_000), atMs + 7 * 60_000);
    await invoke(into, relay, alarmChange(template, region, ticket, 'OK', atMs + 9 * 60_000), atMs + 9 * 60_000);
  }
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  recorder = installSdkRecorder();
  for (const client of [SNSClient, CloudWatchClient, SSMClient, SecretsManagerClient]) recorder.recordMocked(client);
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  cloudwatch.on(PutMetricDataCommand).resolves({});
  // 10 GB free of 500 GB: 98 % used, critical.
  cloudwatch.on(GetMetricDataCommand).callsFake(() => ({ MetricDataResults: [{ Id: 'm0', Timestamps: [new Date()], Values: [10e9] }] }));
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: SECRET_VALUES.ssm } });
  secretsManager.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ key: SECRET_VALUES.secretsManager }) });

  const { stacks } = buildApp(config);
  monitor = Template.fromStack(stacks.monitor).toJSON();
  remote = Template.fromStack(stacks.probes[0]!).toJSON();

  site = await startProofSite();
  const live = proofConfig(site.server.url);
  configPath = join(mkdtempSync(join(tmpdir(), 'pantau-iam-proof-')), 'pantau-config.json');
  writeFileSync(configPath, JSON.stringify(live));

  // Home-region probe.
  const home = await loadHandler<{ probeShard: Handler<ProbeEvent> }>('../../lambdas/probe/handler', await functionEnv(HOME));
  await probeScenario(runs.probe, home.probeShard);

  // Capacity: critical twice pages (two DC-A racks open a storm, DC-B and the CloudWatch source
  // page alone); a third rack joins the window later; the run after the window flushes the digest.
  const capacity = await loadHandler<{ readCapacity: Handler<{ sources?: string[] }> }>('../../lambdas/capacity/handler', await functionEnv(HOME));
  const C0 = T0 + 3_600_000;
  for (const r of ['rack-a', 'rack-b', 'power']) site.capacityPct.set(r, 95);
  await invoke(runs.capacity, capacity.readCapacity, {}, C0);
  site.capacityPct.set('rack-c', 95);
  await invoke(runs.capacity, capacity.readCapacity, {}, C0 + 60_000);
  await invoke(runs.capacity, capacity.readCapacity, {}, C0 + 90_000);
  await invoke(runs.capacity, capacity.readCapacity, {}, C0 + 60_000 + STORM_WINDOW_MS + 70_000);

  // The same probe in the extra region, against a fresh table (its own scenario from the start).
  const far = await loadHandler<{ probeShard: Handler<ProbeEvent> }>('../../lambdas/probe/handler', await functionEnv(REMOTE));
  await probeScenario(runs.remoteProbe, far.probeShard);

  // The alarm relay of each region, fed changes of that region's own alarms. Like the probes, a
  // relay anywhere writes the home table and publishes to the home topics (HOME_REGION).
  const R0 = T0 + 2 * 3_600_000;
  const homeRelay = await loadHandler<RelayModule>('../../lambdas/relay/handler', await functionEnv(HOME));
  await relayScenario(runs.relay, homeRelay.relay, monitor, HOME, `pantau-deadman-1m-01-${HOME}`, R0, 'pantau-slo-kpu-ticket');
  const farRelay = await loadHandler<RelayModule>('../../lambdas/relay/handler', await functionEnv(REMOTE));
  // Every dead-man alarm lives in the home stack: the probe stack's critical alarm is its relay's dead letters.
  await relayScenario(runs.remoteRelay, farRelay.relay, remote, REMOTE, `pantau-relay-dead-letters-dropped-${REMOTE}`, R0);
}, 180_000);

afterAll(async () => {
  recorder?.restore();
  vi.useRealTimers();
  await Promise.all([site?.server.close(), ...dynamos.map((d) => d.close())]);
});

/** The alert topics' key, as the monitor template defines it (resolved like its policies). */
function iamEnvironment(): IamEnvironment {
  const [keyArn] = resolveStatements([{ Effect: 'Allow', Action: 'x', Resource: { 'Fn::GetAtt': [logicalIdOf(monitor, 'AWS::KMS::Key'), 'Arn'] } }], ctx(monitor, HOME))[0]!.resources;
  const aliases = Object.values((monitor as Cfn).Resources)
    .filter((r) => r.Type === 'AWS::KMS::Alias')
    .map((r) => String(r.Properties!.AliasName));
  return { account: ACCOUNT, topicKey: () => ({ arn: keyArn!, aliases }) };
}

type Cfn = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
const ctx = (template: Record<string, unknown>, region: string) => ({ template: template as Cfn, account: ACCOUNT, region });
const logicalIdOf = (template: Record<string, unknown>, type: string) => Object.entries((template as Cfn).Resources).find(([, r]) => r.Type === type)![0];

/** Every statement of the role, resolved. */
function allRoleStatements(template: Record<string, unknown>, region: string, rolePrefix: string): ResolvedStatement[] {
  const { inline, managed } = rolePolicyDocuments(template as Cfn, roleId(template as Cfn, rolePrefix));
  return resolveStatements([...inline, ...managed].flat(), ctx(template, region));
}

/**
 * The statements of the role the Lambda SERVICE uses, not the handler: the log-group statement
 * (the runtime writes the logs) and the on-failure destination statement (`sqs:SendMessage` and
 * the `GetQueue*` CDK adds with it: Lambda sends a failed or expired asynchronous event to the
 * queue with the role's credentials; the handler never does). A statement with any `sqs:` action
 * is the destination's: 'the on-failure statement' below proves it names only the function's own
 * failure queue, so excluding it cannot hide a broader grant.
 */
const runtimeOnly = (s: ResolvedStatement) => s.actions.every((a) => a.startsWith('logs:')) || s.actions.some((a) => a.startsWith('sqs:'));

/** The role's statements, resolved, without those the Lambda service uses for the runtime (runtimeOnly). */
function roleStatements(template: Record<string, unknown>, region: string, rolePrefix: string): ResolvedStatement[] {
  return allRoleStatements(template, region, rolePrefix).filter((s) => !runtimeOnly(s));
}

/** The SQS actions CDK grants a function role for an SQS on-failure destination (SqsDestination → queue.grantSendMessages). */
const DESTINATION_ACTIONS = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];

/**
 * What is wrong with the statements runtimeOnly leaves out for the destination: there must be
 * exactly one, with exactly the destination's actions, unconditioned, on exactly `queue`.
 */
function destinationGrantProblems(statements: ResolvedStatement[], queue: string): string[] {
  const excluded = statements.filter((s) => runtimeOnly(s) && !s.actions.every((a) => a.startsWith('logs:')));
  if (excluded.length !== 1) return [`${excluded.length} on-failure statements`];
  const [s] = excluded as [ResolvedStatement];
  return [
    ...(JSON.stringify([...s.actions].sort()) === JSON.stringify(DESTINATION_ACTIONS) ? [] : [`actions ${s.actions.join(', ')}`]),
    ...(JSON.stringify(s.resources) === JSON.stringify([queue]) ? [] : [`resources ${s.resources.join(', ')}`]),
    ...(s.condition ? ['a condition'] : []),
  ];
}

/** ARN of the on-failure destination of the function whose role is `rolePrefix…` (its EventInvokeConfig). */
function failureQueueArn(template: Record<string, unknown>, region: string, rolePrefix: string): string {
  const resources = Object.entries((template as Cfn).Resources);
  const role = roleId(template as Cfn, rolePrefix);
  const fns = resources
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && JSON.stringify(r.Properties!.Role) === JSON.stringify({ 'Fn::GetAtt': [role, 'Arn'] }))
    .map(([id]) => id);
  expect(fns).toHaveLength(1);
  const configs = resources
    .filter(([, r]) => r.Type === 'AWS::Lambda::EventInvokeConfig' && (r.Properties!.FunctionName as { Ref?: string }).Ref === fns[0])
    .map(([, r]) => r.Properties!.DestinationConfig as { OnFailure?: { Destination: { 'Fn::GetAtt': [string, string] } } });
  expect(configs).toHaveLength(1);
  const destination = configs[0]!.OnFailure!.Destination;
  expect((template as Cfn).Resources[destination['Fn::GetAtt'][0]]!.Type).toBe('AWS::SQS::Queue');
  return resolveStatements([{ Effect: 'Allow', Action: 'x', Resource: destination }], ctx(template, region))[0]!.resources[0]!;
}

const requestsOf = (calls: SdkCall[]): IamRequest[] => calls.flatMap((c) => iamRequestsOf(c, iamEnvironment()));
const described = (r: IamRequest) => `${r.action} on ${r.resource} (${r.from})`;

describe('the SDK recorder', () => {
  it('sees the low-level DynamoDB commands behind the document client, and the commands the mocks answer', () => {
    const commands = new Set(runs.probe.map((c) => `${c.client}.${c.command}`));
    expect(commands).toContain('DynamoDBClient.BatchWriteItemCommand');
    expect(commands).toContain('DynamoDBClient.GetItemCommand');
    expect([...commands].some((c) => /\.(Get|Put|Update|Delete|BatchWrite|BatchGet)Command$/.test(c))).toBe(false);
    expect(commands).toContain('SNSClient.PublishCommand');
    expect(commands).toContain('SSMClient.GetParameterCommand');
    expect(commands).toContain('SecretsManagerClient.GetSecretValueCommand');
    // Every publish the mock answered was recorded, by exactly one of the runs.
    const recorded = Object.values(runs).flat().filter((c) => c.command === 'PublishCommand');
    expect(recorded).toHaveLength(sns.commandCalls(PublishCommand).length);
  });

  it('the scenario really used the secrets and paged on every topic', () => {
    expect(site.headers.get('portal')?.authorization).toBe(SECRET_VALUES.ssm);
    expect(site.headers.get('sipol-api')?.['x-api-key']).toBe(SECRET_VALUES.secretsManager);
    expect(site.headers.get('dcim')?.authorization).toBe(SECRET_VALUES.ssm);
    for (const calls of TARGET_RUNS.map((run) => runs[run])) {
      const topics = new Set(calls.filter((c) => c.command === 'PublishCommand').map((c) => String(c.input.TopicArn).split(':').pop()));
      expect([...topics].sort()).toEqual(['pantau-critical', 'pantau-info', 'pantau-warning']);
    }
  });
});

describe('the alarm relay scenario', () => {
  it.each(['relay', 'remoteRelay'] as const)('%s: paged DOWN then RECOVERED for both alarms, through the engine\'s state and storm items', (run) => {
    const published = runs[run]
      .filter((c) => c.command === 'PublishCommand')
      .map((c) => `${String(c.input.TopicArn).split(':').pop()} ${(c.input.MessageAttributes as Record<string, { StringValue: string }>).kind!.StringValue}`);
    const pages = ['pantau-critical down', 'pantau-critical recovered', 'pantau-warning down', 'pantau-warning recovered'];
    // At home, the SLO ticket too (low severity: the info topic).
    const tickets = run === 'relay' ? ['pantau-info down', 'pantau-info recovered'] : [];
    expect(published.sort()).toEqual([...pages, ...tickets].sort());
    const commands = new Set(runs[run].map((c) => c.command));
    for (const c of ['GetItemCommand', 'PutItemCommand', 'UpdateItemCommand', 'QueryCommand']) expect(commands).toContain(c);
    // Only the home table and the home topics, whatever the relay's region.
    expect(new Set(runs[run].map((c) => c.region))).toEqual(new Set([HOME]));
  });
});

describe.each([
  { fn: 'home-region probe', run: 'probe' as const, stack: () => monitor, region: HOME, role: 'ProbesFunctionRole' },
  { fn: 'capacity watcher', run: 'capacity' as const, stack: () => monitor, region: HOME, role: 'CapacityFunctionRole' },
  { fn: `${REMOTE} probe`, run: 'remoteProbe' as const, stack: () => remote, region: REMOTE, role: 'ProbesFunctionRole' },
  { fn: 'home-region alarm relay', run: 'relay' as const, stack: () => monitor, region: HOME, role: 'AlarmRelayFunctionRole' },
  { fn: `${REMOTE} alarm relay`, run: 'remoteRelay' as const, stack: () => remote, region: REMOTE, role: 'AlarmRelayFunctionRole' },
])('IAM of the $fn', ({ run, stack, region, role }) => {
  it('the on-failure statement left out of the proof grants only the SQS actions of a destination, on exactly the function\'s own failure queue', () => {
    const queue = failureQueueArn(stack(), region, role);
    expect(queue).toMatch(new RegExp(`^arn:aws:sqs:${region}:${ACCOUNT}:\\S+$`));
    expect(destinationGrantProblems(allRoleStatements(stack(), region, role), queue)).toEqual([]);
    // And the handler itself never talks to SQS.
    expect(runs[run].filter((c) => c.client === 'SQSClient')).toEqual([]);
  });

  it('allows every request the handler sent (sufficient)', () => {
    const { denied } = proveStatements(roleStatements(stack(), region, role), requestsOf(runs[run]));
    expect(denied.map(described)).toEqual([]);
  });

  it('grants no action on no resource that the handler did not use (minimal)', () => {
    const { unused } = proveStatements(roleStatements(stack(), region, role), requestsOf(runs[run]));
    expect(unused).toEqual([]);
  });
});

describe('the proof can fail', () => {
  it('a missing grant is reported as denied, an extra one as unused', () => {
    const statements = roleStatements(monitor, HOME, 'ProbesFunctionRole');
    const requests = requestsOf(runs.probe);
    const withoutDelete = statements.map((s) => ({ ...s, actions: s.actions.filter((a) => a !== 'dynamodb:DeleteItem') }));
    expect(proveStatements(withoutDelete, requests).denied.map((r) => r.action)).toContain('dynamodb:DeleteItem');
    const withScan = [...statements, { actions: ['dynamodb:Scan'], resources: [`arn:aws:dynamodb:${HOME}:${ACCOUNT}:table/pantau-state`] }];
    expect(proveStatements(withScan, requests).unused).toEqual([`dynamodb:Scan on arn:aws:dynamodb:${HOME}:${ACCOUNT}:table/pantau-state`]);
  });

  it('a broader grant hidden in the excluded on-failure statement is reported', () => {
    const all = allRoleStatements(monitor, HOME, 'ProbesFunctionRole');
    const queue = failureQueueArn(monitor, HOME, 'ProbesFunctionRole');
    const otherQueue = failureQueueArn(monitor, HOME, 'CapacityFunctionRole');
    expect(otherQueue).not.toBe(queue);
    const widened = (change: (s: ResolvedStatement) => ResolvedStatement) => all.map((s) => (runtimeOnly(s) && s.actions.some((a) => a.startsWith('sqs:')) ? change(s) : s));
    expect(destinationGrantProblems(widened((s) => ({ ...s, resources: [`arn:aws:sqs:${HOME}:${ACCOUNT}:*`] })), queue)).toEqual([`resources arn:aws:sqs:${HOME}:${ACCOUNT}:*`]);
    expect(destinationGrantProblems(widened((s) => ({ ...s, resources: [queue, otherQueue] })), queue)).toEqual([`resources ${queue}, ${otherQueue}`]);
    expect(destinationGrantProblems(widened((s) => ({ ...s, actions: [...s.actions, 'dynamodb:Scan'] })), queue)).toHaveLength(1);
    expect(destinationGrantProblems([...all, { actions: ['sqs:ReceiveMessage'], resources: [queue] }], queue)).toEqual(['2 on-failure statements']);
  });
});
