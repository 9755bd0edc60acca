/**
 * Durations in the config are written with units (`500ms`, `30s`, `1m`, `1h30m`, `7d`) and become
 * milliseconds in the ResolvedConfig. A bare number is refused on purpose: `timeout: 30` could mean
 * seconds or milliseconds, and guessing wrong makes a probe time out 1000× too early or late.
 */

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;

export type DurationParse = { ok: true; ms: number } | { ok: false; problem: string };

/** Parses `1h30m`, `30s`, `1.5s`, `250ms` … into milliseconds (rounded to whole ms). */
export function parseDuration(input: unknown): DurationParse {
  if (typeof input === 'number') {
    return { ok: false, problem: `${input} has no unit — write ${input}s, ${input}m or ${input}ms (units: ms, s, m, h, d)` };
  }
  if (typeof input !== 'string') {
    return { ok: false, problem: `expected a duration such as 30s or 1m, got ${describe(input)} — write e.g. 30s, 1m, 1h30m` };
  }
  const text = input.trim();
  if (/^\d+(\.\d+)?$/.test(text)) {
    return { ok: false, problem: `"${text}" has no unit — write ${text}s, ${text}m or ${text}ms (units: ms, s, m, h, d)` };
  }
  let total = 0;
  let consumed = 0;
  PART.lastIndex = 0;
  for (let m = PART.exec(text); m; m = PART.exec(text)) {
    total += Number(m[1]) * UNIT_MS[m[2] as Unit];
    consumed = PART.lastIndex;
  }
  if (text === '' || consumed !== text.length) {
    return { ok: false, problem: `"${input}" is not a duration — write e.g. 500ms, 30s, 1m, 1h30m, 7d` };
  }
  return { ok: true, ms: Math.round(total) };
}

/** The shortest readable form of a duration: 30000 → "30s", 90000 → "1m30s", 250 → "250ms". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit];
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  if (rest > 0) out += `${rest}ms`;
  return out;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`;
}
