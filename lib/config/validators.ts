import { authorityProblem } from './url-authority';
import {
  ArityError,
  EmptyExpressionError,
  LexerError,
  ParseError,
  search,
  UnknownFunctionError,
} from '@aws-lambda-powertools/jmespath';
import { PowertoolsFunctions } from '@aws-lambda-powertools/jmespath/functions';
import { patternProblem } from '../../lambdas/core/regex';

/**
 * Small value checks shared by the schema. Each returns null when the value is fine, or the
 * "problem — fix" text to print.
 */

export type Check = string | null;

/** Ids of targets, apps and capacity sources: they end up in DynamoDB keys, metric dimensions and `--only a,b`. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkId(value: string, what = 'id'): Check {
  return ID_PATTERN.test(value)
    ? null
    : `${JSON.stringify(value)} is not a valid ${what} — use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. sirekap-web)`;
}

/** AWS region codes: ap-southeast-3, us-east-1, us-gov-west-1, eu-central-2 … */
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-(north|south|east|west|central|northeast|northwest|southeast|southwest)-\d{1,2}$/;

export function checkRegion(value: string): Check {
  return REGION.test(value)
    ? null
    : `${JSON.stringify(value)} is not an AWS region code — use e.g. ap-southeast-3 (Jakarta) or ap-southeast-1 (Singapore)`;
}

/** Canonical IANA name (Intl accepts any case) or null when the zone is unknown. */
export function canonicalTimeZone(value: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export function checkTimeZone(value: string): Check {
  return canonicalTimeZone(value)
    ? null
    : `${JSON.stringify(value)} is not an IANA time zone — use e.g. Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)`;
}

export function checkHttpUrl(value: string): Check {
  const authority = authorityProblem(value);
  if (authority) return authority;
  try {
    const url = new URL(value);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '') {
      return url.username || url.password
        ? `${JSON.stringify(redactUserinfo(value))} carries credentials — remove user:password@ and use a header from secretHeaders`
        : null;
    }
  } catch {
    // fall through
  }
  return `${JSON.stringify(value)} is not an http(s) URL — write e.g. http://127.0.0.1:9100/metrics`;
}

export function redactUserinfo(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@');
}

/**
 * Patterns run on RE2 at check time (lambdas/core/regex.ts), so they are validated by RE2 here:
 * a construct RE2 refuses (backreference, lookaround …) is a config error, not a 3 a.m. surprise.
 */
export function checkRegex(value: string): Check {
  return patternProblem(value);
}

/** `~regex` label matchers in capacity selectors: the part after `~` must compile. */
export function checkLabelMatcher(value: string): Check {
  return value.startsWith('~') ? checkRegex(value.slice(1)) : null;
}

const jmespathFunctions = new PowertoolsFunctions();

/**
 * JMESPath syntax check: evaluating on an empty document surfaces every syntax error (lexer,
 * parser), unknown functions and wrong argument counts; type errors depend on the data, so they
 * are left to run time.
 */
export function checkJmesPath(value: string): Check {
  try {
    search(value, {}, { customFunctions: jmespathFunctions });
    return null;
  } catch (err) {
    const invalid =
      err instanceof ParseError ||
      err instanceof LexerError ||
      err instanceof EmptyExpressionError ||
      err instanceof UnknownFunctionError ||
      err instanceof ArityError;
    if (!invalid) return null;
    const detail = (err as Error).message
      .split('\n')[0]!
      .replace(/^Invalid jmespath expression: /, '')
      .replace(/ in expression: .*$/, '');
    return `${JSON.stringify(value)} is not a valid JMESPath expression (${detail}) — see https://jmespath.org/tutorial.html, e.g. data.status or items[0].name`;
  }
}

/** Header names whose values are credentials: they belong in secretHeaders, never in the config. */
const SECRET_HEADER_NAME =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|apikey|x-auth-token|x-access-token)$|token|secret|passw|api[-_]?key|session|credential/i;
const SECRET_HEADER_VALUE = /^(bearer|basic|digest|token|apikey)\s+\S/i;

export function looksSecret(name: string, value: string): boolean {
  return SECRET_HEADER_NAME.test(name) || SECRET_HEADER_VALUE.test(value);
}

export function secretHeaderFix(name: string, owner: string): string {
  const param = `/pantau/${owner}/${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return `looks like a secret written inline — move it to secretHeaders: { ${name}: { ssm: ${param} } } (or { secretsManager: <id>, jsonKey: <key> })`;
}

/** AWS tag rules (keys ≤ 128, values ≤ 256, a limited character set, no `aws:` prefix). */
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function checkTagKey(key: string): Check {
  if (key.length < 1 || key.length > 128 || !TAG_CHARS.test(key)) {
    return `tag key ${JSON.stringify(key)} is not allowed by AWS — use 1-128 letters, digits, spaces and _ . : / = + - @`;
  }
  return key.toLowerCase().startsWith('aws:') ? `tag key ${JSON.stringify(key)} uses the reserved aws: prefix — rename it` : null;
}

export function checkTagValue(value: string): Check {
  return value.length <= 256 && TAG_CHARS.test(value)
    ? null
    : `tag value ${JSON.stringify(value)} is not allowed by AWS — use ≤ 256 letters, digits, spaces and _ . : / = + - @`;
}
