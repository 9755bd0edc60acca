import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetSpec } from '../../lambdas/core/types';
import { makeTarget } from '../support/config-fixture';
import { findingsOf, PatrolHarness, patrolSpec, raised } from '../support/patrol';
import { makeCertificate, startDnsServer, type DnsRecords, type RunningDnsServer } from '../support/servers';

// DNS answers from the test's own loopback resolver; certificates swapped on a loopback HTTPS server.

const zone: Record<string, DnsRecords> = {
  'pemilu.kpu.test': { A: ['10.20.30.40'] },
  'kpu.test': { NS: ['ns1.kpu.test', 'ns2.kpu.test'] },
  'empty.kpu.test': { AAAA: ['2001:db8::1'] },
};
let dns: RunningDnsServer;
let siteUrl: string;
let server: https.Server;

beforeAll(async () => {
  dns = await startDnsServer(zone);
  const cert = await makeCertificate({ commonName: 'Pantau Test CA' });
  server = https.createServer({ cert: cert.cert, key: cert.key }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', server: 'nginx/1.18.0', 'x-powered-by': 'PHP/7.4.3' }).end('<h1>KPU</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  siteUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await dns?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

const dnsTarget = (allow: string[], patrol = patrolSpec({ extraEvery: 1 })): TargetSpec =>
  makeTarget({
    id: 'dns-pemilu',
    url: `dns://pemilu.kpu.test?resolver=${dns.address}&type=A`,
    kind: 'dns',
    dnsType: 'A',
    dnsResolver: dns.address,
    timeoutMs: 2_000,
    expect: { allow },
    patrol,
  });

describe('DNS integrity', () => {
  it('flags an extra rogue address beside the expected one, and clears when it goes', async () => {
    const harness = new PatrolHarness();
    const t = dnsTarget(['10.20.30.40', '192.0.2.0/24']);
    expect(raised((await harness.one(t)).patrol)).toEqual([]);
    zone['pemilu.kpu.test']!.A = ['10.20.30.40', '203.0.113.66'];
    const r = await harness.one(t);
    expect(r.ok).toBe(true); // the check itself passes: only the patrol sees the hijack
    expect(findingsOf(r.patrol, 'dns_unexpected')[0]?.evidence).toBe('203.0.113.66 not in expect.allow');
    zone['pemilu.kpu.test']!.A = ['10.20.30.40', '192.0.2.7'];
    expect(raised((await harness.one(t)).patrol)).toEqual([]);
  });

  it('learns the zone\'s name servers and flags a change', async () => {
    const harness = new PatrolHarness();
    const t = dnsTarget([]);
    expect((await harness.one(t)).patrol!.notes).toContain('name servers learned');
    zone['kpu.test']!.NS = ['ns1.attacker.test'];
    expect(findingsOf((await harness.one(t)).patrol, 'dns_ns_changed')[0]?.evidence).toBe('NS now ns1.attacker.test (was ns1.kpu.test, ns2.kpu.test)');
    zone['kpu.test']!.NS = ['ns2.kpu.test', 'ns1.kpu.test'];
    expect(raised((await harness.one(t)).patrol)).toEqual([]);
  });

  it('fails a resolution that returns no address (it is not a pass)', async () => {
    const r = await new PatrolHarness().one(makeTarget({ ...dnsTarget([]), url: `dns://empty.kpu.test?resolver=${dns.address}&type=A` }));
    expect(r.ok).toBe(false);
    expect(r.error).toBe('dns');
  });
});

describe('certificate integrity and headers', () => {
  const target = (partial: Partial<TargetSpec> = {}) =>
    makeTarget({ id: 'tls-site', url: `${siteUrl}/`, timeoutMs: 3_000, tls: { insecureSkipVerify: true }, patrol: patrolSpec({ cloaking: false }), ...partial });

  it('learns the certificate, notes a renewal by the same issuer, flags another issuer until the old one is back', async () => {
    const harness = new PatrolHarness();
    const first = await harness.one(target());
    expect(first.patrol!.notes).toContain('certificate learned');
    expect(first.patrol!.judged).toEqual(expect.arrayContaining(['cert_changed', 'cert_name_mismatch', 'weak_tls']));

    const renewed = await makeCertificate({ commonName: 'Pantau Test CA', days: 90 });
    server.setSecureContext({ cert: renewed.cert, key: renewed.key });
    const afterRenewal = (await harness.one(target())).patrol!;
    expect(findingsOf(afterRenewal, 'cert_changed')).toEqual([]);
    expect(afterRenewal.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^certificate renewed by the same issuer/)]));

    const swapped = await makeCertificate({ commonName: 'Rogue Issuing CA' });
    server.setSecureContext({ cert: swapped.cert, key: swapped.key });
    const [changed] = findingsOf((await harness.one(target())).patrol, 'cert_changed');
    expect(changed?.evidence).toBe('issuer changed: "CN=Pantau Test CA" → "CN=Rogue Issuing CA", new key');
    expect(findingsOf((await harness.one(target())).patrol, 'cert_changed')).toHaveLength(1);

    server.setSecureContext({ cert: renewed.cert, key: renewed.key });
    expect(findingsOf((await harness.one(target())).patrol, 'cert_changed')).toEqual([]);
  });

  it('flags a certificate outside the configured issuer and pins', async () => {
    const harness = new PatrolHarness();
    const byIssuer = await harness.one(target({ tls: { insecureSkipVerify: true, expectIssuer: "Let's Encrypt" } }));
    expect(findingsOf(byIssuer.patrol, 'cert_changed')[0]?.evidence).toMatch(/is not the expected "Let's Encrypt"$/);
    const byPin = await harness.one(target({ tls: { insecureSkipVerify: true, pins: ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='] } }));
    expect(findingsOf(byPin.patrol, 'cert_changed')[0]?.evidence).toMatch(/^key sha256\/.+ not in tls\.pins$/);
  });

  it('flags names that do not cover the host when verification is skipped', async () => {
    const harness = new PatrolHarness();
    const other = await makeCertificate({ commonName: 'Pantau Test CA', altNames: ['sirekap.kpu.test'] });
    server.setSecureContext({ cert: other.cert, key: other.key });
    const [mismatch] = findingsOf((await harness.one(target())).patrol, 'cert_name_mismatch');
    expect(mismatch?.evidence).toBe('certificate names sirekap.kpu.test do not cover 127.0.0.1');
  });

  it('lists missing security headers and version banners as digest findings', async () => {
    const verdict = (await new PatrolHarness().one(target())).patrol!;
    const [missing] = findingsOf(verdict, 'missing_security_header');
    expect(missing).toMatchObject({ severity: 'digest' });
    expect(missing!.evidence).toBe('missing Strict-Transport-Security, Content-Security-Policy, X-Content-Type-Options, X-Frame-Options (or CSP frame-ancestors)');
    expect(findingsOf(verdict, 'version_leak')[0]).toMatchObject({ severity: 'digest', evidence: 'server: nginx/1.18.0; x-powered-by: PHP/7.4.3' });
  });
});
