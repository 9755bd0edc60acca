import type { Template } from 'aws-cdk-lib/assertions';
import { Template as Templates } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../../lambdas/contracts/env';
import { TOPIC_NAMES, topicEnvVar } from '../../../lambdas/contracts/topics';
import type { LogSink } from '../../../lambdas/adapters/logger';
import type { ResolvedConfig } from '../../../lambdas/core/config';
import { capacityDepsFromEnv, probeDepsFromEnv, relayDepsFromEnv } from '../../../lambdas/roots/aws';
import { buildApp, sampleCapacity, sampleConfig } from '../../cdk/cdk-app';

/**
 * The environment is a contract between the CDK app, which sets variables on each function, and
 * the handlers' deps, which read them. Both sides take the names from lambdas/contracts/env.ts;
 * these tests synthesize the real stacks and run the real deps builders against an environment
 * that records what is read, so a variable set but never read, or read but never set, fails here.
 */

/** Set by the CDK construct for the runtime itself (Node, Powertools), not read by the deps. */
const PLATFORM = new Set(['NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_LOG_LEVEL']);
const TOPIC_VARS = new Set<string>(TOPIC_NAMES.map(topicEnvVar));

const quiet: LogSink = { info: () => {}, warn: () => {}, error: () => {} };

type Variables = Record<string, unknown>;

function functionEnv(template: Template, service: string): Variables {
  const fns = template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: service } } } });
  const [fn] = Object.values(fns) as Array<{ Properties: { Environment: { Variables: Variables } } }>;
  if (!fn) throw new Error(`no function ${service} in the template`);
  return fn.Properties.Environment.Variables;
}

/** The variables the CDK app sets for the deps (the runtime's own left out). */
const setByCdk = (vars: Variables): string[] => Object.keys(vars).filter((k) => !PLATFORM.has(k)).sort();

/**
 * Runs a deps builder on an environment holding the template's variables (tokens as text) and
 * returns every name it read, set or not.
 */
function readByDeps(vars: Variables, build: (env: NodeJS.ProcessEnv) => unknown): string[] {
  const read = new Set<string>();
  const values = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  const env = new Proxy({} as NodeJS.ProcessEnv, {
    get: (_, key) => {
      if (typeof key !== 'string') return undefined;
      read.add(key);
      return values[key];
    },
  });
  build(env);
  return [...read].sort();
}

describe('environment variables: what the CDK app sets is what the handlers read', () => {
  let config: ResolvedConfig;
  let home: Template;
  let probeRegion: Template;

  beforeAll(() => {
    config = sampleConfig({ capacity: sampleCapacity() });
    const { stacks } = buildApp(config);
    home = Templates.fromStack(stacks.monitor);
    probeRegion = Templates.fromStack(stacks.probes[0]!);
  }, 180_000); // two stacks synthesized: slow on a shared machine

  it('the probe, home and extra region alike: exactly the variables probeDepsFromEnv reads', () => {
    for (const template of [home, probeRegion]) {
      const vars = functionEnv(template, 'pantau-probe');
      const read = readByDeps(vars, (env) => probeDepsFromEnv(env, quiet, config));
      expect(setByCdk(vars)).toEqual(read);
      expect(read).toEqual(
        [ENV.tableName, ENV.historyDays, ENV.homeRegion, ENV.probeRegion, ENV.probeConcurrency, ENV.metricsNamespace, ...TOPIC_VARS].sort(),
      );
    }
  });

  it('the capacity function: exactly the variables capacityDepsFromEnv reads', () => {
    const vars = functionEnv(home, 'pantau-capacity');
    const read = readByDeps(vars, (env) => capacityDepsFromEnv(env, quiet, config));
    expect(setByCdk(vars)).toEqual(read);
    expect(read).not.toContain(ENV.probeRegion);
    expect(read).not.toContain(ENV.probeConcurrency);
  });

  it('the alarm relay: every variable it is given is read; it reads no other but the ARNs of topics it may not publish to', () => {
    // At home the relay also pages the SLO tickets (low severity: the info topic); a probe
    // region's relay publishes only to the routes of Pantau's own alarm severities.
    for (const [template, unsetTopics] of [[home, []], [probeRegion, [topicEnvVar('info')]]] as const) {
      const vars = functionEnv(template, 'pantau-relay');
      const read = readByDeps(vars, (env) => relayDepsFromEnv(env, quiet, config));
      const set = setByCdk(vars);
      expect(read).toEqual(expect.arrayContaining(set));
      const unset = read.filter((name) => !set.includes(name));
      expect(unset.every((name) => TOPIC_VARS.has(name)), unset.join(', ')).toBe(true);
      expect(unset).toEqual(unsetTopics);
    }
  });

  it('a region variable that is set is never overridden by the Lambda runtime\'s AWS_REGION', () => {
    for (const [service, build] of [
      ['pantau-probe', (env: NodeJS.ProcessEnv) => probeDepsFromEnv(env, quiet, config)],
      ['pantau-capacity', (env: NodeJS.ProcessEnv) => capacityDepsFromEnv(env, quiet, config)],
      ['pantau-relay', (env: NodeJS.ProcessEnv) => relayDepsFromEnv(env, quiet, config)],
    ] as const) {
      expect(readByDeps(functionEnv(home, service), build), service).not.toContain(ENV.awsRegion);
    }
  });
});
