import { describe, expect, it } from 'vitest';
import {
  answersFailure,
  bodyFailure,
  evaluate,
  formatStatusSet,
  headerFailure,
  jsonEqual,
  jsonFailure,
  needsBody,
  statusFailure,
  type CheckFacts,
  type HttpFacts,
} from '../../../lambdas/core/assertions';
import type { CertInfo } from '../../../lambdas/core/types';

const cert = (daysLeft: number): CertInfo => ({
  subject: 'CN=sirekap.kpu.go.id',
  issuer: "CN=R11, O=Let's Encrypt",
  fingerprint256: 'AA:BB',
  validFrom: '2026-09-01T00:00:00.000Z',
  validTo: '2026-12-01T00:00:00.000Z',
  daysLeft,
});

const http = (partial: Partial<HttpFacts> = {}): HttpFacts => ({
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: '<title>Sirekap KPU</title>',
  bodyTooLarge: false,
  maxBodyBytes: 1024,
  ...partial,
});

const facts = (partial: Partial<CheckFacts> = {}): CheckFacts => ({ totalMs: 120, cert: null, http: http(), ...partial });

describe('status', () => {
  it('defaults to 200-399', () => {
    expect(statusFailure(undefined, 200)).toBeNull();
    expect(statusFailure(undefined, 399)).toBeNull();
    expect(statusFailure([], 302)).toBeNull();
    expect(statusFailure(undefined, 199)).toBe('HTTP 199 not in [200-399]');
    expect(statusFailure(undefined, 404)).toBe('HTTP 404 not in [200-399]');
  });

  it('uses an explicit set', () => {
    expect(statusFailure([200, 401], 401)).toBeNull();
    expect(statusFailure([200, 401], 302)).toBe('HTTP 302 not in [200,401]');
  });

  it('prints sets compactly', () => {
    expect(formatStatusSet([204, 200, 201, 202, 301, 302])).toBe('[200-202,204,301,302]');
    expect(formatStatusSet([200, 200])).toBe('[200]');
    expect(formatStatusSet(undefined)).toBe('[200-399]');
  });
});

describe('body', () => {
  it('needs the body only when an assertion reads it', () => {
    expect(needsBody({})).toBe(false);
    expect(needsBody({ status: [200], maxLatencyMs: 100, headers: { a: '' } })).toBe(false);
    expect(needsBody({ bodyContains: [] })).toBe(false);
    expect(needsBody({ bodyNotContains: ['hacked by'] })).toBe(true);
    expect(needsBody({ json: [{ path: 'a' }] })).toBe(true);
  });

  it('keywords are literal and case-sensitive', () => {
    expect(bodyFailure({ bodyContains: ['Sirekap', 'KPU'] }, 'Sirekap KPU')).toBeNull();
    expect(bodyFailure({ bodyContains: ['sirekap'] }, 'Sirekap')).toBe('body does not contain "sirekap"');
    expect(bodyFailure({ bodyContains: ['a.c'] }, 'abc')).toBe('body does not contain "a.c"');
    expect(bodyFailure({ bodyNotContains: ['hacked by'] }, 'hacked by x')).toBe('body contains forbidden "hacked by"');
  });

  it('patterns are regular expressions', () => {
    expect(bodyFailure({ bodyMatches: ['<title>.*KPU</title>'] }, '<title>Sirekap KPU</title>')).toBeNull();
    expect(bodyFailure({ bodyMatches: ['^\\{'] }, '<html>')).toBe('body does not match /^\\{/');
    expect(bodyFailure({ bodyNotMatches: ['[Mm]aintenance'] }, 'Under maintenance')).toBe('body matches forbidden /[Mm]aintenance/');
  });
});

