import { Parser } from 'htmlparser2';
import type { Lexicon } from './lexicon';
import { decodeUriLoosely } from './page';
import { finding, type JudgeOutcome } from './state';

/**
 * Sitemaps, where injected gambling pages announce themselves to search engines: every URL whose
 * path or title (news and image sitemaps carry titles) matches the lexicon is a finding. Read by
 * a streaming parser in one pass; a sitemap index is followed one level.
 */

export interface SitemapEntry {
  loc: string;
  title?: string;
}

export interface SitemapRead {
  entries: SitemapEntry[];
  /** Child sitemaps listed by a sitemap index. */
  sitemaps: string[];
}

/** Entries read per sitemap: enough for any real site, a bound for a hostile one. */
const MAX_ENTRIES = 50_000;

export function readSitemap(xml: string): SitemapRead {
  const read: SitemapRead = { entries: [], sitemaps: [] };
  const open: string[] = [];
  let text = '';
  let current: SitemapEntry | null = null;
  const parser = new Parser(
    {
      onopentag(name) {
        const local = name.toLowerCase().replace(/^.*:/, '');
        open.push(local);
        text = '';
        if (local === 'url') current = { loc: '' };
      },
      ontext(data) {
        text += data;
      },
      onclosetag(name) {
        const local = name.toLowerCase().replace(/^.*:/, '');
        open.pop();
        const value = text.trim();
        text = '';
        if (local === 'loc' && open.includes('sitemap') && value) read.sitemaps.push(value);
        else if (local === 'loc' && current && !open.includes('image') && value) current.loc = value;
        else if (local === 'title' && current && value) current.title = current.title ? `${current.title} ${value}` : value;
        else if (local === 'url' && current) {
          if (current.loc && read.entries.length < MAX_ENTRIES) read.entries.push(current);
          current = null;
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  return read;
}

/** `Sitemap:` lines of a robots.txt. */
export function robotsSitemaps(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => /^\s*sitemap\s*:\s*(\S+)/i.exec(line)?.[1])
    .filter((u): u is string => Boolean(u));
}

/** The path of a URL as words: "/situs-slot_gacor/" reads "situs slot gacor". */
function pathWords(loc: string): string {
  try {
    const url = new URL(loc);
    return decodeUriLoosely(`${url.hostname} ${url.pathname} ${url.search}`);
  } catch {
    return decodeUriLoosely(loc);
  }
}

export function judgeSitemaps(sources: Array<{ source: string; entries: SitemapEntry[] }>, lexicon: Lexicon): JudgeOutcome<never> {
  const matches: string[] = [];
  let first = '';
  for (const { source, entries } of sources) {
    for (const entry of entries) {
      const hit = lexicon.find(`${pathWords(entry.loc)} ${entry.title ?? ''}`)[0];
      if (!hit) continue;
      if (!first) first = `${entry.loc.slice(0, 90)} matches "${hit.term}" (in ${source})`;
      if (matches.length < 10) matches.push(entry.loc);
    }
  }
  const findings = first ? [finding('sitemap_injection', first, `${matches.length}${matches.length === 10 ? '+' : ''} URLs: ${matches.join(' ')}`)] : [];
  return { judged: ['sitemap_injection'], findings, notes: [] };
}
