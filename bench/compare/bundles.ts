import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { BUNDLED_CONFIG_FILE } from '../../lambdas/contracts/bundle';
import { ENV } from '../../lambdas/contracts/env';
import { loadConfig } from '../../lib/config/load';
import { median, round } from '../stats';

/**
 * `bundles`: each Lambda's handler bundled the way lib/constructs/pantau-function.ts has CDK do
 * it (esbuild, minified, AWS SDK external, the validated config beside it — REPO_CONFIG), its
 * size, and the time a fresh `node` takes to require it (median of `samples`): the code-loading
 * share of a cold start.
 */

const REPO_CONFIG = 'config/pantau.config.yaml';
const REPO = path.resolve(__dirname, '..', '..');
/** What a handler reads at init in Lambda (names from lambdas/contracts/env.ts); values are placeholders, nothing is called. */
const LAMBDA_ENV: Record<string, string> = {
  [ENV.tableName]: 'pantau-bench',
  [ENV.awsRegion]: 'ap-southeast-3',
  [ENV.homeRegion]: 'ap-southeast-3',
  [ENV.probeRegion]: 'ap-southeast-3',
  [ENV.statusBucket]: 'pantau-bench-status',
};

export interface BundleFigure {
  name: string;
  entry: string;
  bytes: number;
  initMs: number | null;
  initError?: string;
}

/** The `entry: 'lambdas/….ts'` values written in lib/constructs (the NodejsFunction entries). */
export function lambdaEntries(sources: ReadonlyArray<string>): string[] {
  const entries = new Set<string>();
  for (const source of sources) for (const m of source.matchAll(/entry:[^'\n]*'(lambdas\/[\w/-]+\.ts)'/g)) entries.add(m[1]!);
  return [...entries].sort();
}

function requireMs(file: string): number {
  // The SDK is external, as in Lambda, where the runtime provides it: resolve it from the repo.
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const out = execFileSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, ...LAMBDA_ENV, NODE_PATH: path.join(REPO, 'node_modules') },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
  });
  return Number(out);
}

export async function measureBundles(samples: number): Promise<BundleFigure[]> {
  const constructs = path.join(REPO, 'lib', 'constructs');
  const sources = readdirSync(constructs).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(path.join(constructs, f), 'utf8'));
  const out = mkdtempSync(path.join(os.tmpdir(), 'pantau-bundles-'));
  try {
    writeFileSync(path.join(out, BUNDLED_CONFIG_FILE), JSON.stringify(loadConfig(path.join(REPO, REPO_CONFIG))));
    const figures: BundleFigure[] = [];
    for (const entry of lambdaEntries(sources)) {
      const name = entry.replace(/^lambdas\//, '').replace(/\/handler\.ts$|\.ts$/, '');
      const outfile = path.join(out, `${name.replaceAll('/', '-')}.js`);
      await build({
        entryPoints: [path.join(REPO, entry)],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        // node20: the bundle is required by this machine's node, which is what initMs times.
        target: 'node20',
        minify: true,
        external: ['@aws-sdk/*'],
        logLevel: 'silent',
      });
      figures.push({ name, entry, bytes: statSync(outfile).size, ...initTime(outfile, samples) });
    }
    return figures;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function initTime(file: string, samples: number): { initMs: number | null; initError?: string } {
  try {
    return { initMs: round(median(Array.from({ length: samples }, () => requireMs(file))), 1) };
  } catch (err) {
    return { initMs: null, initError: ((err as { stderr?: string }).stderr ?? (err as Error).message).split('\n').find((l) => /Error/.test(l)) ?? 'require failed' };
  }
}
