import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../lambdas/core/probe';
import type { CheckResult } from '../../lambdas/core/types';
import { makeTarget } from '../support/config-fixture';
import { refusedPort, sampleApp, startHangingServer, startHttpServer, startResetServer, startTricklingServer, type RunningServer } from '../support/servers';

const REGION = 'ap-southeast-3';
let app: RunningServer;
let hanging: RunningServer;
let resetting: RunningServer;
let trickling: RunningServer;

beforeAll(async () => {
  [app, hanging, resetting, trickling] = await Promise.all([
    startHttpServer(sampleApp),
    startHangingServer(),
    startResetServer(),
    startTricklingServer(),
  ]);
});

afterAll(async () => {
  await Promise.all([app, hanging, resetting, trickling].map((s) => s?.close()));
});

/** Open sockets and timers of this process, by kind. */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

async function settle(predicate: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (predicate()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return predicate();
}

describe('runChecks', () => {
  it('a hanging target does not delay the others, and results keep input order', async () => {
    const targets = [
      makeTarget({ id: 'hang', url: `${hanging.url}/`, timeoutMs: 1500 }),
      ...Array.from({ length: 6 }, (_, i) => makeTarget({ id: `fast-${i}`, url: `${app.url}/ok` })),
    ];
    const arrival: string[] = [];
    const results = await runChecks(targets, { region: REGION, concurrency: 2, onResult: (r) => arrival.push(r.target) });

    expect(results.map((r) => r.target)).toEqual(targets.map((t) => t.id));
    // The six fast checks all finished through the second slot while the first was stuck.
    expect(arrival.at(-1)).toBe('hang');
    expect(results.slice(1).every((r) => r.ok)).toBe(true);
    expect(results[0]).toMatchObject({ ok: false, error: 'timeout', reason: 'timeout after 1500 ms waiting for headers' });
  });

  it('respects the concurrency limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const server = await startHttpServer((_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('ok');
      }, 20);
    });
    try {
      const targets = Array.from({ length: 12 }, (_, i) => makeTarget({ id: `c${i}`, url: `${server.url}/${i}` }));
      const results = await runChecks(targets, { region: REGION, concurrency: 3 });
      expect(results.every((r) => r.ok)).toBe(true);
      expect(peak).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('leaves no sockets or timers behind after failures of every kind', async () => {
    const before = resources();
    const port = await refusedPort();
    const targets = [
      makeTarget({ id: 'ok', url: `${app.url}/ok` }),
      makeTarget({ id: 'hang', url: `${hanging.url}/`, timeoutMs: 300 }),
      makeTarget({ id: 'reset', url: `${resetting.url}/` }),
      makeTarget({ id: 'huge', url: `${trickling.url}/`, maxBodyBytes: 64 * 1024 }),
      makeTarget({ id: 'refused', url: `http://127.0.0.1:${port}/` }),
      makeTarget({ id: 'loop', url: `${app.url}/loop/a` }),
    ];
    const results = await runChecks(targets, { region: REGION, concurrency: 6 });
    expect(results.map((r) => r.error)).toEqual([null, 'timeout', 'reset', 'body_too_large', 'refused', 'redirects']);

    const backToBaseline = await settle(() => {
      const now = resources();
      return (now.TCPSocketWrap ?? 0) <= (before.TCPSocketWrap ?? 0) && (now.Timeout ?? 0) <= (before.Timeout ?? 0);
    });
    expect({ backToBaseline, before, after: resources() }).toMatchObject({ backToBaseline: true });
  });

  it('keeps every result when the onResult callback throws', async () => {
    const targets = [makeTarget({ id: 'a', url: `${app.url}/ok` }), makeTarget({ id: 'b', url: `${app.url}/ok` })];
    const results = await runChecks(targets, {
      region: REGION,
      concurrency: 2,
      onResult: () => {
        throw new Error('progress display broke');
      },
    });
    expect(results.map((r) => r.ok)).toEqual([true, true]);
  });

  it('turns an unusable target into a classified result instead of rejecting', async () => {
    const results: CheckResult[] = await runChecks([makeTarget({ id: 'bad-url', url: 'http://' })], { region: REGION, concurrency: 1 });
    expect(results[0]).toMatchObject({ ok: false, error: 'error', target: 'bad-url' });
    expect(results[0]!.reason).toContain('ERR_INVALID_URL');
  });
});
