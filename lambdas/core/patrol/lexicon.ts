import { foldForLexicon, leetWords } from './normalise';
import type { LexiconTerm } from './spec';

/**
 * The forbidden-content lexicon shipped with Pantau: defacement signatures and the Indonesian
 * online-gambling vocabulary injected into government sites. Terms are folded exactly as page
 * text is (normalise.ts), then matched by plain substring search — linear in the text, no
 * regular expression, nothing to backtrack.
 *
 * Words that are innocent alone ("bandar" is a harbour and half a city name, "jackpot" a
 * headline word) are listed only in the phrases gambling uses them in.
 */

export type LexiconFinding = LexiconTerm['finding'];

const DEFACEMENT = [
  'hacked by', 'defaced by', 'owned by', 'pwned by', 'deface by', 'hacked and defaced', 'greetz to', 'greetz',
  'your security is low', 'security is just an illusion', 'patch your system', 'we are anonymous', 'indonesian hacker',
  'cyber army',
];

const GAMBLING = [
  'slot gacor', 'judi online', 'judi slot', 'judi bola', 'togel', 'maxwin', 'situs slot', 'rtp live', 'rtp slot',
  'bandar togel', 'bandar judi', 'bandar slot', 'bandar bola', 'gacor', 'slot88', 'slot online', 'scatter hitam',
  'agen slot', 'agen judi', 'agen togel', 'slot deposit', 'deposit pulsa', 'toto macau', 'toto gelap', 'casino online',
  'poker online', 'sabung ayam', 'mahjong ways', 'anti rungkad', 'bocoran slot', 'pola slot', 'pola gacor', 'slot demo',
  'daftar slot', 'link slot', 'sbobet', 'pragmatic play', 'pgsoft', 'zeus slot', 'situs toto', 'bet kecil', 'jackpot slot',
];

/**
 * Defacement words that are a signature on their own when written in leetspeak ("d3f4c3d",
 * "0wn3d", "h4x0r"), folded as page text is (so "l" reads "i"). In plain letters they are news
 * words ("the site was hacked") and need the lexicon's phrases.
 */
const LEET_SIGNATURES = new Set(['hacked', 'defaced', 'deface', 'owned', 'pwned', 'hacker', 'hackers', 'haxor', 'haxxor', 'hacktivist']);

export const SHIPPED_LEXICON: readonly LexiconTerm[] = [
  ...DEFACEMENT.map((term) => ({ term, finding: 'defacement' as const })),
  ...GAMBLING.map((term) => ({ term, finding: 'gambling_content' as const })),
];

/**
 * Terms shorter than this once squeezed (spaces removed) are matched only at the start of a word:
 * "togel" must not fire inside an unrelated longer word, while "slotgacor" — spaces dropped to
 * dodge a list — still reads as "slot gacor".
 */
const SQUEEZE_MIN = 6;

interface CompiledTerm {
  /** The term as written, for evidence. */
  term: string;
  finding: LexiconFinding;
  /** Folded and squeezed: searched in the squeezed text. */
  squeezed: string;
  /** Matched only at a word start (short single words): then this is " term", searched in the spaced text. */
  wordStart: string | null;
}

export interface LexiconHit {
  term: string;
  finding: LexiconFinding;
}

/** A text folded once for every term: with single spaces between words, and without them. */
export interface FoldedText {
  spaced: string;
  squeezed: string;
}

export function foldText(text: string): FoldedText {
  const folded = foldForLexicon(text);
  return { spaced: ` ${folded}`, squeezed: folded.replace(/ /g, '') };
}

export class Lexicon {
  private readonly terms: CompiledTerm[];
  private readonly leetSignatures: Set<string>;

  constructor(add: readonly LexiconTerm[] = [], ignore: readonly string[] = [], shipped: readonly LexiconTerm[] = SHIPPED_LEXICON) {
    const ignored = new Set(ignore.map((t) => foldForLexicon(t)));
    this.leetSignatures = new Set([...LEET_SIGNATURES].filter((w) => !ignored.has(w)));
    const byFolded = new Map<string, CompiledTerm>();
    for (const { term, finding } of [...shipped, ...add]) {
      const folded = foldForLexicon(term);
      if (!folded || ignored.has(folded)) continue;
      const squeezed = folded.replace(/ /g, '');
      byFolded.set(folded, { term, finding, squeezed, wordStart: !folded.includes(' ') && squeezed.length < SQUEEZE_MIN ? ` ${squeezed}` : null });
    }
    this.terms = [...byFolded.values()];
  }

  /** Every term found in `text`, each once, in lexicon order. */
  find(text: string): LexiconHit[] {
    if (!text) return [];
    const hits = this.findFolded(foldText(text));
    if (hits.some((h) => h.finding === 'defacement')) return hits;
    const signature = leetWords(text).find((w) => this.leetSignatures.has(w));
    return signature ? [...hits, { term: `${signature} (leetspeak)`, finding: 'defacement' }] : hits;
  }

  findFolded(folded: FoldedText): LexiconHit[] {
    const hits: LexiconHit[] = [];
    for (const t of this.terms) {
      const found = t.wordStart !== null ? folded.spaced.includes(t.wordStart) : folded.squeezed.includes(t.squeezed);
      if (found) hits.push({ term: t.term, finding: t.finding });
    }
    return hits;
  }
}
