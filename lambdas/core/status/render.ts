import { renderPage } from './html';
import { STYLE_CSS } from './style';
import type { StatusModel } from './types';

/** One file of the site, with what HTTP should say about it. */
export interface SiteFile {
  /** Path inside the site, no leading slash: index.html, en/index.html, style.css, status.json. */
  path: string;
  body: string;
  contentType: string;
  cacheControl: string;
}

/**
 * Browsers keep a copy 30 s, CloudFront 60 s: on election day one origin fetch per edge per
 * minute, however many readers. While the renderer is late, edges serve the stale copy for a
 * minute while they refetch; while the bucket fails, for a day (the page's own time shows it is old).
 */
export const PAGE_CACHE_CONTROL = 'public, max-age=30, s-maxage=60, stale-while-revalidate=60, stale-if-error=86400';

/** Bumped when status.json changes shape in a way readers must notice. */
export const STATUS_JSON_VERSION = 1;

/**
 * The whole site: Bahasa Indonesia at the top (index.html), English at en/index.html, one
 * stylesheet, and status.json for newsrooms and fact-checkers who want the same facts as data.
 */
export function renderSite(model: StatusModel): SiteFile[] {
  return [
    { path: 'index.html', body: renderPage(model, 'id', ''), contentType: 'text/html; charset=utf-8', cacheControl: PAGE_CACHE_CONTROL },
    { path: 'en/index.html', body: renderPage(model, 'en', '../'), contentType: 'text/html; charset=utf-8', cacheControl: PAGE_CACHE_CONTROL },
    { path: 'style.css', body: STYLE_CSS, contentType: 'text/css; charset=utf-8', cacheControl: PAGE_CACHE_CONTROL },
    { path: 'status.json', body: `${JSON.stringify(statusJson(model))}\n`, contentType: 'application/json; charset=utf-8', cacheControl: PAGE_CACHE_CONTROL },
  ];
}

export function statusJson(model: StatusModel): Record<string, unknown> {
  return {
    version: STATUS_JSON_VERSION,
    title: model.title,
    generatedAt: model.generatedAt,
    timeZone: model.timeZone,
    status: model.overall,
    apps: model.apps.map((app) => ({
      id: app.app,
      name: app.name,
      status: app.status,
      latencyMs: app.latencyMs,
      availability90d: app.availability90d,
      days: app.days.filter((d) => d.availability !== null),
      incidents: app.incidents,
    })),
  };
}
