import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../lambdas/core/probe';
import type { CheckResult } from '../../lambdas/core/types';
import { makeTarget } from '../support/config-fixture';
import { sampleApp, startHangingServer, startHttpServer, type RunningServer } from '../support/servers';

/**
 * runChecks under the invocation's deadline (the probe handler aborts `signal` when only the
 * sink margin is left): finished checks are kept, checks in flight are abandoned and checks not
 * yet started are not started — neither becomes a failure, so nothing pages for our own stop.
 */

const REGION = 'ap-southeast-3';
let app: RunningServer;
let hanging: RunningServer;
let counted: RunningServer;
let requests = 0;

beforeAll(async () => {
  [app, hanging, counted] = await Promise.all([
    startHttpServer(sampleApp),
    startHangingServer(),
    startHttpServer((_req, res) => {
      requests++;
      res.end('ok');
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([app, hanging, counted].map((s) => s?.close()));
});

describe('runChecks with a deadline signal', () => {
  it('keeps finished results and drops checks in flight or not started when the signal aborts', async () => {
    const controller = new AbortController();
    const seen: CheckResult[] = [];
    const results = await runChecks(
      [
        makeTarget({ id: 'fast', url: `${app.url}/ok`, timeoutMs: 30_000 }),
        // Would only fail after 30 s: abandoned at the deadline, never recorded as down.
        makeTarget({ id: 'hung', url: `${hanging.url}/`, timeoutMs: 30_000 }),
        makeTarget({ id: 'later', url: `${counted.url}/`, timeoutMs: 30_000 }),
      ],
      {
        region: REGION,
        concurrency: 2,
        signal: controller.signal,
        onResult: (r) => {
          seen.push(r);
          controller.abort(); // the deadline arrives as soon as the first check is in
        },
      },
    );
    expect(results.map((r) => [r.target, r.ok])).toEqual([['fast', true]]);
    expect(seen.map((r) => r.target)).toEqual(['fast']);
    expect(requests).toBe(0);
  });

  it('starts nothing when the signal has already aborted', async () => {
    const results = await runChecks([makeTarget({ id: 'later', url: `${counted.url}/` })], {
      region: REGION,
      concurrency: 5,
      signal: AbortSignal.abort(),
    });
    expect(results).toEqual([]);
    expect(requests).toBe(0);
  });

  it('changes nothing without a signal', async () => {
    const results = await runChecks([makeTarget({ id: 'later', url: `${counted.url}/` })], { region: REGION, concurrency: 5 });
    expect(results.map((r) => [r.target, r.ok])).toEqual([['later', true]]);
    expect(requests).toBe(1);
  });
});
