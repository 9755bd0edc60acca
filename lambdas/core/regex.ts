import { RE2JS, RE2JSException } from 're2js';

/**
 * Every regular expression a config author writes (body, header and JSON patterns, capacity
 * `~regex` label matchers) runs on RE2 (re2js: pure JS, so the same code runs on the arm64
 * Lambda without a native build). RE2 matches in time linear in the input, so a pattern such as
 * `^(a+)+$` cannot backtrack, freeze the event loop and make a healthy neighbour time out.
 *
 * The config carries the pattern's source only; flags are written inline (`(?i)`, `(?s)`,
 * `(?m)`), so the bundled JSON stays plain text and every container compiles the same thing.
 * RE2 refuses what needs backtracking (backreferences, lookaround, atomic groups, possessive
 * quantifiers): `patternProblem` turns that refusal into a one-line "what — fix" text.
 */

/** A compiled user pattern: `test` is true when the pattern matches anywhere in the text. */
export interface UserPattern {
  test(text: string): boolean;
}

/** Why RE2 refuses a construct, and how to write the pattern instead, checked in this order. */
const REFUSALS: ReadonlyArray<{ found: RegExp; what: string; fix: string }> = [
  { found: /\\[1-9]|\\k<|\(\?P=/, what: 'uses a backreference', fix: 'rewrite without it' },
  { found: /\(\?<[=!]/, what: 'uses a lookbehind (?<= or (?<!', fix: 'rewrite without it, e.g. match the preceding text too' },
  { found: /\(\?[=!]/, what: 'uses a lookahead (?= or (?!', fix: 'rewrite without it, e.g. put a forbidden text in notMatches' },
  { found: /\(\?>/, what: 'uses an atomic group (?>', fix: 'rewrite without it, e.g. a plain group (?:' },
  { found: /(?<!\\)[*+?}][+*]/, what: 'uses a possessive or doubled quantifier (a++, a*+, a**)', fix: 'write one quantifier, e.g. a+' },
  { found: /\\u/, what: 'uses a \\uXXXX escape', fix: 'write the character itself or \\x{XXXX}, e.g. \\x{e9} for é' },
];

// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped here.
const QUOTE_ESCAPES = /[\u0000-\u001f"]/g;

/** The pattern as the author wrote it, in double quotes (backslashes kept single, as in YAML). */
export function quotePattern(source: string): string {
  return `"${source.replace(QUOTE_ESCAPES, (c) => JSON.stringify(c).slice(1, -1))}"`;
}

/** The engine's own wording, without its "error parsing regexp: " prefix. */
function engineDetail(err: unknown): string {
  return (err as Error).message.replace(/^error parsing regexp: /, '');
}

/** Message for a pattern RE2 refuses, naming the construct when it is one RE2 leaves out on purpose. */
export function describeRefusal(source: string, err: unknown): string {
  const refused = REFUSALS.find((r) => r.found.test(source));
  const detail = engineDetail(err);
  if (refused) {
    return `${quotePattern(source)} ${refused.what}, which Pantau's linear-time regex engine (RE2) does not support — ${refused.fix}`;
  }
  if (detail.startsWith('invalid repeat count')) {
    return `${quotePattern(source)} repeats more than 1000 times (${detail}; RE2 multiplies nested counts and allows at most 1000) — use a smaller count, or + / *`;
  }
  return `${quotePattern(source)} is not a valid regular expression (${detail}) — fix the pattern or escape special characters such as ( [ . * with \\`;
}

/** Thrown when a pattern does not compile at check time (the config loader should have caught it). */
export class InvalidPatternError extends Error {}

/** Compiled patterns, shared across checks in one container: the same few expressions run every minute. */
const cache = new Map<string, UserPattern>();
const CACHE_LIMIT = 1000;

function compileUncached(source: string): UserPattern {
  const re = RE2JS.compile(source);
  return { test: (text) => re.test(text) };
}

/** Null when RE2 compiles the pattern, else the one-line problem for the config error. */
export function patternProblem(source: string): string | null {
  try {
    compileUncached(source);
    return null;
  } catch (err) {
    if (err instanceof RE2JSException) return describeRefusal(source, err);
    throw err;
  }
}

/** The compiled pattern (cached); throws InvalidPatternError naming `field` when RE2 refuses it. */
export function compilePattern(source: string, field: string): UserPattern {
  let pattern = cache.get(source);
  if (!pattern) {
    try {
      pattern = compileUncached(source);
    } catch (err) {
      if (!(err instanceof RE2JSException)) throw err;
      throw new InvalidPatternError(`${field}: ${describeRefusal(source, err)}`);
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(source, pattern);
  }
  return pattern;
}
