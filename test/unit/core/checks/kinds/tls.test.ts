import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tlsKind } from '../../../../../lambdas/core/checks/kinds/tls';
import { makeTarget } from '../../../../support/config-fixture';
import { makeCertificate, startHttpsServer, type GeneratedCert, type RunningServer } from '../../../../support/servers';
import { checkContext } from '../../../../support/check-context';

let cert: GeneratedCert;
let server: RunningServer;

beforeAll(async () => {
  cert = await makeCertificate({ days: 20 });
  server = await startHttpsServer(cert);
});

afterAll(async () => {
  await server?.close();
});

describe('the tls kind', () => {
  it('reads tls://host:port, suggesting 443 when the port is missing', () => {
    expect(tlsKind.parseUrl(new URL('tls://[::1]:8443'), 'tls://[::1]:8443')).toEqual({ ok: true, host: '[::1]', settings: {} });
    expect(tlsKind.parseUrl(new URL('tls://www'), 'tls://www')).toMatchObject({ ok: false, problem: expect.stringContaining('e.g. tls://www:443') });
  });

  it('takes TLS settings and certificate assertions, and always reports a certificate', () => {
    expect(tlsKind.configFields).toEqual(['tls']);
    expect(tlsKind.expectFields).toEqual(['maxLatencyMs', 'warnLatencyMs', 'minCertDays', 'warnCertDays']);
    expect(tlsKind.reportsCertificate({ url: 'tls://db:5432' })).toBe(true);
    expect(tlsKind.metricNames({ url: 'tls://10.0.0.5:443' })).toEqual(['ConnectMs', 'TlsMs']);
  });

  it('runs a handshake and leaves the leaf certificate in the context', async () => {
    const ctx = checkContext();
    const target = makeTarget({ id: 'cert', url: `tls://127.0.0.1:${server.port}`, tls: { insecureSkipVerify: false, caPem: cert.cert } });
    try {
      expect(await tlsKind.run(target, { secretHeaders: {} }, ctx)).toEqual({});
    } finally {
      ctx.deadline.dispose();
    }
    expect(ctx.certs).toHaveLength(1);
    expect(Math.round(ctx.certs[0]!.daysLeft)).toBe(20);
    expect(ctx.phases.snapshot().tls).toBeGreaterThan(0);
  });
});
