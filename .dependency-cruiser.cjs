// Layering rules for Pantau, checked by `npm run lint` (dependency-cruiser).
//
// The layers, innermost first:
//   lambdas/contracts  names and shapes shared by the CDK app and the Lambda runtime
//   lambdas/core       pure domain logic: no AWS, no I/O wiring, no knowledge of who calls it
//   lambdas/ports      interfaces the cycles need from the outside world (built on core types)
//   lambdas/app        cycles: orchestrate core through ports
//   lambdas/adapters   AWS and local implementations of the ports
//   lambdas/roots      the AWS composition root: builds every adapter once, from the environment
//   lambdas/{probe,capacity,relay}  Lambda handlers: take their deps from the root
//   lib/constructs, lib/stacks      the CDK app, which describes the runtime but never runs it
//
// Every rule is an error: `depcruise` exits non-zero when any of them is broken. Paths are
// relative to the directory depcruise runs in (the repository root, or a fixture root in
// test/unit/boundaries.test.ts, which checks these same rules against deliberately bad imports).

/** Third-party packages that tie code to AWS at run time or deploy time. Matched either as
 * resolved files under node_modules or as bare names (when a package cannot be resolved). */
const AWS_SDK = '(^|/node_modules/)@aws-sdk/';
const CDK = '(^|/node_modules/)(aws-cdk-lib|constructs)(/|$)';

/**
 * One forbidden dependency: any import from a module whose path matches `from` to a module
 * matching `to`. The comment is what `npm run lint` prints under each violation, so it says how
 * to fix it.
 * @param {string} name @param {string} comment @param {string} from
 * @param {import('dependency-cruiser').IToRestriction} to
 * @returns {import('dependency-cruiser').IForbiddenRuleType}
 */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from: { path: from }, to });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid(
      'roots-only-from-entry-points',
      'lambdas/roots builds the adapters for the handlers; only handlers (and the local CLI) may ' +
        'import it. A cycle, port, adapter or core module takes what it needs as an argument.',
      '^lambdas/(core|ports|app|adapters|contracts)/',
      { path: '^lambdas/roots/' },
    ),
    forbid(
      'core-no-aws',
      'lambdas/core is the pure domain core: it must run without AWS. Take the data the SDK ' +
        'would fetch as an argument, or define a port in lambdas/ports and implement it in an adapter.',
      '^lambdas/core/',
      { path: [AWS_SDK, CDK] },
    ),
    forbid(
      'core-no-outer-layers',
      'lambdas/core may import only core and contracts. Ports, cycles (app), adapters, handlers ' +
        'and lib/ all depend on core, never the other way round; move the shared piece into core.',
      '^lambdas/core/',
      { path: '^(lambdas|lib|bin)/', pathNot: '^lambdas/(core|contracts)/' },
    ),
    forbid(
      'core-no-cycles',
      'Modules in lambdas/core must not import each other in a circle; split the shared part ' +
        'into its own module that both sides import.',
      '^lambdas/core/',
      // Value cycles only: a cycle of type-only imports is erased at compile time and runs nowhere.
      { path: '^lambdas/core/', circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    ),
    forbid(
      'app-no-adapters',
      'Cycles in lambdas/app depend on the interfaces in lambdas/ports, not on concrete ' +
        'adapters; import the port type and let the handler (or the local CLI) pass the adapter in.',
      '^lambdas/app/',
      { path: '^lambdas/adapters/' },
    ),
    forbid(
      'app-no-aws-sdk',
      'Cycles in lambdas/app must not talk to AWS directly; that is what the adapters behind ' +
        'lambdas/ports are for.',
      '^lambdas/app/',
      { path: AWS_SDK },
    ),
    forbid(
      'ports-no-implementations',
      'lambdas/ports holds interfaces only, built on core and contracts types. A port that ' +
        'imports an adapter, a cycle, a handler or the AWS SDK would let cycles reach them through it.',
      '^lambdas/ports/',
      { path: ['^(lambdas|lib|bin)/', AWS_SDK, CDK], pathNot: '^lambdas/(core|contracts|ports)/' },
    ),
    forbid(
      'runtime-no-cdk',
      'Code under lambdas/ is bundled into Lambda functions; CDK (aws-cdk-lib, constructs) and ' +
        'anything under lib/ must not end up in the bundle. Share values through lambdas/contracts.',
      '^lambdas/',
      { path: [CDK, '^lib/'] },
    ),
    forbid(
      'cdk-no-runtime',
      'The CDK app (lib/constructs, lib/stacks) may use lambdas/core and lambdas/contracts, ' +
        'never adapters, cycles, ports or handlers: those pull runtime code and the AWS SDK into ' +
        'synth. Move the shared constant or type into lambdas/contracts.',
      '^lib/(constructs|stacks)/',
      { path: '^lambdas/', pathNot: '^lambdas/(core|contracts)/' },
    ),
    forbid(
      'contracts-self-contained',
      'lambdas/contracts is shared by the CDK app and every Lambda, so it imports nothing but ' +
        'other contracts files: no core, no packages, no node built-ins.',
      '^lambdas/contracts/',
      { pathNot: '^lambdas/contracts/' },
    ),
  ],
  options: {
    // Type-only imports count: a core module that imports an SDK type still couples to the SDK.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)cdk\\.out/' },
    moduleSystems: ['es6', 'cjs'],
  },
};
