import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStore } from '../../lambdas/adapters/memory';
import { runProbeCycle, type ProbeCycleDeps } from '../../lambdas/app/probe-cycle';
import type { TargetSpec } from '../../lambdas/core/types';
import { makeConfig, makeTarget } from '../support/config-fixture';
import { refusedPort, startHttpServer, type RunningServer } from '../support/servers';

/**
 * The probe cycle's history sink with `historySampleMinutes` (core/history-sample.ts): a failing
 * check is always stored; a plain pass (digest-level patrol findings included) only when its start falls in the first interval of its
 * window. Real loopback checks, so the pass's start time is the wall clock's: the expectation is
 * computed from the result's own `ts`.
 */

let site: RunningServer;
beforeAll(async () => {
  site = await startHttpServer((_req, res) => res.end('ok'));
});
afterAll(async () => site.close());

const silent = { info: () => {}, warn: () => {}, error: () => {} };

async function cycle(targets: TargetSpec[], historySampleMinutes?: number) {
  const store = memoryStore();
  const deps: ProbeCycleDeps = {
    store,
    metrics: { publish: async () => 0 },
    secrets: async () => '',
    log: silent,
    region: 'local',
    concurrency: 2,
    config: { ...makeConfig({ targets, regions: ['local'] }), ...(historySampleMinutes !== undefined ? { historySampleMinutes } : {}) },
    notifier: { publish: async () => {} },
  };
  const report = await runProbeCycle(targets, deps);
  return { report, store };
}

describe('history sampling in the probe cycle', () => {
  it('a day-long sample keeps the failure and drops the plain pass (unless it ran in the first minute of the UTC day)', async () => {
    const up = makeTarget({ id: 'up', app: 'kpu', url: `${site.url}/` });
    const down = makeTarget({ id: 'down', app: 'kpu', url: `http://127.0.0.1:${await refusedPort()}/` });
    const { report, store } = await cycle([up, down], 1_440);
    const pass = report.results.find((r) => r.target === 'up')!;
    expect(pass.ok).toBe(true);
    expect(report.results.find((r) => r.target === 'down')!.ok).toBe(false);
    expect(await store.recentResults('down')).toHaveLength(1);
    const inFirstMinute = Date.parse(pass.ts) % 86_400_000 < 60_000;
    expect(await store.recentResults('up')).toHaveLength(inFirstMinute ? 1 : 0);
    expect(report.sinkErrors).toEqual([]);
  });

  it('without the field (tests, local runs) every result is stored', async () => {
    const up = makeTarget({ id: 'up', app: 'kpu', url: `${site.url}/` });
    const { store } = await cycle([up]);
    expect(await store.recentResults('up')).toHaveLength(1);
  });
});
