import { httpCheck } from '../checks/http';
import { Deadline, PhaseRecorder } from '../checks/timing';
import type { TargetSpec } from '../types';
import { remainingMs, type ExtraBudget } from './budget';

/**
 * The patrol's extra fetches (the crawler's and a browser's copy of a page, sitemaps): the same
 * HTTP client as the check — one fresh connection, redirects followed, the body capped at the
 * target's maxBodyBytes — under a deadline of the target's own timeout. Failures are answered
 * as null: an extra copy that cannot be fetched judges nothing, it never fails the check. The
 * deadline is what is left of the check's budget (budget.ts), never more than the timeout.
 */

export const CRAWLER_USER_AGENT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
export const BROWSER_USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

export interface FetchedText {
  url: string;
  status: number;
  body: string;
}

/** GET `url` as the target would be fetched, with another user agent; null on any failure or a non-2xx answer. */
export async function fetchAs(target: TargetSpec, url: string, userAgent: string, budget: ExtraBudget): Promise<FetchedText | null> {
  const leftMs = Math.min(target.timeoutMs, remainingMs(budget));
  if (leftMs <= 0) return null;
  const request: TargetSpec = { ...target, url, method: 'GET', headers: { ...target.headers, 'user-agent': userAgent } };
  delete request.body;
  const deadline = new Deadline(leftMs, budget.signal);
  try {
    const out = await httpCheck(request, { secretHeaders: {}, needsBody: true }, { deadline, phases: new PhaseRecorder(), now: () => new Date(), certs: [] });
    if (out.status < 200 || out.status > 299 || out.body === null) return null;
    return { url: out.chain[out.chain.length - 1] ?? url, status: out.status, body: out.body };
  } catch {
    return null;
  } finally {
    deadline.dispose();
  }
}
