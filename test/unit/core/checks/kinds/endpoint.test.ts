import { describe, expect, it } from 'vitest';
import { connectionMetrics, isIpv6Literal, parseHostPortUrl, validHost } from '../../../../../lambdas/core/checks/kinds/endpoint';

describe('host rules shared by the kinds', () => {
  it('takes host names and bracketed IPv6 literals, nothing else', () => {
    expect(['kpu.go.id', 'db_1.internal', 'localhost.', '[::1]', '10.0.0.5'].map(validHost)).toEqual([true, true, true, true, true]);
    expect(['-bad.example', 'a..b', `${'a'.repeat(64)}.example`, '[zz::1]'].map(validHost)).toEqual([false, false, false, false]);
    expect([isIpv6Literal('[2001:db8::1]'), isIpv6Literal('2001:db8::1'), isIpv6Literal('kpu.go.id')]).toEqual([true, false, false]);
  });
});

describe('parseHostPortUrl', () => {
  const parse = (text: string, port = 5432) => parseHostPortUrl(new URL(text), text, port);

  it('reads scheme://host:port', () => {
    expect(parse('tcp://db.kpu.go.id:5432')).toEqual({ ok: true, host: 'db.kpu.go.id', settings: {} });
    expect(parse('tls://[::1]:8443')).toEqual({ ok: true, host: '[::1]', settings: {} });
  });

  it('wants a port, shows the usual one, and refuses a path, query or a bad host', () => {
    expect(parse('tls://www.kpu.go.id', 443)).toEqual({
      ok: false,
      problem: '"tls://www.kpu.go.id" has no port — write tls://host:port, e.g. tls://www.kpu.go.id:443',
    });
    expect(parse('tcp://db:5432/x')).toEqual({ ok: false, problem: '"tcp://db:5432/x" has a path or query — a tcp:// target is only tcp://host:port' });
    expect(parse('tcp://db:5432?q=1')).toMatchObject({ ok: false, problem: expect.stringContaining('has a path or query') });
    expect(parse('tcp://-db:5432')).toEqual({ ok: false });
  });
});

describe('connectionMetrics', () => {
  it('DnsMs only when there is a name to look up, TlsMs only over TLS', () => {
    expect(connectionMetrics('tcp://db.kpu.go.id:5432', false)).toEqual(['DnsMs', 'ConnectMs']);
    expect(connectionMetrics('tcp://10.0.0.5:5432', false)).toEqual(['ConnectMs']);
    expect(connectionMetrics('tls://[::1]:443', true)).toEqual(['ConnectMs', 'TlsMs']);
    expect(connectionMetrics('https://www.kpu.go.id/', true)).toEqual(['DnsMs', 'ConnectMs', 'TlsMs']);
  });
});
