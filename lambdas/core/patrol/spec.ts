import type { FindingKind } from './finding';

/**
 * A target's patrol settings after the config loader resolved `defaults:` < `apps.<app>:` <
 * the target's `patrol:` block. Plain JSON (it travels to the probe Lambda in the bundle).
 * A target without `patrol` gets PATROL_DEFAULTS: the patrol is on unless turned off.
 */

/** A forbidden term added in config, and the finding a hit raises. */
export interface LexiconTerm {
  term: string;
  finding: Extract<FindingKind, 'defacement' | 'gambling_content'>;
}

/** Something that must stay on the page: a text (title, a phrase, a logo path in the HTML) or a CSS selector. */
export type RequiredMarker = { text: string } | { selector: string };

export interface PatrolSpec {
  /** false turns every patrol check of the target off. */
  enabled: boolean;
  /** Content integrity of http(s) pages: lexicon, baseline, markers, injected links. */
  content: boolean;
  /** Certificate integrity of https:// and tls:// targets. */
  certificate: boolean;
  /** Security headers and version banners (digest findings). */
  headers: boolean;
  /** Extra fetches (crawler copy, sitemaps, NS records) run on every Nth check slot. */
  extraEvery: number;
  /** Fetch the page as a search crawler on the extra-fetch checks. */
  cloaking: boolean;
  /** Checks whose text is learned before the baseline judges. */
  learnChecks: number;
  /** Share of the page's text blocks that may change before `content_changed` fires (0–1). */
  maxChangeRatio: number;
  /** Terms added to the shipped lexicon. */
  lexiconAdd: LexiconTerm[];
  /** Shipped or added terms that must not raise anything here ("owned by" on a page that says it). */
  lexiconIgnore: string[];
  /** Regexes (RE2 syntax) whose matches are cut from the text before the baseline compares it. */
  ignorePatterns: string[];
  /** CSS selectors of dynamic elements left out of the baseline (still scanned by the lexicon). */
  ignoreSelectors: string[];
  /** A pinned baseline text: compared instead of a learned one. */
  pinnedText?: string;
  requiredMarkers: RequiredMarker[];
  /** Paths of sitemaps (or robots.txt, whose Sitemap lines are followed) to scan for injected URLs. */
  sitemaps: string[];
}

export const PATROL_DEFAULTS: PatrolSpec = {
  enabled: true,
  content: true,
  certificate: true,
  headers: true,
  extraEvery: 5,
  cloaking: true,
  learnChecks: 3,
  maxChangeRatio: 0.5,
  lexiconAdd: [],
  lexiconIgnore: [],
  ignorePatterns: [],
  ignoreSelectors: [],
  requiredMarkers: [],
  sitemaps: [],
};

/** The target's patrol settings, defaults filled in. */
export function patrolOf(target: { patrol?: PatrolSpec }): PatrolSpec {
  return target.patrol ?? PATROL_DEFAULTS;
}

/** True when the content patrol reads this target's body (the http check then keeps it). */
export function patrolReadsBody(target: { kind: string; method: string; patrol?: PatrolSpec }): boolean {
  const spec = patrolOf(target);
  return target.kind === 'http' && spec.enabled && spec.content && target.method.toUpperCase() === 'GET';
}

/**
 * Whether this check is one of the every-Nth that also fetch extra copies. Derived from the
 * check's time slot (its start over the interval) rather than a stored counter, so no state
 * write is needed per check and every region agrees on the cadence.
 */
export function isExtraFetchSlot(startedAtMs: number, intervalMs: number, every: number): boolean {
  if (every <= 1) return true;
  return Math.floor(startedAtMs / Math.max(1, intervalMs)) % every === 0;
}
