import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ENV } from '../../../lambdas/contracts/env';
import { awsRoot } from '../../../lambdas/roots/aws';
import { makeConfig, makeTarget } from '../../support/config-fixture';

/** Every Logger handed to middy's injectLambdaContext by a handler module. */
const injected = vi.hoisted(() => [] as unknown[]);
vi.mock('@aws-lambda-powertools/logger/middleware', async (importOriginal) => {
  const original = await importOriginal<typeof import('@aws-lambda-powertools/logger/middleware')>();
  return {
    ...original,
    injectLambdaContext: (logger: unknown, options?: Parameters<typeof original.injectLambdaContext>[1]) => {
      injected.push(logger);
      return original.injectLambdaContext(logger as Logger, options);
    },
  };
});

const config = makeConfig({ targets: [makeTarget({ id: 'kpu-www', url: 'https://www.kpu.go.id/' })] });

const deployed: NodeJS.ProcessEnv = {
  [ENV.tableName]: 'pantau-state',
  [ENV.historyDays]: '30',
  [ENV.homeRegion]: 'ap-southeast-3',
  [ENV.probeRegion]: 'ap-southeast-1',
  [ENV.metricsNamespace]: 'Pantau',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

/** An environment that records every name read from it. */
function recording(values: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; read: Set<string> } {
  const read = new Set<string>();
  const env = new Proxy({} as NodeJS.ProcessEnv, {
    get: (_, key) => {
      if (typeof key !== 'string') return undefined;
      read.add(key);
      return values[key];
    },
  });
  return { env, read };
}

describe('the AWS composition root', () => {
  it('builds each adapter once: the three handlers\' deps share the store, notifier, metrics, secrets and log', () => {
    const root = awsRoot(deployed);
    const probe = root.probeDeps(config);
    const capacity = root.capacityDeps(config);
    const relay = root.relayDeps(config);

    expect(relay.store).toBe(probe.store);
    expect(capacity.alerts?.store).toBe(probe.store);
    expect(relay.notifier).toBe(probe.notifier);
    expect(capacity.alerts?.notifier).toBe(probe.notifier);
    expect(capacity.metrics).toBe(probe.metrics);
    expect(capacity.secrets).toBe(probe.secrets);
    expect(new Set([probe.log, capacity.log, capacity.alerts?.log, relay.log])).toEqual(new Set([root.log]));
    // A second probe deps object (another invocation) reuses them too.
    expect(root.probeDeps(config).store).toBe(probe.store);
    expect(root.capacityDeps(config).store).toBe(capacity.store);
  });

  it('keeps the regions apart: the probe labels its own region, the capacity cycle the home one (a quorum of one)', () => {
    const root = awsRoot(deployed);
    expect(root.probeDeps(config).region).toBe('ap-southeast-1');
    const capacity = root.capacityDeps(config);
    expect(capacity.region).toBe('ap-southeast-3');
    expect(capacity.alerts?.regions).toEqual(['ap-southeast-3']);
  });

  it('reads nothing until a handler asks, and only what that handler needs', () => {
    const { env, read } = recording(deployed);
    const root = awsRoot(env, { log: { info: () => {}, warn: () => {}, error: () => {} } });
    expect([...read]).toEqual([]);
    root.relayDeps(config);
    // The relay publishes no metrics and runs no checks.
    expect(read).not.toContain(ENV.metricsNamespace);
    expect(read).not.toContain(ENV.probeConcurrency);
    expect(read).toContain(ENV.tableName);
  });

  it.each(['probeDeps', 'capacityDeps', 'relayDeps'] as const)('%s fails with one message naming a missing TABLE_NAME', (deps) => {
    const { [ENV.tableName]: _, ...withoutTable } = deployed;
    const root = awsRoot(withoutTable);
    expect(() => root[deps](config)).toThrowError(new Error('environment variable TABLE_NAME is not set'));
  });

  it('makes one Powertools Logger, and every deps object logs through it', () => {
    const root = awsRoot(deployed);
    expect(root.logger).toBeInstanceOf(Logger);
    expect(root.logger).toBe(root.logger);
    const info = vi.spyOn(root.logger, 'info').mockImplementation(() => {});
    const warn = vi.spyOn(root.logger, 'warn').mockImplementation(() => {});
    root.probeDeps(config).log.info('probe line', { shard: '1m-01' });
    root.capacityDeps(config).alerts?.log.warn('capacity line');
    root.relayDeps(config).log.info('relay line');
    expect(info.mock.calls).toEqual([
      ['probe line', { shard: '1m-01' }],
      ['relay line', {}],
    ]);
    expect(warn.mock.calls).toEqual([['capacity line', {}]]);
  });
});

describe('the handlers', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    injected.length = 0;
    vi.resetModules();
    Object.assign(process.env, deployed);
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it.each(['../../../lambdas/relay/handler', '../../../lambdas/capacity/handler'])(
    '%s hands middy the root\'s one Logger, made once',
    async (path) => {
      const made = vi.spyOn(await import('../../../lambdas/adapters/logger'), 'powertoolsLogger');
      await import(path);
      expect(made).toHaveBeenCalledTimes(1);
      expect(injected).toEqual([made.mock.results[0]!.value]);
    },
  );
});
