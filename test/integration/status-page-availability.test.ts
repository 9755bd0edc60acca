import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStore } from '../../lambdas/adapters/memory';
import { runProbeCycle } from '../../lambdas/app/probe-cycle';
import { dayKey } from '../../lambdas/core/status/days';
import { makeConfig, makeTarget } from '../support/config-fixture';
import { startHttpServer, type RunningServer } from '../support/servers';

/** The probe cycle's availability sink: each run adds its checks to the app's local day, once. */

let server: RunningServer;
beforeAll(async () => {
  server = await startHttpServer((req, res) => res.writeHead(req.url === '/down' ? 503 : 200).end('ok'));
});
afterAll(() => server.close());

describe('daily availability from the probe cycle', () => {
  it('counts passing and total checks per app and day, one increment per run', async () => {
    const store = memoryStore();
    const config = makeConfig();
    const targets = [
      makeTarget({ id: 'web', app: 'sirekap', url: `${server.url}/`, timeoutMs: 2000 }),
      makeTarget({ id: 'api', app: 'sirekap', url: `${server.url}/down`, timeoutMs: 2000 }),
      makeTarget({ id: 'kpu', app: 'kpu', url: `${server.url}/`, timeoutMs: 2000 }),
    ];
    const deps = {
      store,
      availability: store,
      metrics: { publish: async () => 0 },
      secrets: async () => '',
      log: { info: () => {}, warn: () => {}, error: () => {} },
      region: 'ap-southeast-3',
      concurrency: 4,
      config,
      notifier: { publish: async () => {} },
    };
    for (let run = 0; run < 2; run++) expect((await runProbeCycle(targets, deps)).sinkErrors).toEqual([]);
    const today = dayKey(new Date(), config.alerting.timezone);
    expect(await store.dailyOf('sirekap', today, today)).toEqual([expect.objectContaining({ day: today, good: 2, total: 4, latencyCount: 2 })]);
    expect(await store.dailyOf('kpu', today, today)).toEqual([expect.objectContaining({ good: 2, total: 2 })]);
  });
});
