import type { TargetSpec } from '../types';
import { exhausted, skippedNote, type ExtraBudget } from './budget';
import { judgeCloaking } from './cloaking';
import { digestPage, type ContentDigest } from './content';
import { BROWSER_USER_AGENT, CRAWLER_USER_AGENT, fetchAs, type FetchedText } from './fetch';
import type { Lexicon } from './lexicon';
import { nameServersOf } from './name-servers';
import { judgeSitemaps, readSitemap, robotsSitemaps, type SitemapEntry } from './sitemap';
import type { PatrolSpec } from './spec';
import type { JudgeOutcome } from './state';

/**
 * The patrol's extra looks, taken only on every Nth check (spec.extraEvery): the page as a
 * crawler and as a browser see it, the site's sitemaps, the zone's name servers. The network is
 * behind PatrolIo so the judgement can be tested with canned copies. All of them share the
 * check's budget (budget.ts): one that runs out of time is skipped with a note and judges
 * nothing, so it neither raises a finding nor clears one.
 */

export interface PatrolIo {
  fetchAs(target: TargetSpec, url: string, userAgent: string, budget: ExtraBudget): Promise<FetchedText | null>;
  nameServers(target: TargetSpec, budget: ExtraBudget): Promise<string[] | null>;
}

/** Nothing judged, and why. */
function skipped(what: string, budget: ExtraBudget): JudgeOutcome<never> {
  return { judged: [], findings: [], notes: [skippedNote(what, budget)] };
}

export const NETWORK_IO: PatrolIo = { fetchAs, nameServers: nameServersOf };

/** Sitemap documents fetched per check at most (robots.txt, indexes and children together). */
const MAX_SITEMAP_FETCHES = 6;

export async function cloakingOutcome(
  target: TargetSpec,
  spec: PatrolSpec,
  own: ContentDigest,
  lexicon: Lexicon,
  io: PatrolIo,
  budget: ExtraBudget,
): Promise<JudgeOutcome<never> | null> {
  if (exhausted(budget)) return skipped('cloaking copies', budget);
  const [browser, crawler] = await Promise.all([
    io.fetchAs(target, target.url, BROWSER_USER_AGENT, budget),
    io.fetchAs(target, target.url, CRAWLER_USER_AGENT, budget),
  ]);
  if ((!crawler || !browser) && exhausted(budget)) return skipped('cloaking copies', budget);
  if (!crawler) return null;
  const reference = browser ? digestPage(browser.body, target.url, spec, lexicon) : own;
  return judgeCloaking(reference, digestPage(crawler.body, target.url, spec, lexicon), spec.maxChangeRatio);
}

export async function sitemapOutcome(
  target: TargetSpec,
  spec: PatrolSpec,
  lexicon: Lexicon,
  io: PatrolIo,
  budget: ExtraBudget,
): Promise<JudgeOutcome<never> | null> {
  const queue = spec.sitemaps.map((path) => new URL(path, target.url).href);
  const sources: Array<{ source: string; entries: SitemapEntry[] }> = [];
  let fetches = 0;
  while (queue.length > 0 && fetches < MAX_SITEMAP_FETCHES) {
    const url = queue.shift()!;
    fetches++;
    const fetched = await io.fetchAs(target, url, CRAWLER_USER_AGENT, budget);
    // A sitemap read in part could clear an open finding it never looked at: judge none of it.
    if (exhausted(budget)) return skipped(`sitemaps (${new URL(url).pathname} and after)`, budget);
    if (!fetched) continue;
    const source = new URL(url).pathname;
    if (source.endsWith('/robots.txt')) {
      queue.push(...robotsSitemaps(fetched.body));
      continue;
    }
    const read = readSitemap(fetched.body);
    queue.push(...read.sitemaps);
    sources.push({ source, entries: read.entries });
  }
  return sources.length > 0 ? judgeSitemaps(sources, lexicon) : null;
}
