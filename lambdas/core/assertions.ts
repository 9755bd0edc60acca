import { search } from '@aws-lambda-powertools/jmespath';
import { compilePattern, InvalidPatternError } from './regex';
import type { CertInfo, Expectation, FailureClass, JsonAssertion } from './types';

/**
 * What a check observed, judged against the target's `expect` block. Pure: no I/O, no clock.
 * The first failed hard assertion decides the failure class; soft bounds (warnLatencyMs,
 * warnCertDays) only add warnings.
 *
 * Order, most telling first: status, body over the cap, body / JSON / header content, DNS
 * answers, certificate days, latency. A 503 is reported as a 503 even if the page also lacks
 * its keyword and the certificate is expiring.
 */

export interface HttpFacts {
  status: number;
  /** Response headers as node gives them (lower-case names). */
  headers: Record<string, string | string[] | undefined>;
  /** Body text when it was kept (decoded with the declared charset), else null. */
  body: string | null;
  /** Why the body may read wrongly (an unknown declared charset, read as UTF-8): told when a body check fails. */
  bodyCharsetNote?: string | null;
  bodyTooLarge: boolean;
  maxBodyBytes: number;
}

export interface CheckFacts {
  totalMs: number;
  /** The certificate that expires first among those seen (HTTPS / tls:// only). */
  cert: CertInfo | null;
  http?: HttpFacts;
  /** DNS answers (dns:// only). */
  answers?: string[];
}

export interface Verdict {
  error: FailureClass | null;
  reason: string;
  warnings: string[];
}

export const DEFAULT_STATUS_RANGE: readonly [number, number] = [200, 399];

/** True when any assertion reads the body, so the check keeps it instead of only counting it. */
export function needsBody(expect: Expectation): boolean {
  return Boolean(
    expect.bodyContains?.length ||
      expect.bodyNotContains?.length ||
      expect.bodyMatches?.length ||
      expect.bodyNotMatches?.length ||
      expect.json?.length,
  );
}

