/**
 * Text folding for the patrol. Two foldings, both one linear pass:
 * - `foldForLexicon`: what an attacker varies to dodge a keyword list — case, accents, fullwidth
 *   and lookalike letters, zero-width characters, leetspeak digits, spacing and punctuation —
 *   folded away, so "H4CKƎD&nbsp;by", "ｈａｃｋｅｄ ｂｙ" and "h.a.c.k.e.d by" all read "hacked by".
 * - `foldForBaseline`: what changes on an honest page every minute — numbers, dates, day and
 *   month names — folded to placeholders, so a clock or a visitor counter changes nothing.
 */

/** Lookalike letters from other scripts that render like Latin ones (the common homoglyphs). */
const LOOKALIKES: Record<string, string> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', к: 'k', м: 'm', т: 't', в: 'b', н: 'h',
  α: 'a', ε: 'e', ο: 'o', ρ: 'p', τ: 't', υ: 'u', ν: 'v', κ: 'k', ι: 'i', ƨ: 's', ǝ: 'e', ə: 'e', ɑ: 'a', ı: 'i', ł: 'l', ø: 'o',
  đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe', η: 'h', β: 'b', χ: 'x', ζ: 'z', ѵ: 'v', ԁ: 'd', ɡ: 'g', ʏ: 'y', ӏ: 'l', ɩ: 'i',
};

/**
 * Leetspeak digits and symbols to the letters they stand for. "l", "1", "i", "!" and "|" all
 * become "i", on the page and in the terms alike, so "s1ot" and "slot" meet.
 */
const LEET: Record<string, string> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's', '!': 'i', '|': 'i', l: 'i', '€': 'e',
};

const COMBINING = /\p{M}/gu;
/** Zero-width and other format characters an injector sprinkles inside words. */
const FORMAT_CHARS = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;

const NON_ASCII = /[^\x20-\x7e\t\n\r]/g;
const LEET_CHARS = /[01345789@$!|l€]/g;
const NOT_LETTERS = /[^a-z]+/g;

/** NFKD, marks and format characters removed, lower case, lookalikes mapped. Native passes only: no per-character loop. */
function baseLetters(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING, '')
    .replace(FORMAT_CHARS, '')
    .toLowerCase()
    .replace(NON_ASCII, (ch) => LOOKALIKES[ch] ?? ch);
}

/** Lexicon folding: letters only (leetspeak mapped), every other run of characters one space. */
export function foldForLexicon(text: string): string {
  return baseLetters(text)
    .replace(LEET_CHARS, (ch) => LEET[ch] ?? ch)
    .replace(NOT_LETTERS, ' ')
    .trim();
}

const MAY_HAVE_LEET = /[0-9@$!|€]/;
const WORD_WITH_LEET = /[a-z0-9@$!|€]+/g;
const LEET_ONLY = /[0134579@$!|€]/;
const LETTER = /[a-z]/;
const TRAILING_BANGS = /[!|]+$/;

/**
 * The words of `text` written in leetspeak (letters mixed with digits or symbols standing for
 * letters), folded back to letters: "D3F4C3D" → "defaced". An honest page never spells a word so;
 * a defacer's signature often does, even without the "by" that follows in the lexicon's phrases.
 */
export function leetWords(text: string): string[] {
  if (!MAY_HAVE_LEET.test(text)) return [];
  const words: string[] = [];
  for (const [match] of baseLetters(text).matchAll(WORD_WITH_LEET)) {
    // "!" closing a word is punctuation ("0wn3d!!"), not an "i".
    const word = match.replace(TRAILING_BANGS, '');
    if (LEET_ONLY.test(word) && LETTER.test(word)) words.push(word.replace(LEET_CHARS, (ch) => LEET[ch] ?? ch));
  }
  return words;
}

const DAY_AND_MONTH_NAMES = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun',
  'senin', 'selasa', 'rabu', 'kamis', 'jumat', 'sabtu', 'minggu',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'januari', 'februari', 'maret', 'mei', 'juni', 'juli', 'agustus', 'oktober', 'desember', 'agt', 'okt', 'des',
  'am', 'pm', 'wib', 'wita', 'wit', 'utc', 'gmt',
]);

/**
 * Baseline folding of one text block: lower case without accents, every number "#", every day
 * or month name "@", punctuation dropped, whitespace collapsed.
 */
export function foldForBaseline(text: string): string {
  const words = baseLetters(text)
    .replace(/\d+(?:[.,:/-]\d+)*/g, ' # ')
    .split(/[^\p{L}#]+/u)
    .filter((w) => w.length > 0)
    .map((w) => (DAY_AND_MONTH_NAMES.has(w) ? '@' : w));
  return words.join(' ');
}

/** 32-bit FNV-1a: a short stable id of a text block for the stored baseline. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Cuts `text` to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
