import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnsKind, normaliseResolver, resolverProblem } from '../../../../../lambdas/core/checks/kinds/dns';
import { makeTarget } from '../../../../support/config-fixture';
import { startDnsServer, type RunningDnsServer } from '../../../../support/servers';
import { checkContext } from '../../../../support/check-context';

const parse = (text: string) => dnsKind.parseUrl(new URL(text), text);

describe('resolver addresses', () => {
  it('takes an IP with an optional port, port 53 by default', () => {
    expect([resolverProblem('10.0.0.2'), resolverProblem('10.0.0.2:5353'), resolverProblem('[::1]:53')]).toEqual([null, null, null]);
    expect(resolverProblem('dns.google')).toBe('resolver "dns.google" is not IP:PORT — write e.g. resolver=10.0.0.2:53 or resolver=[::1]:5353');
    expect(resolverProblem('[::1]:70000')).toBe("resolver port 70000 is outside 1–65535 — use the resolver's port, e.g. resolver=[::1]:53");
    expect([normaliseResolver('1.2.3.4'), normaliseResolver('[::1]'), normaliseResolver('[::1]:5353')]).toEqual(['1.2.3.4:53', '[::1]:53', '[::1]:5353']);
  });
});

describe('the dns kind', () => {
  it('reads the record type and resolver from the query into the target settings', () => {
    expect(parse('dns://kpu.go.id')).toEqual({ ok: true, host: 'kpu.go.id', settings: { dnsType: 'A' } });
    expect(parse('dns://kpu.go.id?type=cname&resolver=10.0.0.2')).toEqual({
      ok: true, host: 'kpu.go.id', settings: { dnsType: 'CNAME', dnsResolver: '10.0.0.2:53' },
    });
  });

  it('refuses what it cannot ask', () => {
    expect(parse('dns://[::1]')).toMatchObject({ ok: false, problem: expect.stringContaining('names no host to resolve') });
    expect(parse('dns://kpu.go.id:53')).toMatchObject({ ok: false, problem: expect.stringContaining('has a port or path') });
    expect(parse('dns://kpu.go.id?type=MX')).toEqual({ ok: false, problem: 'DNS type "MX" is not supported — use type=A, type=AAAA or type=CNAME' });
    expect(parse('dns://kpu.go.id?server=1.1.1.1')).toMatchObject({ ok: false, problem: expect.stringContaining('unknown query parameter "server"') });
  });

  it('checks answers and latency, publishes only DnsMs, reports no certificate', () => {
    expect(dnsKind.expectFields).toEqual(['maxLatencyMs', 'warnLatencyMs', 'values', 'allow']);
    expect(dnsKind.configFields).toEqual([]);
    expect(dnsKind.metricNames({ url: 'dns://10.0.0.1' })).toEqual(['DnsMs']);
    expect(dnsKind.reportsCertificate({ url: 'dns://kpu.go.id' })).toBe(false);
  });

  describe('run', () => {
    let dns: RunningDnsServer;
    beforeAll(async () => {
      dns = await startDnsServer({ 'sirekap.kpu.test': { A: ['10.20.30.40'] } });
    });
    afterAll(async () => {
      await dns?.close();
    });

    it('asks the target resolver and returns the answers for the assertions', async () => {
      const ctx = checkContext();
      const target = makeTarget({ id: 'ns', url: `dns://sirekap.kpu.test?resolver=${dns.address}`, kind: 'dns', dnsType: 'A', dnsResolver: dns.address });
      try {
        expect(await dnsKind.run(target, { secretHeaders: {} }, ctx)).toEqual({ answers: ['10.20.30.40'] });
      } finally {
        ctx.deadline.dispose();
      }
      expect(dns.queries).toEqual([expect.objectContaining({ name: 'sirekap.kpu.test', type: 'A' })]);
    });
  });
});
