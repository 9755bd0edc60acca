import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/constructs/pantau-function';

/**
 * bin/pantau.ts as `cdk synth` runs it: the CLI passes context in CDK_CONTEXT_JSON and the output
 * folder in CDK_OUTDIR. No credentials, no network: the app must not need either.
 */

const run = promisify(execFile);
const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

async function synth(context: Record<string, unknown>, outdir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [], ...context }),
    CDK_OUTDIR: outdir,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  try {
    const { stdout, stderr } = await run(tsx, ['bin/pantau.ts'], { cwd: REPO_ROOT, env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('bin/pantau.ts', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pantau-bin-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('synthesizes the shipped config offline, without credentials, and passes its own cdk-nag checks', async () => {
    const outdir = join(dir, 'ok');
    const result = await synth({}, outdir);
    expect(result.code, result.stderr).toBe(0);
    const template = JSON.parse(readFileSync(join(outdir, 'Pantau-Monitor.template.json'), 'utf8')) as { Resources: Record<string, { Type: string }> };
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(types).toEqual(expect.arrayContaining(['AWS::DynamoDB::Table', 'AWS::SNS::Topic', 'AWS::Lambda::Function', 'AWS::Scheduler::Schedule', 'AWS::CloudWatch::Dashboard']));
    // the app ran the AwsSolutions pack (its report is written beside the templates)
    expect(existsSync(join(outdir, 'AwsSolutions--Pantau-Monitor-NagReport.csv'))).toBe(true);
    // A budget for a shared, busy machine (a tsx start-up, a synth and the nag pack), not a speed claim.
  }, 150_000);

  it('runs Control Tower\'s proactive controls: a config keeping logs 30 days fails synth naming CT.CLOUDWATCH.PR.2', async () => {
    const short = join(dir, 'short-logs.yaml');
    writeFileSync(short, 'logRetentionDays: 30\ntargets:\n  - id: kpu\n    url: https://www.kpu.go.id/\n');
    const result = await synth({ config: short }, join(dir, 'short-logs'));
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/CT\.CLOUDWATCH\.PR\.2/);
    // the other controls pass on the same app: only the retention is reported
    expect(result.stdout + result.stderr).not.toMatch(/CT\.(LAMBDA|KMS|SQS)\.PR/);
  }, 150_000);

  it('prints the loader\'s message and exits 2 on a bad config, with no stack trace', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'targets:\n  - id: sirekap\n    url: htp://sirekap.kpu.go.id\n');
    const result = await synth({ config: bad }, join(dir, 'bad'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/targets\[0\]\.url/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 2 naming the file when the config file does not exist', async () => {
    const result = await synth({ config: join(dir, 'missing.yaml') }, join(dir, 'missing'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing.yaml: config file not found');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
