import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../lambdas/core/probe';
import type { TargetSpec } from '../../lambdas/core/types';
import { makeTarget } from '../support/config-fixture';
import { refusedPort, sampleApp, startHangingServer, startHttpServer, startResetServer, startTricklingServer, type RunningServer } from '../support/servers';

const REGION = 'ap-southeast-3';

let app: RunningServer;
let hanging: RunningServer;
let resetting: RunningServer;
let trickling: Awaited<ReturnType<typeof startTricklingServer>>;

beforeAll(async () => {
  [app, hanging, resetting, trickling] = await Promise.all([
    startHttpServer(sampleApp),
    startHangingServer(),
    startResetServer(),
    startTricklingServer({ chunkBytes: 16 * 1024, intervalMs: 1 }),
  ]);
});

afterAll(async () => {
  await Promise.all([app, hanging, resetting, trickling].map((s) => s?.close()));
});

function target(path: string, partial: Partial<TargetSpec> = {}): TargetSpec {
  return makeTarget({ id: `t${path.replace(/\W+/g, '-')}`, url: `${app.url}${path}`, timeoutMs: 5000, ...partial });
}

const check = (t: TargetSpec) => runCheck(t, { region: REGION });

describe('HTTP check', () => {
  it('reports an ok page with every phase measured and no DNS for an IP literal', async () => {
    const r = await check(target('/ok'));
    expect(r).toMatchObject({ ok: true, error: null, reason: 'ok', status: 200, kind: 'http', region: REGION, warnings: [] });
    expect(r.phases.dns).toBeNull();
    expect(r.phases.tls).toBeNull();
    for (const phase of ['connect', 'ttfb', 'transfer'] as const) expect(r.phases[phase]).toBeGreaterThanOrEqual(0);
    expect(r.latencyMs).toBe(r.phases.total);
    expect(r.phases.total).toBeGreaterThanOrEqual(r.phases.connect! + r.phases.ttfb! + r.phases.transfer! - 0.1);
    expect(r.certDaysLeft).toBeNull();
    expect(Date.parse(r.ts)).not.toBeNaN();
  });

  it('times the DNS phase when the host is a name', async () => {
    const r = await check(makeTarget({ id: 'by-name', url: `http://localhost:${app.port}/ok` }));
    // localhost may resolve to ::1 first; the server listens on 127.0.0.1 only, and happy
    // eyeballs falls back to it.
    expect(r.ok).toBe(true);
    expect(r.phases.dns).toBeGreaterThanOrEqual(0);
  });

  it('fails with status when the code is outside the default 200-399', async () => {
    const r = await check(target('/status/503'));
    expect(r).toMatchObject({ ok: false, error: 'status', status: 503, reason: 'HTTP 503 not in [200-399]' });
  });

  it('accepts an explicit status set and rejects codes outside it', async () => {
    expect((await check(target('/status/404', { expect: { status: [404] } }))).ok).toBe(true);
    const r = await check(target('/ok', { expect: { status: [201, 202, 203, 204] } }));
    expect(r).toMatchObject({ error: 'status', reason: 'HTTP 200 not in [201-204]' });
  });

  it('checks body keywords present and absent', async () => {
    expect((await check(target('/ok', { expect: { bodyContains: ['Sirekap'] } }))).ok).toBe(true);
    const missing = await check(target('/ok', { expect: { bodyContains: ['Sipol'] } }));
    expect(missing).toMatchObject({ ok: false, error: 'assertion', reason: 'body does not contain "Sipol"' });
    const forbidden = await check(target('/ok', { expect: { bodyNotContains: ['hacked by', 'OK'] } }));
    expect(forbidden).toMatchObject({ ok: false, error: 'assertion', reason: 'body contains forbidden "OK"' });
  });

  it('checks body regular expressions', async () => {
    expect((await check(target('/ok', { expect: { bodyMatches: ['Sirekap\\s+OK$'] } }))).ok).toBe(true);
    const r = await check(target('/ok', { expect: { bodyNotMatches: ['[Ss]irekap'] } }));
    expect(r).toMatchObject({ error: 'assertion', reason: 'body matches forbidden /[Ss]irekap/' });
  });

  it('evaluates JSON paths (JMESPath)', async () => {
    const ok = await check(
      target('/json', {
        expect: {
          json: [
            { path: 'status', equals: 'up' },
            { path: "services[?name=='db'].healthy | [0]", equals: true },
            { path: 'version', matches: '^2\\.' },
            { path: 'maintenance', exists: false },
          ],
        },
      }),
    );
    expect(ok).toMatchObject({ ok: true, reason: 'ok' });
    const bad = await check(target('/json', { expect: { json: [{ path: 'status', equals: 'down' }] } }));
    expect(bad).toMatchObject({ ok: false, error: 'assertion', reason: 'json status is "up", expected "down"' });
    const notJson = await check(target('/ok', { expect: { json: [{ path: 'status' }] } }));
    expect(notJson.error).toBe('assertion');
    expect(notJson.reason).toMatch(/^body is not valid JSON/);
  });

  it('requires response headers, optionally matching a regex', async () => {
    const ok = await check(target('/headers', { expect: { headers: { 'X-Served-By': '^pantau', 'cache-control': '' } } }));
    expect(ok.ok).toBe(true);
    const missing = await check(target('/ok', { expect: { headers: { 'x-served-by': '' } } }));
    expect(missing).toMatchObject({ error: 'assertion', reason: 'header x-served-by missing' });
    const wrong = await check(target('/headers', { expect: { headers: { 'cache-control': 'max-age' } } }));
    expect(wrong).toMatchObject({ error: 'assertion', reason: 'header cache-control "no-store" does not match /max-age/' });
  });

  it('follows a redirect chain within maxRedirects and judges the final response', async () => {
    const r = await check(target('/redirect/3', { maxRedirects: 3, expect: { bodyContains: ['Sirekap'] } }));
    expect(r).toMatchObject({ ok: true, status: 200 });
    // Four connections were made: their connect phases add up.
    expect(r.phases.connect).toBeGreaterThan(0);
  });

  it('fails with redirects when the chain is longer than maxRedirects', async () => {
    const r = await check(target('/redirect/4', { maxRedirects: 3 }));
    expect(r.error).toBe('redirects');
    expect(r.reason).toBe(`more than 3 redirects: ${app.url}/redirect/4 → /redirect/3 → /redirect/2 → /redirect/1 → /ok`);
  });

  it('detects a redirect loop', async () => {
    const r = await check(target('/loop/a', { maxRedirects: 10 }));
    expect(r.error).toBe('redirects');
    expect(r.reason).toBe(`redirect loop: ${app.url}/loop/a → /loop/b → /loop/a`);
  });

  it('does not follow redirects when maxRedirects is 0 (the 302 itself is judged)', async () => {
    expect(await check(target('/redirect/1', { maxRedirects: 0 }))).toMatchObject({ ok: true, status: 302 });
    expect(await check(target('/redirect/1', { maxRedirects: 0, expect: { status: [200] } }))).toMatchObject({
      error: 'status',
      status: 302,
    });
  });

  it('sends method, headers, body and secret headers', async () => {
    const r = await runCheck(
      target('/echo', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"ping":1}',
        expect: {
          json: [
            { path: 'method', equals: 'POST' },
            { path: 'body', equals: '{"ping":1}' },
            { path: "headers.\"x-api-key\"", equals: 's3cret' },
            { path: "headers.\"content-type\"", equals: 'application/json' },
          ],
        },
      }),
      { region: REGION, secretsFor: async () => ({ 'X-Api-Key': 's3cret' }) },
    );
    expect(r).toMatchObject({ ok: true, reason: 'ok' });
  });

  it('drops secret and credential headers when a redirect leaves the origin', async () => {
    const other = await startHttpServer(sampleApp);
    const bouncer = await startHttpServer((_req, res) => {
      res.writeHead(307, { location: `${other.url}/echo` });
      res.end();
    });
    try {
      const r = await runCheck(
        makeTarget({
          id: 'cross-origin',
          url: `${bouncer.url}/start`,
          headers: { Authorization: 'Basic abc', 'X-Trace': 'kept' },
          expect: {
            json: [
              { path: 'headers."x-api-key"', exists: false },
              { path: 'headers.authorization', exists: false },
              { path: 'headers."x-trace"', equals: 'kept' },
            ],
          },
        }),
        { region: REGION, secretsFor: async () => ({ 'X-Api-Key': 's3cret' }) },
      );
      expect(r).toMatchObject({ ok: true, status: 200 });
    } finally {
      await Promise.all([other.close(), bouncer.close()]);
    }
  });

  it('fails with secret when a secret header cannot be resolved, without probing', async () => {
    const r = await runCheck(target('/ok'), {
      region: REGION,
      secretsFor: async () => {
        throw new Error('parameter /pantau/sirekap/token not found');
      },
    });
    expect(r).toMatchObject({ ok: false, error: 'secret', status: null });
    expect(r.reason).toBe('secret headers: parameter /pantau/sirekap/token not found');
  });

  it('fails with secret when the secret store does not answer within the timeout', async () => {
    const r = await runCheck(target('/ok', { timeoutMs: 200 }), {
      region: REGION,
      secretsFor: () => new Promise<Record<string, string>>(() => {}),
    });
    expect(r).toMatchObject({ ok: false, error: 'secret', reason: 'secret headers not resolved within 200 ms' });
  });

  it('fails maxLatencyMs with assertion and warns over warnLatencyMs', async () => {
    const slow = await check(target('/slow/300', { expect: { maxLatencyMs: 50 } }));
    expect(slow.error).toBe('assertion');
    expect(slow.reason).toMatch(/^latency \d+ ms over limit 50 ms$/);
    const warned = await check(target('/slow/300', { expect: { warnLatencyMs: 50 } }));
    expect(warned.ok).toBe(true);
    expect(warned.warnings).toEqual([expect.stringMatching(/^latency \d+ ms over warn bound 50 ms$/)]);
  });

  it('times out within the deadline, naming the phase (a server that never answers)', async () => {
    const r = await check(makeTarget({ id: 'hang', url: `${hanging.url}/`, timeoutMs: 400 }));
    expect(r).toMatchObject({ ok: false, error: 'timeout', reason: 'timeout after 400 ms waiting for headers', status: null });
    expect(r.latencyMs).toBeGreaterThanOrEqual(400);
    expect(r.phases.connect).not.toBeNull();
    expect(r.phases.ttfb).toBeNull();
  });

  it('classifies a connection reset', async () => {
    const r = await check(makeTarget({ id: 'reset', url: `${resetting.url}/` }));
    expect(r.error).toBe('reset');
    expect(r.reason).toContain('ECONNRESET');
  });

  it('times out while reading a body that trickles too slowly', async () => {
    const slowBody = await startTricklingServer({ chunkBytes: 10, intervalMs: 50 });
    try {
      const r = await check(makeTarget({ id: 'slow-body', url: `${slowBody.url}/`, timeoutMs: 400 }));
      expect(r).toMatchObject({ ok: false, error: 'timeout', reason: 'timeout after 400 ms reading body' });
      expect(r.phases.ttfb).not.toBeNull();
    } finally {
      await slowBody.close();
    }
  });

  it('classifies a reset in the middle of the body', async () => {
    const { default: net } = await import('node:net');
    const cut = net.createServer((socket) => {
      socket.on('error', () => {});
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\npartial body');
        setTimeout(() => socket.resetAndDestroy(), 20);
      });
    });
    await new Promise<void>((resolve) => cut.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = cut.address() as import('node:net').AddressInfo;
      const r = await check(makeTarget({ id: 'cut', url: `http://127.0.0.1:${port}/`, expect: { bodyContains: ['partial'] } }));
      expect(r.error).toBe('reset');
      expect(r.reason).toMatch(/^connection reset by peer reading body \(ECONNRESET/);
    } finally {
      cut.close();
    }
  });

  it('stops reading a body over maxBodyBytes and reports body_too_large', async () => {
    const r = await check(makeTarget({ id: 'huge', url: `${trickling.url}/`, maxBodyBytes: 256 * 1024 }));
    expect(r).toMatchObject({ ok: false, error: 'body_too_large', status: 200 });
    expect(r.reason).toBe('body larger than 262144 bytes (read cap); stopped reading');
    // The server stops too: the connection is gone, so its writes end soon after the cap.
    const sentAtCap = trickling.bytesSent();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(trickling.bytesSent() - sentAtCap).toBeLessThan(16 * 1024 * 4);
  });

  it('rejects a declared Content-Length over the cap without reading it', async () => {
    const big = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
      res.write(Buffer.alloc(1024));
    });
    try {
      const r = await check(makeTarget({ id: 'declared', url: `${big.url}/`, maxBodyBytes: 1024 * 1024 }));
      expect(r.error).toBe('body_too_large');
    } finally {
      await big.close();
    }
  });

  it('reports the status, not the body size, when a huge body comes with a bad status', async () => {
    const big = await startHttpServer((_req, res) => {
      res.writeHead(500);
      res.end(Buffer.alloc(64 * 1024));
    });
    try {
      const r = await check(makeTarget({ id: 'big500', url: `${big.url}/`, maxBodyBytes: 1024 }));
      expect(r).toMatchObject({ error: 'status', status: 500 });
    } finally {
      await big.close();
    }
  });

  it('classifies a refused port', async () => {
    const port = await refusedPort();
    const r = await check(makeTarget({ id: 'refused', url: `http://127.0.0.1:${port}/` }));
    expect(r).toMatchObject({ ok: false, error: 'refused', reason: `connection refused by 127.0.0.1:${port} (ECONNREFUSED)` });
  });

  it('classifies a malformed response as protocol', async () => {
    const { default: net } = await import('node:net');
    const garbage = net.createServer((s) => s.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = garbage.address() as import('node:net').AddressInfo;
      const r = await check(makeTarget({ id: 'garbage', url: `http://127.0.0.1:${port}/` }));
      expect(r.error).toBe('protocol');
      expect(r.reason).toMatch(/^malformed HTTP response from 127\.0\.0\.1:\d+ \(HPE_/);
    } finally {
      garbage.close();
    }
  });
});
