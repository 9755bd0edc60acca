import { resolve } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { describe, expect, it } from 'vitest';

// The rule file `npm run lint` uses, run unchanged over two miniature repository trees: one where
// every file breaks a layering rule on purpose, one that makes only allowed imports.
const repoRoot = resolve(__dirname, '../..');
const rulesFile = resolve(repoRoot, '.dependency-cruiser.cjs');
const fixtureRoot = resolve(repoRoot, 'test/fixtures/boundaries');

interface Finding {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
}

const cruiseFixture = async (tree: 'violating' | 'clean'): Promise<ICruiseResult> => {
  const options = await extractDepcruiseOptions(rulesFile);
  const reported = await cruise(['lambdas', 'lib'], { ...options, baseDir: resolve(fixtureRoot, tree) });
  if (typeof reported.output === 'string') throw new Error('dependency-cruiser returned text, expected a result object');
  return reported.output;
};

const findingsOf = (result: ICruiseResult): Finding[] =>
  result.summary.violations
    .map((violation) => ({ rule: violation.rule.name, from: violation.from, to: violation.to }))
    .sort((a, b) => `${a.rule} ${a.from} ${a.to}`.localeCompare(`${b.rule} ${b.from} ${b.to}`));

const npmFile = (packagePath: string) => expect.stringMatching(new RegExp(`(^|/)node_modules/${packagePath}/`));

describe('layering rules (.dependency-cruiser.cjs)', () => {
  it('reports every deliberately wrong import with the rule it breaks, and nothing else', async () => {
    const result = await cruiseFixture('violating');
    const findings = findingsOf(result);

    expect(findings).toEqual([
      { rule: 'app-no-adapters', from: 'lambdas/app/uses-adapter.ts', to: 'lambdas/adapters/store.ts' },
      { rule: 'app-no-aws-sdk', from: 'lambdas/app/uses-sdk.ts', to: npmFile('@aws-sdk/client-dynamodb') },
      { rule: 'cdk-no-runtime', from: 'lib/constructs/bundles-adapter.ts', to: 'lambdas/adapters/store.ts' },
      { rule: 'cdk-no-runtime', from: 'lib/stacks/imports-handler.ts', to: 'lambdas/probe/handler.ts' },
      { rule: 'contracts-self-contained', from: 'lambdas/contracts/reads-core.ts', to: 'lambdas/core/knows-the-cycle.ts' },
      { rule: 'contracts-self-contained', from: 'lambdas/contracts/uses-node.ts', to: 'path' },
      { rule: 'core-no-aws', from: 'lambdas/core/cdk-user.ts', to: npmFile('aws-cdk-lib') },
      { rule: 'core-no-aws', from: 'lambdas/core/sdk-user.ts', to: npmFile('@aws-sdk/client-sns') },
      { rule: 'core-no-cycles', from: 'lambdas/core/ring-a.ts', to: 'lambdas/core/ring-b.ts' }, // one finding per cycle
      { rule: 'core-no-outer-layers', from: 'lambdas/core/knows-the-cycle.ts', to: 'lambdas/app/uses-adapter.ts' },
      { rule: 'ports-no-implementations', from: 'lambdas/ports/leaks-adapter.ts', to: 'lambdas/adapters/store.ts' },
      { rule: 'roots-only-from-entry-points', from: 'lambdas/app/uses-root.ts', to: 'lambdas/roots/aws.ts' },
      { rule: 'runtime-no-cdk', from: 'lambdas/adapters/reads-config-loader.ts', to: 'lib/config/load.ts' },
      { rule: 'runtime-no-cdk', from: 'lambdas/core/cdk-user.ts', to: npmFile('aws-cdk-lib') },
    ]);
    expect(result.summary.error).toBe(findings.length);
  });

  it('names a cycle by the modules that form it', async () => {
    const result = await cruiseFixture('violating');
    const cycle = result.summary.violations.find((violation) => violation.rule.name === 'core-no-cycles');

    expect(cycle?.cycle?.map((step) => step.name)).toEqual(
      expect.arrayContaining(['lambdas/core/ring-a.ts', 'lambdas/core/ring-b.ts']),
    );
  });

  it('accepts every import the layering allows', async () => {
    const result = await cruiseFixture('clean');

    expect(findingsOf(result)).toEqual([]);
    // Guard against a vacuous pass: all eight fixture modules were read and their imports resolved.
    const fixtureModules = result.modules.filter((module) => /^(lambdas|lib)\//.test(module.source));
    expect(fixtureModules).toHaveLength(8);
    expect(fixtureModules.flatMap((module) => module.dependencies).filter((dep) => dep.couldNotResolve)).toEqual([]);
  });
});
