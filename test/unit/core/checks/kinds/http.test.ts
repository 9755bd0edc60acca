import { PATROL_DEFAULTS } from '../../../../../lambdas/core/patrol/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpKind } from '../../../../../lambdas/core/checks/kinds/http';
import { makeTarget } from '../../../../support/config-fixture';
import { startHttpServer, type RunningServer } from '../../../../support/servers';
import { checkContext } from '../../../../support/check-context';

let server: RunningServer;

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    res.writeHead(201, { 'x-seen-token': String(req.headers['x-token'] ?? '') });
    res.end('Sirekap OK');
  });
});

afterAll(async () => {
  await server?.close();
});

describe('the http kind', () => {
  it('takes http:// and https://; only https reports a certificate', () => {
    expect(httpKind.schemes).toEqual({ http: 80, https: 443 });
    expect(httpKind.parseUrl(new URL('https://www.kpu.go.id/x'), 'https://www.kpu.go.id/x')).toEqual({ ok: true, host: 'www.kpu.go.id', settings: {} });
    expect(httpKind.reportsCertificate({ url: 'https://www.kpu.go.id/' })).toBe(true);
    expect(httpKind.reportsCertificate({ url: 'http://www.kpu.go.id/' })).toBe(false);
  });

  it('publishes the connection phases and the response phases', () => {
    expect(httpKind.metricNames({ url: 'https://www.kpu.go.id/' })).toEqual(['DnsMs', 'ConnectMs', 'TlsMs', 'TtfbMs', 'TransferMs']);
    expect(httpKind.metricNames({ url: 'http://127.0.0.1:8080/' })).toEqual(['ConnectMs', 'TtfbMs', 'TransferMs']);
  });

  it('accepts every request field and every body, header and certificate assertion', () => {
    expect(httpKind.configFields).toEqual(['method', 'headers', 'secretHeaders', 'body', 'maxRedirects', 'maxBodyBytes', 'tls']);
    expect(httpKind.expectFields).toContain('json');
    expect(httpKind.expectFields).not.toContain('values');
  });

  it('runs one request: status, headers, the body only when an assertion or the patrol reads it, secret headers sent', async () => {
    const run = async (expect: Record<string, unknown>, patrol = { ...PATROL_DEFAULTS, enabled: false }) => {
      const ctx = checkContext();
      try {
        const target = makeTarget({ id: 'web', url: `${server.url}/`, maxBodyBytes: 4096, expect, patrol });
        return await httpKind.run(target, { secretHeaders: { 'x-token': 'secret' } }, ctx);
      } finally {
        ctx.deadline.dispose();
      }
    };
    const withBody = await run({ bodyContains: ['OK'] });
    expect(withBody.http).toMatchObject({ status: 201, body: 'Sirekap OK', bodyTooLarge: false, maxBodyBytes: 4096 });
    expect(withBody.http!.headers['x-seen-token']).toBe('secret');
    expect((await run({})).http).toMatchObject({ status: 201, body: null });
    expect((await run({}, PATROL_DEFAULTS)).http).toMatchObject({ status: 201, body: 'Sirekap OK' });
  });
});
