import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { REPO_ROOT } from '../../lib/constructs/pantau-function';
import { makeConfig, makeTarget } from '../support/config-fixture';
import { buildApp } from './cdk-app';
import { startFakeAws, type FakeAws } from './fake-aws';

/**
 * The real deployment artefact, run locally: synthesize the app WITH bundling into a temp
 * cdk.out, take the probe function's asset (esbuild output + the bundled pantau-config.json),
 * and invoke its handler in a child process with exactly the environment variables the template
 * gives the function — only the AWS endpoints are pointed at loopback (dynalite for DynamoDB, a
 * recording stand-in for CloudWatch and SNS).
 */

const run = promisify(execFile);
const ACCOUNT = '000000000000';
const HOME = 'ap-southeast-3';

interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
}

/** Template values are literals or a Ref to a topic (its ARN); anything else is a test gap. */
function resolveEnv(value: unknown, resources: Record<string, CfnResource>): string {
  if (typeof value === 'string') return value;
  const ref = (value as { Ref?: string }).Ref;
  const resource = ref ? resources[ref] : undefined;
  if (resource?.Type === 'AWS::SNS::Topic') return `arn:aws:sns:${HOME}:${ACCOUNT}:${String(resource.Properties.TopicName)}`;
  throw new Error(`cannot resolve environment value ${JSON.stringify(value)}`);
}

