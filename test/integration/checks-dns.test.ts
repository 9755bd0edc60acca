import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../lambdas/core/probe';
import type { TargetSpec } from '../../lambdas/core/types';
import { makeTarget } from '../support/config-fixture';
import { startDnsServer, type RunningDnsServer } from '../support/servers';

// Every query goes to the test's own UDP server on 127.0.0.1: never to the system resolver.

const REGION = 'ap-southeast-3';
let dns: RunningDnsServer;

beforeAll(async () => {
  dns = await startDnsServer({
    'sirekap.kpu.test': { A: ['10.20.30.40', '10.20.30.41'], AAAA: ['2001:db8::40'] },
    'www.kpu.test': { CNAME: 'kpu-edge.cdn.test' },
    'broken.kpu.test': { servfail: true },
    'v4only.kpu.test': { A: ['10.0.0.1'] },
    'silent.kpu.test': { silent: true },
  });
});

afterAll(async () => {
  await dns?.close();
});

function dnsTarget(name: string, type: 'A' | 'AAAA' | 'CNAME', partial: Partial<TargetSpec> = {}): TargetSpec {
  return makeTarget({
    id: `dns-${name}-${type}`,
    url: `dns://${name}?resolver=${dns.address}&type=${type}`,
    kind: 'dns',
    dnsType: type,
    dnsResolver: dns.address,
    timeoutMs: 2000,
    ...partial,
  });
}

const check = (t: TargetSpec) => runCheck(t, { region: REGION });

describe('DNS check', () => {
  it('resolves A records and checks expected values', async () => {
    const r = await check(dnsTarget('sirekap.kpu.test', 'A', { expect: { values: ['10.20.30.41'] } }));
    expect(r).toMatchObject({ ok: true, kind: 'dns', status: null, answers: ['10.20.30.40', '10.20.30.41'] });
    expect(r.phases.dns).toBeGreaterThan(0);
    expect(r.phases).toMatchObject({ connect: null, tls: null, ttfb: null, transfer: null });
    expect(dns.queries).toContainEqual({ name: 'sirekap.kpu.test', type: 'A' });
  });

  it('resolves AAAA records', async () => {
    const r = await check(dnsTarget('sirekap.kpu.test', 'AAAA', { expect: { values: ['2001:DB8::40'] } }));
    expect(r).toMatchObject({ ok: true, answers: ['2001:db8::40'] });
  });

  it('resolves a CNAME and compares names without the trailing dot, case-insensitively', async () => {
    const r = await check(dnsTarget('www.kpu.test', 'CNAME', { expect: { values: ['KPU-edge.cdn.test.'] } }));
    expect(r).toMatchObject({ ok: true, answers: ['kpu-edge.cdn.test'] });
  });

  it('fails with assertion when an expected value is not among the answers', async () => {
    const r = await check(dnsTarget('sirekap.kpu.test', 'A', { expect: { values: ['10.20.30.99'] } }));
    expect(r).toMatchObject({
      ok: false,
      error: 'assertion',
      reason: 'DNS answer lacks 10.20.30.99 (got 10.20.30.40, 10.20.30.41)',
      answers: ['10.20.30.40', '10.20.30.41'],
    });
  });

  it('classifies NXDOMAIN as dns', async () => {
    const r = await check(dnsTarget('gone.kpu.test', 'A'));
    expect(r).toMatchObject({ ok: false, error: 'dns' });
    expect(r.reason).toBe(`DNS A gone.kpu.test: name not found (NXDOMAIN) from ${dns.address} (ENOTFOUND)`);
  });

  it('classifies SERVFAIL as dns', async () => {
    const r = await check(dnsTarget('broken.kpu.test', 'A'));
    expect(r.error).toBe('dns');
    expect(r.reason).toContain('SERVFAIL');
  });

  it('classifies an empty answer as dns', async () => {
    const r = await check(dnsTarget('v4only.kpu.test', 'AAAA'));
    expect(r.error).toBe('dns');
    expect(r.reason).toBe(`DNS AAAA v4only.kpu.test: no AAAA record (NODATA) from ${dns.address}`);
  });

  it('times out when the resolver never answers, naming the phase', async () => {
    const r = await check(dnsTarget('silent.kpu.test', 'A', { timeoutMs: 300 }));
    expect(r.error).toBe('timeout');
    expect(r.reason).toBe('timeout after 300 ms waiting for DNS answer');
  });

  it('classifies a resolver port with nothing listening as dns', async () => {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const { port } = socket.address();
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    const r = await check(dnsTarget('sirekap.kpu.test', 'A', { dnsResolver: `127.0.0.1:${port}`, timeoutMs: 1000 }));
    // The ICMP port-unreachable reply to a UDP query surfaces as ECONNREFUSED.
    expect(r).toMatchObject({ error: 'dns', reason: `DNS A sirekap.kpu.test: resolver not reachable (port closed) from 127.0.0.1:${port} (ECONNREFUSED)` });
  });
});
