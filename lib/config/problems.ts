import type { z } from 'zod';

/**
 * Config problems: each one becomes one printed line `path: problem — fix`, so an operator can go
 * straight to the field. Everything wrong in a file is collected before anything is thrown, so one
 * run of `pantau validate` lists every problem at once.
 */

export type PathStep = string | number;
export type Path = readonly PathStep[];

export interface Problem {
  path: Path;
  /** "problem — fix", e.g. `"htp://x" is not an http(s) … URL — use https://host/path`. */
  message: string;
}

/** `targets[3].url`, `apps.sirekap.severity`, `headers["X.Custom"]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(step)) out += out === '' ? step : `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}

export class Problems {
  readonly list: Problem[] = [];

  add(path: Path, message: string): void {
    if (!this.list.some((p) => p.message === message && formatPath(p.path) === formatPath(path))) {
      this.list.push({ path: [...path], message });
    }
  }

  /** Adds every issue of a failed zod parse, with paths relative to `base`. */
  addZod(base: Path, error: z.ZodError): void {
    for (const issue of error.issues) {
      for (const p of describeZodIssue(issue)) this.add([...base, ...p.path], p.message);
    }
  }

  get empty(): boolean {
    return this.list.length === 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Turning zod's issues into "problem — fix" text. Our own refinements already speak that form;
// zod's built-in issues (missing field, wrong type, unknown key, bad enum value …) are phrased
// here, with an example value for the field where we know one.

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
  expected?: string;
  keys?: string[];
  values?: unknown[];
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  inclusive?: boolean;
  format?: string;
  note?: string;
  discriminator?: string;
  options?: unknown[];
  errors?: ZodIssueLike[][];
}

/** Example values shown in "add …" / "write …" fixes, by field name. */
const EXAMPLES: Record<string, string> = {
  id: 'sirekap-web',
  url: 'https://host/path',
  app: 'sirekap',
  interval: '1m',
  timeout: '10s',
  freshness: '3m',
  window: '30m',
  duration: '2h',
  lookback: '6h',
  period: '5m',
  severity: 'critical | high | low',
  owner: 'team-sirekap',
  metrics: 'app | detailed',
  method: 'GET',
  site: 'PDN-Cikarang',
  name: 'sirekap-db',
  home: 'ap-southeast-3',
  probes: '[ap-southeast-3, ap-southeast-1]',
  protocol: 'email | sms | https',
  endpoint: 'noc@example.com',
  type: 'prometheus | http-json | cloudwatch',
  unit: 'bytes | percent | cores | bps | watts | units',
  metric: 'node_filesystem_size_bytes',
  namespace: 'AWS/RDS',
  subscriptions: '[]',
  timezone: 'Asia/Jakarta',
  at: '"02:00"',
  cron: '"0 2 * * sun"',
  start: '2026-02-14T00:00',
  end: '2026-02-14T06:00',
  path: 'status',
};

/** Every field name the schema knows, for "did you mean …?" on unknown keys. */
export const KNOWN_FIELD_NAMES = new Set<string>();

function example(path: PropertyKey[]): string | undefined {
  const key = [...path].reverse().find((s): s is string => typeof s === 'string');
  return key ? EXAMPLES[key] : undefined;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

const EXPECTED_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  map: 'a mapping',
};

/**
 * Marks an unknown-key issue's message as carrying the keys allowed at that level (set by
 * `strict()` in schema.ts), so a guess comes only from the same level: `zone` under a target
 * must not suggest `regions.home`.
 */
export const ALLOWED_KEYS_MARK = '\u0000allowed:';

export function allowedKeysMessage(keys: readonly string[]): string {
  return `${ALLOWED_KEYS_MARK}${keys.join(',')}`;
}

function allowedKeysOf(message: string): string[] {
  return message.startsWith(ALLOWED_KEYS_MARK) ? message.slice(ALLOWED_KEYS_MARK.length).split(',') : [];
}

/**
 * The allowed key the typo most likely meant, or undefined. A key that starts with what was
 * typed wins (agg → aggregate); otherwise the nearest by Damerau-Levenshtein distance, only
 * within max(1, ⌊length ÷ 3⌋) edits of what was typed: `intervall` → interval (1 of 3), but
 * `base` (allowed 1) is 2 from `name` and gets no guess. A wrong guess sends the reader to the
 * wrong field; no guess sends them to the docs.
 */