describe('bundled probe handler from cdk.out', () => {
  let outdir: string;
  let site: Server;
  let sitePort: number;
  let dynamo: LocalDynamo;
  let aws: FakeAws;
  let assetDir: string;
  let fnEnv: Record<string, string>;
  let shardInput: { shard: string; targetIds: string[] };

  beforeAll(async () => {
    site = createServer((req, res) => {
      if (req.url === '/ok') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('Sirekap OK');
      } else {
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('maintenance');
      }
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    sitePort = (site.address() as AddressInfo).port;
    dynamo = await startLocalDynamo();
    aws = await startFakeAws();

    const config = makeConfig({
      // Every result kept: the Lambda's default keeps one plain pass per 5 minutes (at fixed
      // minutes of the clock), and this test asserts the pass's history item whatever the time.
      historySampleMinutes: 1,
      targets: [
        makeTarget({ id: 'sirekap-up', app: 'sirekap', url: `http://127.0.0.1:${sitePort}/ok`, timeoutMs: 5_000, expect: { bodyContains: ['OK'], bodyMatches: ['(?i)^(sirekap )+ok$'] } }),
        makeTarget({
          id: 'sipol-down',
          app: 'sipol',
          url: `http://127.0.0.1:${sitePort}/fail`,
          timeoutMs: 5_000,
          metrics: 'detailed',
          // Pages on the first failure, so one invocation exercises the SNS wiring too.
          alerting: { ...makeTarget({ id: 'x', url: 'http://x' }).alerting, failureThreshold: 1 },
        }),
      ],
    });
    outdir = mkdtempSync(join(tmpdir(), 'pantau-cdk-out-'));
    const { app } = buildApp(config, { bundle: true, outdir });
    app.synth();

    const template = JSON.parse(readFileSync(join(outdir, 'Pantau-Monitor.template.json'), 'utf8')) as { Resources: Record<string, CfnResource> };
    // The probe, not the alarm relay that shares the stack.
    const [fn] = Object.values(template.Resources).filter(
      (r) => r.Type === 'AWS::Lambda::Function' && JSON.stringify(r.Properties.Environment).includes('"POWERTOOLS_SERVICE_NAME":"pantau-probe"'),
    );
    const s3Key = (fn!.Properties.Code as { S3Key: string }).S3Key;
    const assets = JSON.parse(readFileSync(join(outdir, 'Pantau-Monitor.assets.json'), 'utf8')) as {
      files: Record<string, { source: { path: string } }>;
    };
    assetDir = join(outdir, assets.files[s3Key.replace(/\.zip$/, '')]!.source.path);
    const variables = (fn!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    fnEnv = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, resolveEnv(v, template.Resources)]));
    await ensureTable(dynamo.client, fnEnv.TABLE_NAME!);

    const [schedule] = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Scheduler::Schedule');
    shardInput = JSON.parse((schedule!.Properties.Target as { Input: string }).Input) as typeof shardInput;
  }, 60_000);

  afterAll(async () => {
    await Promise.all([
      dynamo?.close(),
      aws?.close(),
      site ? new Promise<void>((resolve) => site.close(() => resolve())) : undefined,
    ]);
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('the asset holds the esbuild bundle, its source map and the validated config', () => {
    expect(existsSync(join(assetDir, 'index.js'))).toBe(true);
    expect(existsSync(join(assetDir, 'index.js.map'))).toBe(true);
    const bundled = JSON.parse(readFileSync(join(assetDir, 'pantau-config.json'), 'utf8')) as { targets: Array<{ id: string }> };
    expect(bundled.targets.map((t) => t.id)).toEqual(['sirekap-up', 'sipol-down']);
    // The SDK is left to the Lambda runtime, not bundled.
    expect(readFileSync(join(assetDir, 'index.js'), 'utf8')).toMatch(/require\("@aws-sdk\/client-dynamodb"\)/);
  });

  it('runs the schedule input of a shard: results and state in DynamoDB, metrics to CloudWatch, the alert to SNS', async () => {
    expect(shardInput).toEqual({ shard: '1m-01', targetIds: ['sirekap-up', 'sipol-down'] });
    const invoke = `
      const { handler } = require(${JSON.stringify(join(assetDir, 'index.js'))});
      const context = {
        functionName: 'pantau-probe', functionVersion: '$LATEST', memoryLimitInMB: '512',
        invokedFunctionArn: 'arn:aws:lambda:${HOME}:${ACCOUNT}:function:pantau-probe', awsRequestId: 'test-request',
        getRemainingTimeInMillis: () => 60000,
      };
      handler(JSON.parse(process.env.EVENT), context).then(
        (out) => console.log('RESULT ' + JSON.stringify(out)),
        (err) => { console.log('FAILED ' + err.name + ': ' + err.message); process.exitCode = 1; },
      );`;
    const { stdout } = await run(process.execPath, ['-e', invoke], {
      timeout: 30_000,
      env: {
        PATH: process.env.PATH,
        ...fnEnv,
        EVENT: JSON.stringify(shardInput),
        // What Lambda itself sets, and the runtime's AWS SDK (external to the bundle).
        AWS_REGION: HOME,
        AWS_DEFAULT_REGION: HOME,
        AWS_LAMBDA_FUNCTION_NAME: 'pantau-probe',
        NODE_PATH: join(REPO_ROOT, 'node_modules'),
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_ENDPOINT_URL_CLOUDWATCH: aws.endpoint,
        AWS_ENDPOINT_URL_SNS: aws.endpoint,
      },
    }).catch((err: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`bundled handler failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
    });

    const resultLine = stdout.split('\n').find((l) => l.startsWith('RESULT '));
    expect(resultLine, stdout).toBeDefined();
    const summary = JSON.parse(resultLine!.slice('RESULT '.length)) as { shard: string; checks: number; down: number };
    expect(summary).toMatchObject({ shard: '1m-01', checks: 2, down: 1 });

    // History: one RESULT item per target, with the verdict the loopback server deserved.
    const results = async (id: string) =>
      (
        await dynamo.client.send(
          new QueryCommand({
            TableName: fnEnv.TABLE_NAME,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
            ExpressionAttributeValues: { ':pk': { S: `TARGET#${id}` }, ':r': { S: 'RESULT#' } },
          }),
        )
      ).Items ?? [];
    const up = await results('sirekap-up');
    const down = await results('sipol-down');
    expect(up).toHaveLength(1);
    expect(down).toHaveLength(1);
    expect(up[0]!.ok).toEqual({ BOOL: true });
    expect(up[0]!.region).toEqual({ S: HOME });
    expect(down[0]!.ok).toEqual({ BOOL: false });
    expect(down[0]!.error).toEqual({ S: 'status' });
    expect(Number(up[0]!.expiresAt!.N)).toBeGreaterThan(Date.now() / 1000 + 29 * 86_400);

    // State: one STATE item per target.
    for (const id of ['sirekap-up', 'sipol-down']) {
      const state = await dynamo.client.send(
        new QueryCommand({
          TableName: fnEnv.TABLE_NAME,
          KeyConditionExpression: 'pk = :pk AND sk = :s',
          ExpressionAttributeValues: { ':pk': { S: `TARGET#${id}` }, ':s': { S: 'STATE' } },
        }),
      );
      expect(state.Items, id).toHaveLength(1);
    }

    // Metrics: PutMetricData to the template's namespace, per-app series plus the detailed target.
    const puts = aws.requests.filter((r) => r.service === 'cloudwatch' && r.operation === 'PutMetricData');
    expect(puts.length).toBeGreaterThanOrEqual(1);
    expect(puts.every((p) => p.body.Namespace === fnEnv.METRICS_NAMESPACE)).toBe(true);
    type Datum = { MetricName: string; Dimensions: Array<{ Name: string; Value: string }>; Values: number[]; Counts: number[] };
    const data = puts.flatMap((p) => p.body.MetricData as Datum[]);
    const upSeries = (dims: Record<string, string>) =>
      data.filter(
        (d) =>
          d.MetricName === 'Up' &&
          d.Dimensions.length === Object.keys(dims).length &&
          d.Dimensions.every((x) => dims[x.Name] === x.Value),
      );
    expect(upSeries({ App: 'sirekap', Region: HOME }).flatMap((d) => d.Values)).toEqual([1]);
    expect(upSeries({ App: 'sipol', Region: HOME }).flatMap((d) => d.Values)).toEqual([0]);
    expect(upSeries({ App: 'sipol', Region: HOME, Target: 'sipol-down' }).flatMap((d) => d.Values)).toEqual([0]);
    // The healthy app's latency is published; a failed check's latency is not a latency figure.
    expect(data.some((d) => d.MetricName === 'LatencyMs' && d.Dimensions.some((x) => x.Value === 'sirekap'))).toBe(true);
    expect(data.some((d) => d.MetricName === 'LatencyMs' && d.Dimensions.some((x) => x.Value === 'sipol'))).toBe(false);
    // The dead-man signal: one Heartbeat for the schedule's shard, from this region.
    expect(data.filter((d) => d.MetricName === 'Heartbeat').map((d) => [d.Dimensions, d.Values])).toEqual([
      [[{ Name: 'Region', Value: HOME }, { Name: 'Shard', Value: shardInput.shard }], [1]],
    ]);

    // Alert: severity high routes to the warning topic, whose ARN the template put in TOPIC_ARN_WARNING.
    const publishes = aws.requests.filter((r) => r.service === 'sns');
    expect(publishes).toHaveLength(1);
    expect(publishes[0]!.body.TopicArn).toBe(fnEnv.TOPIC_ARN_WARNING);
    const attributes = attributesOf(publishes[0]!.body);
    expect(attributes).toMatchObject({ kind: 'down', app: 'sipol', target: 'sipol-down', severity: 'high' });
  });
});

/** SNS Query-protocol form fields `MessageAttributes.entry.N.Name/Value.StringValue` → a map. */
function attributesOf(form: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (let n = 1; form[`MessageAttributes.entry.${n}.Name`] !== undefined; n++) {
    out[String(form[`MessageAttributes.entry.${n}.Name`])] = String(form[`MessageAttributes.entry.${n}.Value.StringValue`]);
  }
  return out;
}
