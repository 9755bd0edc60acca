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
 * Every SDK command they send is recorded (test/support/sdk-recorder.ts) and mapped to IAM
 * requests (test/support/iam-requests.ts). The same config is synthesized, and per function
 * role: every request is allowed by the role's statements, and every (action, resource) the
 * statements grant was requested — except the log-group statement CDK adds for the runtime.
 */

type Handler<E> = (event: E) => Promise<unknown>;
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
let dynamos: LocalDynamo[] = [];
let configPath: string;
let monitor: Record<string, unknown>;
let remote: Record<string, unknown>;
const runs: Record<'probe' | 'capacity' | 'remoteProbe', SdkCall[]> = { probe: [], capacity: [], remoteProbe: [] };

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

  const { stacks } = buildApp(config);
  monitor = Template.fromStack(stacks.monitor).toJSON();
  remote = Template.fromStack(stacks.probes[0]!).toJSON();
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

/** The role's statements, resolved, without the log-group statement CDK adds for the Lambda runtime. */
function roleStatements(template: Record<string, unknown>, region: string, rolePrefix: string): ResolvedStatement[] {
  const { inline, managed } = rolePolicyDocuments(template as Cfn, roleId(template as Cfn, rolePrefix));
  return resolveStatements([...inline, ...managed].flat(), ctx(template, region)).filter((s) => !s.actions.every((a) => a.startsWith('logs:')));
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
    for (const calls of Object.values(runs)) {
      const topics = new Set(calls.filter((c) => c.command === 'PublishCommand').map((c) => String(c.input.TopicArn).split(':').pop()));
      expect([...topics].sort()).toEqual(['pantau-critical', 'pantau-info', 'pantau-warning']);
    }
  });
});

describe.each([
  { fn: 'home-region probe', run: 'probe' as const, stack: () => monitor, region: HOME, role: 'ProbesFunctionRole' },
  { fn: 'capacity watcher', run: 'capacity' as const, stack: () => monitor, region: HOME, role: 'CapacityFunctionRole' },
  { fn: `${REMOTE} probe`, run: 'remoteProbe' as const, stack: () => remote, region: REMOTE, role: 'ProbesFunctionRole' },
])('IAM of the $fn', ({ run, stack, region, role }) => {
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
});
