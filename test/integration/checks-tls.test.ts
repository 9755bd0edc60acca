import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../lambdas/core/probe';
import type { TargetSpec, TlsOptions } from '../../lambdas/core/types';
import { makeTarget } from '../support/config-fixture';
import {
  makeCertificate,
  sampleApp,
  startHttpServer,
  startHttpsServer,
  type GeneratedCert,
  type RunningServer,
} from '../support/servers';

const REGION = 'ap-southeast-3';
const DAY_MS = 86_400_000;

let expiring: GeneratedCert;
let expired: GeneratedCert;
let site: RunningServer;
let expiredSite: RunningServer;
let plain: RunningServer;

beforeAll(async () => {
  [expiring, expired] = await Promise.all([makeCertificate({ days: 5 }), makeCertificate({ days: -2 })]);
  [site, expiredSite, plain] = await Promise.all([
    startHttpsServer(expiring),
    startHttpsServer(expired),
    startHttpServer(sampleApp),
  ]);
});

afterAll(async () => {
  await Promise.all([site, expiredSite, plain].map((s) => s?.close()));
});

const trusted = (cert: GeneratedCert, extra: Partial<TlsOptions> = {}): TlsOptions => ({
  insecureSkipVerify: false,
  caPem: cert.cert,
  ...extra,
});

const check = (t: TargetSpec) => runCheck(t, { region: REGION });