/** "[200-399]", "[200,204]", "[200-204,301]": runs of three or more consecutive codes become ranges. */
export function formatStatusSet(statuses: readonly number[] | undefined): string {
  if (!statuses || statuses.length === 0) return `[${DEFAULT_STATUS_RANGE[0]}-${DEFAULT_STATUS_RANGE[1]}]`;
  const sorted = [...new Set(statuses)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${sorted[i]}-${sorted[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(sorted[k]));
    i = j + 1;
  }
  return `[${parts.join(',')}]`;
}

export function statusFailure(expected: readonly number[] | undefined, status: number): string | null {
  const accepted =
    expected && expected.length > 0 ? expected.includes(status) : status >= DEFAULT_STATUS_RANGE[0] && status <= DEFAULT_STATUS_RANGE[1];
  return accepted ? null : `HTTP ${status} not in ${formatStatusSet(expected)}`;
}

/** Short quoted rendering of a value for a one-line reason. */
export function preview(value: unknown, max = 80): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Keywords are literal and case-sensitive; patterns are RE2 regular expressions (regex.ts). */
export function bodyFailure(expect: Expectation, body: string): string | null {
  for (const keyword of expect.bodyContains ?? []) {
    if (!body.includes(keyword)) return `body does not contain ${preview(keyword)}`;
  }
  for (const keyword of expect.bodyNotContains ?? []) {
    if (body.includes(keyword)) return `body contains forbidden ${preview(keyword)}`;
  }
  for (const source of expect.bodyMatches ?? []) {
    if (!compilePattern(source, 'expect.bodyMatches').test(body)) return `body does not match /${source}/`;
  }
  for (const source of expect.bodyNotMatches ?? []) {
    if (compilePattern(source, 'expect.bodyNotMatches').test(body)) return `body matches forbidden /${source}/`;
  }
  return null;
}

/** Deep equality on JSON values (objects compared by keys, arrays by position). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((v, i) => jsonEqual(v, other[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual((a as never)[k], (b as never)[k]));
}

function jsonAssertionFailure(assertion: JsonAssertion, data: unknown): string | null {
  let value: unknown;
  try {
    value = search(assertion.path, data as Parameters<typeof search>[1]);
  } catch (err) {
    throw new InvalidPatternError(`expect.json path ${preview(assertion.path)}: ${(err as Error).message}`);
  }
  const present = value !== null && value !== undefined;
  const label = `json ${assertion.path}`;
  if (assertion.equals !== undefined && !jsonEqual(value, assertion.equals)) {
    return `${label} is ${preview(value ?? null)}, expected ${preview(assertion.equals)}`;
  }
  if (assertion.matches !== undefined) {
    const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
    if (!compilePattern(assertion.matches, 'expect.json[].matches').test(text)) {
      return `${label} is ${preview(value ?? null)}, does not match /${assertion.matches}/`;
    }
  }
  // A bare `{ path }` asserts the value exists.
  const wantPresent = assertion.exists ?? (assertion.equals === undefined && assertion.matches === undefined ? true : undefined);
  if (wantPresent === true && !present) return `${label} is missing`;
  if (wantPresent === false && present) return `${label} is ${preview(value)}, expected it absent`;
  return null;
}

export function jsonFailure(assertions: readonly JsonAssertion[], body: string): string | null {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    return `body is not valid JSON (${(err as Error).message})`;
  }
  for (const assertion of assertions) {
    const failure = jsonAssertionFailure(assertion, data);
    if (failure) return failure;
  }
  return null;
}

/** Every expected header must be present; a non-empty value is a regex its value must match. */
export function headerFailure(
  expected: Record<string, string>,
  headers: Record<string, string | string[] | undefined>,
): string | null {
  for (const [name, pattern] of Object.entries(expected)) {
    const raw = headers[name.toLowerCase()];
    if (raw === undefined) return `header ${name} missing`;
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    if (pattern !== '' && !compilePattern(pattern, `expect.headers.${name}`).test(value)) {
      return `header ${name} ${preview(value)} does not match /${pattern}/`;
    }
  }
  return null;
}

/** Names compare case-insensitively and without the trailing root dot. */
function normaliseAnswer(value: string): string {
  return value.trim().toLowerCase().replace(/\.$/, '');
}

export function answersFailure(expectedValues: readonly string[], answers: readonly string[]): string | null {
  const seen = new Set(answers.map(normaliseAnswer));
  const missing = expectedValues.filter((v) => !seen.has(normaliseAnswer(v)));
  if (missing.length === 0) return null;
  return `DNS answer lacks ${missing.join(', ')} (got ${answers.length ? answers.join(', ') : 'nothing'})`;
}

function days(value: number): string {
  return `${Math.round(value * 10) / 10} days`;
}

export function evaluate(expect: Expectation, facts: CheckFacts): Verdict {
  const warnings: string[] = [];
  const fail = (error: FailureClass, reason: string): Verdict => ({ error, reason, warnings });
  const { http, cert } = facts;

  if (facts.totalMs > (expect.warnLatencyMs ?? Infinity)) {
    warnings.push(`latency ${Math.round(facts.totalMs)} ms over warn bound ${expect.warnLatencyMs} ms`);
  }
  if (cert && cert.daysLeft < (expect.warnCertDays ?? -Infinity)) {
    warnings.push(`certificate expires in ${days(cert.daysLeft)} (warn under ${expect.warnCertDays})`);
  }

  try {
    if (http) {
      const status = statusFailure(expect.status, http.status);
      if (status) return fail('status', status);
      if (http.bodyTooLarge) return fail('body_too_large', `body larger than ${http.maxBodyBytes} bytes (read cap); stopped reading`);
      if (http.body !== null) {
        const body = bodyFailure(expect, http.body) ?? (expect.json?.length ? jsonFailure(expect.json, http.body) : null);
        if (body) return fail('assertion', http.bodyCharsetNote ? `${body} (${http.bodyCharsetNote})` : body);
      }
      const header = expect.headers ? headerFailure(expect.headers, http.headers) : null;
      if (header) return fail('assertion', header);
    }
    if (facts.answers && expect.values?.length) {
      const answers = answersFailure(expect.values, facts.answers);
      if (answers) return fail('assertion', answers);
    }
  } catch (err) {
    if (err instanceof InvalidPatternError) return fail('error', err.message);
    throw err;
  }
  if (cert && expect.minCertDays !== undefined && cert.daysLeft < expect.minCertDays) {
    return fail('cert_expiring', `certificate expires in ${days(cert.daysLeft)} (${cert.validTo}), under minCertDays ${expect.minCertDays}`);
  }
  if (expect.maxLatencyMs !== undefined && facts.totalMs > expect.maxLatencyMs) {
    return fail('assertion', `latency ${Math.round(facts.totalMs)} ms over limit ${expect.maxLatencyMs} ms`);
  }
  return { error: null, reason: 'ok', warnings };
}
