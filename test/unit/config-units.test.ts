import { describe, expect, it } from 'vitest';
import { parseByteSize } from '../../lib/config/byte-size';
import { formatDuration, parseDuration } from '../../lib/config/duration';
import { parseTargetUrl } from '../../lib/config/target-url';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['1m', 60_000],
    ['1m30s', 90_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1_500],
    ['7d', 604_800_000],
    [' 2h ', 7_200_000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it('refuses a bare number, as a number or as text, and names the units', () => {
    expect(parseDuration(30)).toEqual({ ok: false, problem: '30 has no unit — write 30s, 30m or 30ms (units: ms, s, m, h, d)' });
    expect(parseDuration('30')).toEqual({ ok: false, problem: '"30" has no unit — write 30s, 30m or 30ms (units: ms, s, m, h, d)' });
  });

  it.each(['30x', 'fast', '', '1m 30s', 's30', '-5s'])('refuses %j', (text) => {
    const parsed = parseDuration(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toBe(`${JSON.stringify(text)} is not a duration — write e.g. 500ms, 30s, 1m, 1h30m, 7d`);
  });

  it('refuses non-text values', () => {
    expect(parseDuration(null)).toEqual({ ok: false, problem: 'expected a duration such as 30s or 1m, got nothing — write e.g. 30s, 1m, 1h30m' });
    expect(parseDuration(['30s'])).toMatchObject({ ok: false });
  });

  it.each([
    [0, '0s'],
    [250, '250ms'],
    [30_000, '30s'],
    [90_000, '1m30s'],
    [3_600_000, '1h'],
    [90_061_001, '1d1h1m1s1ms'],
  ])('formatDuration(%d) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    if (ms > 0) expect(parseDuration(text)).toEqual({ ok: true, ms });
  });
});

describe('parseByteSize', () => {
  it.each([
    [1048576, 1_048_576],
    ['1MiB', 1_048_576],
    ['512KiB', 524_288],
    ['2MB', 2_000_000],
    ['100', 100],
    ['1.5 KiB', 1_536],
  ])('%j → %d bytes', (input, bytes) => {
    expect(parseByteSize(input)).toEqual({ ok: true, bytes });
  });

  it.each([0, -1, 1.5, '1 parsec', '', 'MiB', null])('refuses %j', (input) => {
    expect(parseByteSize(input).ok).toBe(false);
  });
});

describe('parseTargetUrl: the kind follows the scheme', () => {
  it('http:// and https:// are http checks; only https is TLS-capable', () => {
    expect(parseTargetUrl('https://www.kpu.go.id/')).toEqual({ ok: true, kind: 'http', host: 'www.kpu.go.id', tlsCapable: true });
    expect(parseTargetUrl('http://127.0.0.1:8080/health')).toEqual({ ok: true, kind: 'http', host: '127.0.0.1', tlsCapable: false });
  });

  it('tcp:// and tls:// need a port', () => {
    expect(parseTargetUrl('tcp://db.kpu.go.id:5432')).toEqual({ ok: true, kind: 'tcp', host: 'db.kpu.go.id', tlsCapable: false });
    expect(parseTargetUrl('tls://[::1]:8443')).toEqual({ ok: true, kind: 'tls', host: '[::1]', tlsCapable: true });
    expect(parseTargetUrl('tcp://db.kpu.go.id')).toEqual({
      ok: false,
      problem: '"tcp://db.kpu.go.id" has no port — write tcp://host:port, e.g. tcp://db.kpu.go.id:5432',
    });
    expect(parseTargetUrl('tls://www.kpu.go.id')).toEqual({
      ok: false,
      problem: '"tls://www.kpu.go.id" has no port — write tls://host:port, e.g. tls://www.kpu.go.id:443',
    });
    expect(parseTargetUrl('tcp://db:5432/path')).toMatchObject({ ok: false, problem: expect.stringContaining('has a path or query') });
  });

  it('dns:// takes an optional resolver (port 53 by default) and record type (A by default)', () => {
    expect(parseTargetUrl('dns://kpu.go.id')).toEqual({ ok: true, kind: 'dns', host: 'kpu.go.id', tlsCapable: false, dnsType: 'A' });
    expect(parseTargetUrl('dns://kpu.go.id?resolver=10.0.0.2&type=aaaa')).toEqual({
      ok: true, kind: 'dns', host: 'kpu.go.id', tlsCapable: false, dnsType: 'AAAA', dnsResolver: '10.0.0.2:53',
    });
    expect(parseTargetUrl('dns://www.kpu.go.id?type=CNAME&resolver=[::1]:5353')).toMatchObject({ ok: true, dnsType: 'CNAME', dnsResolver: '[::1]:5353' });
    expect(parseTargetUrl('dns://kpu.go.id?type=MX')).toEqual({ ok: false, problem: 'DNS type "MX" is not supported — use type=A, type=AAAA or type=CNAME' });
    expect(parseTargetUrl('dns://kpu.go.id?resolver=dns.google')).toEqual({
      ok: false,
      problem: 'resolver "dns.google" is not IP:PORT — write e.g. resolver=10.0.0.2:53 or resolver=[::1]:5353',
    });
    expect(parseTargetUrl('dns://kpu.go.id?server=1.1.1.1')).toMatchObject({ ok: false, problem: expect.stringContaining('unknown query parameter "server"') });
  });

  it('refuses "https://" for its missing host', () => {
    expect(parseTargetUrl('https://')).toEqual({ ok: false, problem: '"https://" has no host — write https://host/, e.g. https://www.kpu.go.id/' });
  });

  it.each(['htp://x', 'www.kpu.go.id', 'ftp://files.kpu.go.id/', 'mailto:noc@kpu.go.id', ''])('refuses %j with the scheme list', (url) => {
    expect(parseTargetUrl(url)).toEqual({
      ok: false,
      problem: `${JSON.stringify(url)} is not an http(s) URL (nor tcp://, tls:// or dns://) — use https://host/path`,
    });
  });

  it('refuses credentials in the URL without echoing them', () => {
    const parsed = parseTargetUrl('https://admin:hunter2@sirekap.kpu.go.id/');
    expect(parsed).toEqual({
      ok: false,
      problem: '"https://***@sirekap.kpu.go.id/" carries credentials — remove user:password@ and put the credential in secretHeaders',
    });
  });
});