describe('JSON', () => {
  const body = JSON.stringify({ status: 'up', count: 3, items: [{ id: 1, ok: true }, { id: 2, ok: false }], nothing: null });

  it('compares with deep equality', () => {
    expect(jsonFailure([{ path: 'items[0]', equals: { ok: true, id: 1 } }], body)).toBeNull();
    expect(jsonFailure([{ path: 'count', equals: 3 }], body)).toBeNull();
    expect(jsonFailure([{ path: 'count', equals: '3' }], body)).toBe('json count is 3, expected "3"');
    expect(jsonFailure([{ path: 'items[].ok', equals: [true, true] }], body)).toBe('json items[].ok is [true,false], expected [true,true]');
  });

  it('checks existence, with a bare path meaning "exists"', () => {
    expect(jsonFailure([{ path: 'status' }], body)).toBeNull();
    expect(jsonFailure([{ path: 'missing' }], body)).toBe('json missing is missing');
    expect(jsonFailure([{ path: 'nothing', exists: true }], body)).toBe('json nothing is missing');
    expect(jsonFailure([{ path: 'nothing', exists: false }], body)).toBeNull();
    expect(jsonFailure([{ path: 'status', exists: false }], body)).toBe('json status is "up", expected it absent');
  });

  it('matches values as text against a regex', () => {
    expect(jsonFailure([{ path: 'status', matches: '^(up|ok)$' }], body)).toBeNull();
    expect(jsonFailure([{ path: 'count', matches: '^\\d+$' }], body)).toBeNull();
    expect(jsonFailure([{ path: 'status', matches: '^down$' }], body)).toBe('json status is "up", does not match /^down$/');
  });

  it('uses JMESPath filters and functions', () => {
    expect(jsonFailure([{ path: 'length(items[?ok])', equals: 1 }], body)).toBeNull();
  });

  it('reports a body that is not JSON', () => {
    expect(jsonFailure([{ path: 'a' }], '<html>')).toMatch(/^body is not valid JSON \(/);
  });

  it('jsonEqual is structural', () => {
    expect(jsonEqual({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
  });
});

describe('headers', () => {
  const headers = { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] };

  it('requires presence, case-insensitive names, optional regex on the value', () => {
    expect(headerFailure({ 'Content-Type': '' }, headers)).toBeNull();
    expect(headerFailure({ 'content-type': '^application/json' }, headers)).toBeNull();
    expect(headerFailure({ 'set-cookie': 'b=2' }, headers)).toBeNull();
    expect(headerFailure({ 'Strict-Transport-Security': '' }, headers)).toBe('header Strict-Transport-Security missing');
    expect(headerFailure({ 'content-type': 'html' }, headers)).toBe('header content-type "application/json" does not match /html/');
  });
});

describe('DNS answers', () => {
  it('needs every expected value among the answers', () => {
    expect(answersFailure(['10.0.0.1'], ['10.0.0.2', '10.0.0.1'])).toBeNull();
    expect(answersFailure(['Edge.CDN.test.'], ['edge.cdn.test'])).toBeNull();
    expect(answersFailure(['10.0.0.1', '10.0.0.3'], ['10.0.0.1'])).toBe('DNS answer lacks 10.0.0.3 (got 10.0.0.1)');
    expect(answersFailure(['10.0.0.1'], [])).toBe('DNS answer lacks 10.0.0.1 (got nothing)');
  });
});

describe('evaluate', () => {
  it('passes with reason ok', () => {
    expect(evaluate({}, facts())).toEqual({ error: null, reason: 'ok', warnings: [] });
  });

  it('reports status before content, certificate and latency', () => {
    const v = evaluate(
      { bodyContains: ['missing'], minCertDays: 30, maxLatencyMs: 10 },
      facts({ http: http({ status: 503 }), cert: cert(2), totalMs: 999 }),
    );
    expect(v).toMatchObject({ error: 'status', reason: 'HTTP 503 not in [200-399]' });
  });

  it('reports body_too_large after status', () => {
    const v = evaluate({ bodyContains: ['x'] }, facts({ http: http({ body: null, bodyTooLarge: true }) }));
    expect(v).toMatchObject({ error: 'body_too_large', reason: 'body larger than 1024 bytes (read cap); stopped reading' });
  });

  it('fails cert_expiring under minCertDays, and warns under warnCertDays', () => {
    expect(evaluate({ minCertDays: 14 }, facts({ cert: cert(3.25) }))).toEqual({
      error: 'cert_expiring',
      reason: 'certificate expires in 3.3 days (2026-12-01T00:00:00.000Z), under minCertDays 14',
      warnings: [],
    });
    expect(evaluate({ minCertDays: 2, warnCertDays: 30 }, facts({ cert: cert(20) }))).toEqual({
      error: null,
      reason: 'ok',
      warnings: ['certificate expires in 20 days (warn under 30)'],
    });
    // Without a certificate (plain HTTP) the bounds do not apply.
    expect(evaluate({ minCertDays: 14 }, facts()).error).toBeNull();
  });

  it('fails over maxLatencyMs with assertion, warns over warnLatencyMs', () => {
    expect(evaluate({ maxLatencyMs: 100 }, facts({ totalMs: 100 })).error).toBeNull();
    expect(evaluate({ maxLatencyMs: 100 }, facts({ totalMs: 100.6 }))).toMatchObject({
      error: 'assertion',
      reason: 'latency 101 ms over limit 100 ms',
    });
    expect(evaluate({ warnLatencyMs: 50 }, facts({ totalMs: 80 }))).toEqual({
      error: null,
      reason: 'ok',
      warnings: ['latency 80 ms over warn bound 50 ms'],
    });
  });

  it('keeps warnings on a failed check', () => {
    const v = evaluate({ warnLatencyMs: 50, status: [200] }, facts({ http: http({ status: 500 }), totalMs: 90 }));
    expect(v.error).toBe('status');
    expect(v.warnings).toEqual(['latency 90 ms over warn bound 50 ms']);
  });

  it('turns an invalid pattern into an error result rather than a crash', () => {
    expect(evaluate({ bodyMatches: ['(unclosed'] }, facts())).toMatchObject({
      error: 'error',
      reason: 'expect.bodyMatches: "(unclosed" is not a valid regular expression (missing closing ): `(unclosed`) — fix the pattern or escape special characters such as ( [ . * with \\',
    });
    expect(evaluate({ json: [{ path: 'a[' }] }, facts({ http: http({ body: '{}' }) })).error).toBe('error');
  });

  it('checks DNS answers for dns facts', () => {
    expect(evaluate({ values: ['10.0.0.9'] }, { totalMs: 3, cert: null, answers: ['10.0.0.1'] })).toMatchObject({
      error: 'assertion',
      reason: 'DNS answer lacks 10.0.0.9 (got 10.0.0.1)',
    });
  });
});
