import { search } from '@aws-lambda-powertools/jmespath';
import type { HttpJsonSource, JsonResource } from './types';
import type { ResourceResult } from './prometheus-read';
import { makeReading, readValue, usedFrom } from './readings';

/**
 * Readings of an `http-json` source (a DCIM or a data centre's own API): each of used / free /
 * total is a JMESPath expression on the parsed body (or, for total, a fixed number).
 */

export class JsonValueError extends Error {
  override name = 'JsonValueError';
}

/** Numeric strings as APIs send them: "123.4", and the spellings of NaN and infinity. */
function numberFromText(text: string): number {
  const t = text.trim();
  if (/^nan$/i.test(t)) return NaN;
  if (/^\+?inf(inity)?$/i.test(t)) return Infinity;
  if (/^-inf(inity)?$/i.test(t)) return -Infinity;
  return t === '' ? NaN : Number(t);
}

/**
 * Evaluates one expression and insists on a number (numeric strings are accepted: many APIs send
 * "123.4"). NaN / infinity spelt out come back as numbers, for the reader to reject by name.
 */
export function jsonNumber(body: unknown, expression: string): number {
  let value: unknown;
  try {
    value = search(expression, body as Parameters<typeof search>[1]);
  } catch (err) {
    throw new JsonValueError(`bad JMESPath "${expression}": ${(err as Error).message}`);
  }
  const n = typeof value === 'string' ? numberFromText(value) : value;
  const spelt = typeof value === 'string' && /^\s*[+-]?(nan|inf(inity)?)\s*$/i.test(value);
  if (typeof n !== 'number' || (!Number.isFinite(n) && !spelt)) {
    throw new JsonValueError(`"${expression}" gave ${value === null || value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 60)}, not a number`);
  }
  return n;
}

export function readJsonResource(site: string, resource: JsonResource, body: unknown, ts: string): ResourceResult {
  try {
    const read = (role: 'used' | 'free' | 'total', expression: string) =>
      readValue(role, jsonNumber(body, expression), `("${expression}") in the response`);
    const values: { used?: number; free?: number } = {};
    if (resource.used !== undefined) values.used = read('used', resource.used);
    else if (resource.free !== undefined) values.free = read('free', resource.free);
    const total = typeof resource.total === 'number' ? resource.total : read('total', resource.total);
    return { ok: true, resource: resource.name, reading: makeReading(site, resource.name, resource.unit, usedFrom(values, total), total, ts) };
  } catch (err) {
    return { ok: false, resource: resource.name, reason: `${resource.name}: ${(err as Error).message}` };
  }
}

export function readJsonSource(site: string, source: HttpJsonSource, body: unknown, ts: string): ResourceResult[] {
  return source.resources.map((r) => readJsonResource(site, r, body, ts));
}