export function closestKey(word: string, allowed: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  if (lower.length >= 3) {
    const prefixed = allowed.filter((k) => k.toLowerCase().startsWith(lower)).sort((a, b) => a.length - b.length);
    if (prefixed.length > 0) return prefixed[0];
  }
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = damerauLevenshtein(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/** Edits (insert, delete, substitute, swap two neighbours) from a to b: optimal string alignment. */
export function damerauLevenshtein(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** One zod issue as `{ path, "problem — fix" }` entries (an unknown-keys issue gives one per key). */
export function describeZodIssue(issue: z.core.$ZodIssue): Array<{ path: PathStep[]; message: string }> {
  return describeIssue(issue as unknown as ZodIssueLike);
}

function describeIssue(issue: ZodIssueLike): Array<{ path: PathStep[]; message: string }> {
  const path = issue.path.map((s) => (typeof s === 'number' ? s : String(s)));
  const ex = example(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return (issue.keys ?? []).map((key) => {
        const guess = closestKey(key, allowedKeysOf(issue.message));
        return {
          path: [...path, key],
          message: guess && guess !== key
            ? `unknown field — did you mean ${guess}?`
            : 'unknown field — remove it or check the spelling (docs/config.md lists every field)',
        };
      });
    case 'invalid_type': {
      if (issue.input === undefined) {
        const key = path[path.length - 1];
        return [{ path, message: `required — add ${typeof key === 'string' ? `${key}: ` : 'a value such as '}${ex ?? '…'}` }];
      }
      const expected = EXPECTED_NAMES[issue.expected ?? ''] ?? issue.expected ?? 'another type';
      if (issue.input === null) {
        // `expect:` with nothing after it: YAML reads null.
        return [{ path, message: `is empty — give it ${expected}${ex ? ` (e.g. ${ex})` : ''} or remove the key` }];
      }
      return [{ path, message: `expected ${expected}, got ${describeValue(issue.input)} — ${ex ? `write e.g. ${ex}` : 'fix the value'}` }];
    }
    case 'invalid_value': {
      const values = (issue.values ?? []).map((v) => String(v));
      return [{
        path,
        message: `${JSON.stringify(issue.input)} is not allowed — use ${values.length === 1 ? values[0] : `one of ${values.join(', ')}`}`,
      }];
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = small ? issue.minimum : issue.maximum;
      const cmp = small ? (issue.inclusive === false ? '>' : '≥') : (issue.inclusive === false ? '<' : '≤');
      if (issue.origin === 'array' || issue.origin === 'set') {
        return [{ path, message: `has ${small ? 'too few' : 'too many'} items — give ${cmp} ${String(bound)}` }];
      }
      if (issue.origin === 'string') {
        return [{ path, message: small && Number(bound) <= 1 ? 'is empty — write a value' : `has the wrong length — use ${cmp} ${String(bound)} characters` }];
      }
      return [{ path, message: `${String(issue.input)} is too ${small ? 'small' : 'large'} — use a value ${cmp} ${String(bound)}` }];
    }
    case 'invalid_union': {
      if (issue.note === 'No matching discriminator') {
        const got = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator ?? 'type'];
        const options = (issue.options ?? []).map(String).join(', ');
        return [{
          path,
          message: got === undefined
            ? `required — add ${issue.discriminator}: one of ${options}`
            : `${JSON.stringify(got)} is not allowed — use one of ${options}`,
        }];
      }
      // One branch had the right shape (no type mismatch at its root): its own issues say what is wrong.
      const plausible = (issue.errors ?? []).filter(
        (branch) => !branch.some((e) => e.code === 'invalid_type' && e.path.length === 0),
      );
      if (plausible.length === 1) {
        return plausible[0]!.flatMap((inner) => describeIssue({ ...inner, path: [...issue.path, ...inner.path] }));
      }
      return [{ path, message: issue.message.includes(' — ') ? issue.message : `${describeValue(issue.input)} does not match any accepted form — see docs/config.md` }];
    }
    default:
      return [{ path, message: issue.message.includes(' — ') ? issue.message : `${issue.message} — fix the value` }];
  }
}
