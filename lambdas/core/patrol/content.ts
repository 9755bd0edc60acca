import { selectOne } from 'css-select';
import { RE2JS } from 're2js';
import type { Lexicon, LexiconFinding } from './lexicon';
import { clip, foldForBaseline, foldForLexicon, hashText } from './normalise';
import { readPage } from './page';
import type { PatrolSpec, RequiredMarker } from './spec';

/**
 * What the content patrol keeps of one page once its body is dropped: the lexicon hits with
 * their places, the visible text blocks as hashes (plus a clipped copy for a diff excerpt), the
 * outbound links and the required markers that were missing. Computed right after the check,
 * so a body never waits in memory for the rest of the shard.
 */

export interface PlacedHit {
  term: string;
  finding: LexiconFinding;
  where: string;
}

export interface DigestBlock {
  hash: number;
  /** The block as written, clipped, for the diff excerpt. */
  text: string;
}

export interface OutboundLink {
  host: string;
  text: string;
  /** The first lexicon term in the link's text or URL, if any. */
  term?: string;
}

export interface ContentDigest {
  hits: PlacedHit[];
  /** Visible blocks the baseline compares (selectors and patterns excluded), unique by hash. */
  blocks: DigestBlock[];
  links: OutboundLink[];
  missingMarkers: string[];
}

/** Bounds on what one page contributes: enough to judge, small enough to store. */
export const MAX_BLOCKS = 1_000;
const MAX_HITS = 20;
const MAX_LINKS = 300;
const BLOCK_TEXT_CHARS = 80;

/** Same registrable-ish domain: equal, or one a subdomain of the other (www.kpu.go.id ~ kpu.go.id). */
export function sameSite(host: string, pageHost: string): boolean {
  const a = host.replace(/^www\./, '');
  const b = pageHost.replace(/^www\./, '');
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

function compiledPatterns(patterns: readonly string[]): RE2JS[] {
  return patterns.map((p) => RE2JS.compile(p));
}

/** The block's text with the ignore patterns cut out, folded for the baseline. */
function baselineText(text: string, patterns: readonly RE2JS[]): string {
  let cut = text;
  for (const p of patterns) cut = p.matcher(cut).replaceAll(' ');
  return foldForBaseline(cut);
}

function markerPresent(marker: RequiredMarker, html: string, visible: string, reading: ReturnType<typeof readPage>): boolean {
  if ('selector' in marker) return reading.document !== undefined && selectOne(marker.selector, reading.document) !== null;
  const wanted = marker.text.toLowerCase();
  return html.toLowerCase().includes(wanted) || foldForLexicon(visible).includes(foldForLexicon(marker.text));
}

function markerName(marker: RequiredMarker): string {
  return 'selector' in marker ? `selector ${marker.selector}` : `"${clip(marker.text, 60)}"`;
}

export function digestPage(html: string, pageUrl: string, spec: PatrolSpec, lexicon: Lexicon): ContentDigest {
  // The DOM is built only for CSS selectors; a page without them is read from the tokenizer.
  const needsDocument = spec.ignoreSelectors.length > 0 || spec.requiredMarkers.some((m) => 'selector' in m);
  const reading = readPage(html, pageUrl, spec.ignoreSelectors, needsDocument);
  const hits: PlacedHit[] = [];
  const seen = new Set<string>();
  for (const segment of reading.segments) {
    for (const hit of lexicon.find(segment.text)) {
      if (hits.length >= MAX_HITS || seen.has(`${hit.term}\u0000${segment.where}`)) continue;
      seen.add(`${hit.term}\u0000${segment.where}`);
      hits.push({ ...hit, where: segment.where });
    }
  }
  const patterns = compiledPatterns(spec.ignorePatterns);
  const blocks = new Map<number, DigestBlock>();
  for (const block of reading.blocks) {
    if (block.ignored || blocks.size >= MAX_BLOCKS) continue;
    const folded = baselineText(block.text, patterns);
    if (folded) blocks.set(hashText(folded), { hash: hashText(folded), text: clip(block.text, BLOCK_TEXT_CHARS) });
  }
  const pageHost = new URL(pageUrl).hostname.toLowerCase();
  const links = reading.links
    .filter((l) => !sameSite(l.host, pageHost))
    .slice(0, MAX_LINKS)
    .map((l) => {
      const term = lexicon.find(`${l.text} ${l.href}`)[0]?.term;
      return { host: l.host, text: clip(l.text, 60), ...(term ? { term } : {}) };
    });
  const visible = reading.blocks.map((b) => b.text).join('\n');
  const missingMarkers = spec.requiredMarkers.filter((m) => !markerPresent(m, html, visible, reading)).map(markerName);
  return { hits, blocks: [...blocks.values()], links, missingMarkers };
}

/** A pinned baseline text as the blocks it would give (one per non-empty line). */
export function pinnedBlocks(text: string, spec: PatrolSpec): number[] {
  const patterns = compiledPatterns(spec.ignorePatterns);
  return [...new Set(text.split(/\n+/).map((line) => baselineText(line, patterns)).filter(Boolean).map(hashText))];
}