describe('HTTPS check', () => {
  it('trusts a custom CA and reports the certificate with its days left', async () => {
    const now = new Date();
    const r = await runCheck(makeTarget({ id: 'https', url: `${site.url}/ok`, tls: trusted(expiring) }), {
      region: REGION,
      now: () => now,
    });
    expect(r).toMatchObject({ ok: true, error: null, status: 200 });
    expect(r.phases.tls).toBeGreaterThan(0);
    const x509 = new X509Certificate(expiring.cert);
    const expectedDays = (Date.parse(x509.validTo) - now.getTime()) / DAY_MS;
    expect(r.certDaysLeft).toBeCloseTo(expectedDays, 2);
    expect(r.certDaysLeft).toBeGreaterThan(4.9);
    expect(r.certDaysLeft).toBeLessThanOrEqual(5);
    expect(r.cert).toEqual({
      subject: 'CN=pantau-test.local',
      issuer: 'CN=pantau-test.local',
      fingerprint256: x509.fingerprint256,
      validFrom: new Date(x509.validFrom).toISOString(),
      validTo: new Date(x509.validTo).toISOString(),
      daysLeft: r.certDaysLeft,
    });
  });

  it('fails with cert_expiring when minCertDays is more than the days left', async () => {
    const r = await check(makeTarget({ id: 'min', url: `${site.url}/ok`, tls: trusted(expiring), expect: { minCertDays: 14 } }));
    expect(r).toMatchObject({ ok: false, error: 'cert_expiring', status: 200 });
    expect(r.reason).toMatch(/^certificate expires in 5 days \(.+\), under minCertDays 14$/);
    expect(r.certDaysLeft).toBeGreaterThan(4.9);
  });

  it('warns under warnCertDays but passes', async () => {
    const r = await check(
      makeTarget({ id: 'warn', url: `${site.url}/ok`, tls: trusted(expiring), expect: { minCertDays: 2, warnCertDays: 30 } }),
    );
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual(['certificate expires in 5 days (warn under 30)']);
  });

  it('rejects an untrusted certificate with tls and the node error code, still reporting it', async () => {
    const r = await check(makeTarget({ id: 'untrusted', url: `${site.url}/ok` }));
    expect(r).toMatchObject({ ok: false, error: 'tls', status: null });
    expect(r.reason).toBe('TLS certificate rejected: DEPTH_ZERO_SELF_SIGNED_CERT (self-signed certificate)');
    expect(r.cert?.subject).toBe('CN=pantau-test.local');
    expect(r.phases.ttfb).toBeNull();
  });

  it('rejects a certificate for another host name', async () => {
    const r = await check(
      makeTarget({ id: 'name', url: `${site.url}/ok`, tls: trusted(expiring, { serverName: 'sirekap.kpu.go.id' }) }),
    );
    expect(r.error).toBe('tls');
    expect(r.reason).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(r.reason).toContain('sirekap.kpu.go.id');
  });

  it('verifies against a host name via SNI when it matches the certificate', async () => {
    const r = await check(
      makeTarget({ id: 'sni', url: `${site.url}/ok`, tls: trusted(expiring, { serverName: 'localhost' }) }),
    );
    expect(r.ok).toBe(true);
  });

  it('rejects an expired certificate', async () => {
    const r = await check(makeTarget({ id: 'expired', url: `${expiredSite.url}/ok`, tls: trusted(expired) }));
    expect(r).toMatchObject({ ok: false, error: 'tls' });
    expect(r.reason).toBe('TLS certificate rejected: CERT_HAS_EXPIRED (certificate has expired)');
    expect(r.certDaysLeft).toBeLessThan(-1.9);
  });

  it('insecureSkipVerify accepts any certificate but still reports it', async () => {
    const r = await check(
      makeTarget({ id: 'insecure', url: `${expiredSite.url}/ok`, tls: { insecureSkipVerify: true }, expect: { bodyContains: ['Sirekap'] } }),
    );
    expect(r).toMatchObject({ ok: true, status: 200 });
    expect(r.certDaysLeft).toBeLessThan(0);
  });

  it('classifies TLS spoken to a plain HTTP port as tls', async () => {
    const r = await check(makeTarget({ id: 'plain', url: `https://127.0.0.1:${plain.port}/` }));
    expect(r.error).toBe('tls');
    expect(r.reason).toMatch(/^TLS handshake failed \(ERR_SSL_WRONG_VERSION_NUMBER: wrong version number\)$/);
  });

  it('reports the certificate that expires first across an https redirect chain', async () => {
    const longLived = await makeCertificate({ days: 300, commonName: 'front.pantau-test.local' });
    const front = await startHttpsServer(longLived, (_req, res) => {
      res.writeHead(301, { location: `${site.url}/ok` });
      res.end();
    });
    try {
      const r = await check(
        makeTarget({
          id: 'chain',
          url: `${front.url}/`,
          tls: { insecureSkipVerify: false, caPem: `${longLived.cert}\n${expiring.cert}` },
          expect: { minCertDays: 14 },
        }),
      );
      expect(r.error).toBe('cert_expiring');
      expect(r.certDaysLeft).toBeLessThan(5.01);
    } finally {
      await front.close();
    }
  });
});

describe('tls:// check', () => {
  it('completes a handshake and reports the certificate without speaking HTTP', async () => {
    const r = await check(makeTarget({ id: 'tls', url: `tls://127.0.0.1:${site.port}`, kind: 'tls', tls: trusted(expiring) }));
    expect(r).toMatchObject({ ok: true, kind: 'tls', status: null });
    expect(r.phases).toMatchObject({ dns: null, ttfb: null, transfer: null });
    expect(r.phases.tls).toBeGreaterThan(0);
    expect(r.certDaysLeft).toBeGreaterThan(4.9);
  });

  it('applies minCertDays and verification like HTTPS', async () => {
    const expiringSoon = await check(
      makeTarget({ id: 'tls-min', url: `tls://127.0.0.1:${site.port}`, kind: 'tls', tls: trusted(expiring), expect: { minCertDays: 30 } }),
    );
    expect(expiringSoon.error).toBe('cert_expiring');
    const untrusted = await check(makeTarget({ id: 'tls-untrusted', url: `tls://127.0.0.1:${site.port}`, kind: 'tls' }));
    expect(untrusted.error).toBe('tls');
    expect(untrusted.reason).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});
