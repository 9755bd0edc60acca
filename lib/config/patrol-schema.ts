import { isIP } from 'node:net';
import { compile } from 'css-select';
import { z } from 'zod';
import { PATROL_DEFAULTS, type LexiconTerm, type PatrolSpec, type RequiredMarker } from '../../lambdas/core/patrol/spec';
import { custom, nonEmpty, strict, textList, wholeNumber } from './schema-kit';
import { checkRegex, type Check } from './validators';

/**
 * The `patrol:` block of a target (or of `defaults:` / `apps.<app>:`, merged key by key), the
 * DNS `expect.allow` list and the certificate plan fields of `tls:`. See docs/patrol.md.
 */

function checkSelector(selector: string): Check {
  try {
    compile(selector);
    return null;
  } catch (err) {
    return `${JSON.stringify(selector)} is not a CSS selector (${(err as Error).message}) — write e.g. "#visitor-count" or "div.clock"`;
  }
}

const lexiconTerm = custom((value, report): LexiconTerm | undefined => {
  if (typeof value === 'string' && value.trim()) return { term: value, finding: 'gambling_content' };
  const entry = value as { term?: unknown; finding?: unknown } | null;
  if (entry && typeof entry === 'object' && typeof entry.term === 'string' && entry.term.trim()) {
    if (entry.finding === undefined || entry.finding === 'gambling_content' || entry.finding === 'defacement') {
      return { term: entry.term, finding: (entry.finding as LexiconTerm['finding'] | undefined) ?? 'gambling_content' };
    }
  }
  report(`expected a term or { term, finding: defacement | gambling_content }, got ${JSON.stringify(value ?? null)} — e.g. add: ["judi bola"]`);
  return undefined;
});

const marker = custom((value, report): RequiredMarker | undefined => {
  if (typeof value === 'string' && value.trim()) return { text: value };
  const entry = value as { selector?: unknown; text?: unknown } | null;
  if (entry && typeof entry === 'object' && typeof entry.selector === 'string') {
    const problem = checkSelector(entry.selector);
    if (!problem) return { selector: entry.selector };
    report(problem, ['selector']);
    return undefined;
  }
  if (entry && typeof entry === 'object' && typeof entry.text === 'string' && entry.text.trim()) return { text: entry.text };
  report(`expected a text or { selector }, got ${JSON.stringify(value ?? null)} — e.g. requiredMarkers: ["Komisi Pemilihan Umum", { selector: "img[src*=logo]" }]`);
  return undefined;
});

const patrolFields = strict({
  enabled: z.boolean().optional(),
  content: z.boolean().optional(),
  certificate: z.boolean().optional(),
  headers: z.boolean().optional(),
  cloaking: z.boolean().optional(),
  every: wholeNumber(1, 1_000).optional(),
  learnChecks: wholeNumber(1, 100).optional(),
  maxChangeRatio: z.number().gt(0).max(1).optional(),
  lexicon: strict({ add: z.array(lexiconTerm).optional(), ignore: textList().optional() }).optional(),
  ignore: strict({ patterns: textList(checkRegex).optional(), selectors: textList(checkSelector).optional() }).optional(),
  pinnedText: nonEmpty.optional(),
  requiredMarkers: z.array(marker).optional(),
  sitemaps: textList((v) => (v.startsWith('/') || /^https?:\/\//.test(v) ? null : `${JSON.stringify(v)} is not a path — write e.g. /sitemap.xml or /robots.txt`)).optional(),
});

/** `patrol: off` / `false` turns the patrol off; otherwise the block above. */
export const patrolBlock = z.union([z.literal(false), z.literal('off'), patrolFields]);
export type PatrolBlock = z.output<typeof patrolBlock>;

export function resolvePatrol(block: PatrolBlock): PatrolSpec {
  if (block === false || block === 'off') return { ...PATROL_DEFAULTS, enabled: false };
  const d = PATROL_DEFAULTS;
  return {
    enabled: block.enabled ?? d.enabled,
    content: block.content ?? d.content,
    certificate: block.certificate ?? d.certificate,
    headers: block.headers ?? d.headers,
    extraEvery: block.every ?? d.extraEvery,
    cloaking: block.cloaking ?? d.cloaking,
    learnChecks: block.learnChecks ?? d.learnChecks,
    maxChangeRatio: block.maxChangeRatio ?? d.maxChangeRatio,
    lexiconAdd: (block.lexicon?.add ?? []).filter((t): t is LexiconTerm => t !== undefined),
    lexiconIgnore: block.lexicon?.ignore ?? [],
    ignorePatterns: block.ignore?.patterns ?? [],
    ignoreSelectors: block.ignore?.selectors ?? [],
    ...(block.pinnedText ? { pinnedText: block.pinnedText } : {}),
    requiredMarkers: (block.requiredMarkers ?? []).filter((m): m is RequiredMarker => m !== undefined),
    sitemaps: block.sitemaps ?? [],
  };
}

function checkAllowEntry(entry: string): Check {
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (family !== 0) {
    if (extra !== undefined) return `${JSON.stringify(entry)} is not an address or CIDR — write e.g. 203.0.113.0/24`;
    if (prefix === undefined) return null;
    const bits = Number(prefix);
    return Number.isInteger(bits) && bits >= 0 && bits <= (family === 6 ? 128 : 32) ? null : `${JSON.stringify(entry)} has prefix /${prefix} — use /0–/${family === 6 ? 128 : 32}`;
  }
  return /^(\*\.)?[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?\.?$/.test(entry)
    ? null
    : `${JSON.stringify(entry)} is neither an address, a CIDR nor a host name — write e.g. 203.0.113.10, 203.0.113.0/24 or *.cdn.example.net`;
}

/** `expect.allow` of a dns:// target. */
export const dnsAllowList = textList(checkAllowEntry);

/** `tls.expectIssuer` and `tls.pins`: the certificate rotation the patrol accepts without a finding. */
export const certPlanFields = {
  expectIssuer: nonEmpty.optional(),
  pins: textList((v) => (/^[A-Za-z0-9+/]{43}=$/.test(v) ? null : `${JSON.stringify(v)} is not a base64 SHA-256 SPKI hash (44 characters ending in "=") — see docs/patrol.md for the openssl command`)).optional(),
};
