import { blockChange } from './content-judge';
import type { ContentDigest } from './content';
import { finding, type JudgeOutcome } from './state';

/**
 * Cloaking: a page that shows search crawlers something it hides from visitors. The crawler's
 * copy is compared with a browser's: a lexicon term only the crawler sees, or a page that differs
 * by more than the change threshold, is a finding.
 */
export function judgeCloaking(browser: ContentDigest, crawler: ContentDigest, maxChangeRatio: number): JudgeOutcome<never> {
  const seenByBrowser = new Set(browser.hits.map((h) => h.term));
  const crawlerOnly = crawler.hits.filter((h) => !seenByBrowser.has(h.term));
  if (crawlerOnly.length > 0) {
    const first = crawlerOnly[0]!;
    const detail = crawlerOnly.map((h) => `"${h.term}" in ${h.where}`).join('; ');
    return { judged: ['cloaking'], findings: [finding('cloaking', `crawler copy only: "${first.term}" in ${first.where}`, detail)], notes: [] };
  }
  const change = blockChange(browser.blocks.map((b) => b.hash), crawler);
  if (change.ratio > maxChangeRatio) {
    const excerpt = change.added.slice(0, 2).map((t) => `+ "${t}"`).join(' ');
    const evidence = `crawler copy differs from the browser copy by ${Math.round(change.ratio * 100)}%${excerpt ? `: ${excerpt}` : ''}`;
    return { judged: ['cloaking'], findings: [finding('cloaking', evidence)], notes: [] };
  }
  return { judged: ['cloaking'], findings: [], notes: [] };
}
