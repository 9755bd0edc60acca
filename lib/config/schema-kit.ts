import { z } from 'zod';
import { formatDuration, parseDuration } from './duration';
import { parseByteSize } from './byte-size';
import { headerNameProblem, headerValueProblem } from '../../lambdas/core/checks/header-guard';
import { durationTooLong, formatBytes, MAX_BODY_BYTES_CEILING, type DurationLimit } from './limits';
import { allowedKeysMessage, describeZodIssue, KNOWN_FIELD_NAMES, type PathStep } from './problems';
import {
  checkId,
  checkTagKey,
  checkTagValue,
  type Check,
} from './validators';

/**
 * The building blocks of the config schemas (schema.ts, alerting-schema.ts, capacity-schema.ts):
 * strict objects that feed "did you mean", hand-checked values with exact sub-paths, and the
 * scalars several sections share.
 *
 * The zod schemas for the YAML file, section by section. They check shapes and single values
 * (types, units, URLs, regexes, JMESPath, e-mail addresses …) and turn durations into ms; the
 * resolvers (targets.ts, alerting.ts, maintenance.ts, capacity.ts) then merge defaults and check
 * what spans several fields. Every object is strict: an unknown key is an error, because a
 * misspelt `timout:` would otherwise be silently ignored.
 */

/** A strict object whose field names feed the "did you mean …?" hint for unknown keys. */
export function strict<T extends z.core.$ZodLooseShape>(shape: T) {
  for (const key of Object.keys(shape)) KNOWN_FIELD_NAMES.add(key);
  const allowed = allowedKeysMessage(Object.keys(shape));
  return z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? allowed : undefined) });
}

export type Report = (message: string, path?: PathStep[]) => void;

/**
 * A value checked by hand: `fn` reports problems with exact sub-paths (e.g. the 3rd item of a
 * list) instead of zod's generic union messages.
 */
export function custom<T>(fn: (value: unknown, report: Report) => T) {
  return z.any().transform((value, ctx): T => {
    let failed = false;
    const out = fn(value, (message, path = []) => {
      failed = true;
      ctx.addIssue({ code: 'custom', message, path, input: value });
    });
    return failed ? (z.NEVER as T) : out;
  });
}

/** Runs a zod schema inside `custom` and forwards its problems with their sub-paths. */
export function forward<S extends z.ZodType>(schema: S, value: unknown, report: Report): z.output<S> | undefined {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    for (const p of describeZodIssue(issue)) report(p.message, p.path);
  }
  return undefined;
}

export function checked(check: (value: string) => Check) {
  return z.string().superRefine((value, ctx) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  });
}

// ---------------------------------------------------------------------------------------------
// Scalars

export function duration(opts: { min?: number; allowZero?: boolean; max?: DurationLimit } = {}) {
  return custom((value, report) => {
    const parsed = parseDuration(value);
    if (!parsed.ok) {
      report(parsed.problem);
      return 0;
    }
    if (parsed.ms === 0 && !opts.allowZero) report(`${String(value)} is zero — use a positive duration such as 30s`);
    else if (opts.min !== undefined && parsed.ms < opts.min) {
      report(`${String(value)} is below the ${formatDuration(opts.min)} minimum — use ${formatDuration(opts.min)} or more`);
    } else if (opts.max) {
      const problem = durationTooLong(value, parsed.ms, opts.max);
      if (problem) report(problem);
    }
    return parsed.ms;
  });
}

export const nonEmpty = z.string().trim().min(1);
export const id = checked((v) => checkId(v));
export const appId = checked((v) => checkId(v, 'app id'));
export const severity = z.enum(['critical', 'high', 'low']);
export const wholeNumber = (min: number, max: number) => z.number().int().min(min).max(max);

/** A header / tag value: YAML may type `1` or `true`; both mean the text. */
export const scalarText = custom((value, report) => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  report(`expected text, got ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value} — quote the value, e.g. "1"`);
  return '';
});

/** One text or a list of texts → a list. */
export function textList(check?: (value: string) => Check) {
  return custom((value, report) => {
    const items = Array.isArray(value) ? value : [value];
    const out: string[] = [];
    items.forEach((item, i) => {
      const at = Array.isArray(value) ? [i] : [];
      if (typeof item !== 'string' || item === '') {
        report(`expected non-empty text, got ${item === null || item === undefined ? 'nothing' : JSON.stringify(item)} — write e.g. "KPU"`, at);
        return;
      }
      const problem = check?.(item);
      if (problem) report(problem, at);
      out.push(item);
    });
    return out;
  });
}

export const tagMap = z.record(z.string(), scalarText).superRefine((tags, ctx) => {
  for (const [key, value] of Object.entries(tags)) {
    const problem = checkTagKey(key) ?? checkTagValue(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `${problem}`, path: [key] });
  }
});

/** Literal request headers: only what HTTP/1.1 can carry, never re-encoded (header-guard.ts). */
export const headerMap = z.record(z.string(), scalarText).superRefine((headers, ctx) => {
  for (const [name, value] of Object.entries(headers)) {
    const problem = headerNameProblem(name) ?? headerValueProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [name] });
  }
});

/** HTTP status codes: 200, "200-299", or a list of both. */
export const statusList = custom((value, report) => {
  const items = Array.isArray(value) ? value : [value];
  const codes = new Set<number>();
  items.forEach((item, i) => {
    const at = Array.isArray(value) ? [i] : [];
    const range = typeof item === 'string' ? /^\s*(\d{3})\s*-\s*(\d{3})\s*$/.exec(item) : null;
    const [from, to] = range ? [Number(range[1]), Number(range[2])] : typeof item === 'number' ? [item, item] : [NaN, NaN];
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 100 || to > 599 || from > to) {
      report(`${JSON.stringify(item)} is not an HTTP status — write a code 100-599 or a range "200-299"`, at);
      return;
    }
    for (let code = from; code <= to; code++) codes.add(code);
  });
  return [...codes].sort((a, b) => a - b);
});

export const quorum = custom((value, report): number | null => {
  if (value === 'majority') return null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  report(`${JSON.stringify(value)} is not a quorum — write a whole number of regions ≥ 1, or majority`);
  return null;
});

export const byteSize = custom((value, report) => {
  const parsed = parseByteSize(value);
  if (!parsed.ok) report(parsed.problem);
  else if (parsed.bytes > MAX_BODY_BYTES_CEILING) {
    report(`${String(value)} is above the ${formatBytes(MAX_BODY_BYTES_CEILING)} maximum (a kept body becomes one string in a 512 MB Lambda) — use ${formatBytes(MAX_BODY_BYTES_CEILING)} or less; a check needs the start of a body, not all of it`);
  }
  return parsed.ok ? parsed.bytes : 0;
});

/** secretHeaders: the values come from a store at run time, but the names go on the wire as written. */
export function secretHeaderMap<V extends z.ZodType>(ref: V) {
  return z.record(z.string(), ref).superRefine((headers, ctx) => {
    for (const name of Object.keys(headers)) {
      const problem = headerNameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [name] });
    }
  });
}

export const secretRef = z.union(
  [strict({ ssm: nonEmpty }), strict({ secretsManager: nonEmpty, jsonKey: nonEmpty.optional() })],
  { error: 'expected { ssm: <parameter name> } or { secretsManager: <secret id>, jsonKey: <key> } — e.g. { ssm: /pantau/sirekap/token }' },
);

