import { escapeHtml } from './markdown';
import { chartData, widgetHtml, type ChartData } from './page-widgets';
import type { TargetNow } from './read-store';
import type { PreviewWidget } from './widgets';

/**
 * index.html of the preview: each dashboard drawn on CloudWatch's 24-column grid as its body
 * places the widgets, the data's origin and span, and the local state of each target. Scripts
 * and styles are files in the same folder, so the page works offline and under a strict CSP.
 */

export interface PreviewDashboard {
  name: string;
  title: string;
  widgets: PreviewWidget[];
}

export interface PageInput {
  project: string;
  dashboards: PreviewDashboard[];
  /** Where the data came from ("the store in ./pantau-store"). */
  storeLabel: string;
  /** Number of check results read, and the span of all local data (null: empty store). */
  resultCount: number;
  span: { fromMs: number; toMs: number } | null;
  targets: TargetNow[];
  generatedAt: Date;
}

/** The page's data block and what the script reads; `</` is escaped so data cannot close the script element. */
const jsonForScript = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'none'; base-uri 'none'; form-action 'none'";

export const EMPTY_STORE_MESSAGE =
  'The local store holds no results yet: the dashboards are drawn without data. Run `pantau watch --store DIR` (or the demo) first, then `pantau dashboard --store DIR --out …`.';

function dashboardSection(dashboard: PreviewDashboard, charts: ChartData[]): string {
  const rows = Math.max(1, ...dashboard.widgets.map((w) => w.y + w.height));
  const widgets = dashboard.widgets
    .map((widget, i) => {
      const id = `${dashboard.name}-${i}`;
      const data = chartData(widget, id);
      if (data) charts.push(data);
      return widgetHtml(widget, id);
    })
    .join('\n');
  return (
    `<section class="dashboard" id="dashboard-${escapeHtml(dashboard.name)}" data-dashboard="${escapeHtml(dashboard.name)}">` +
    `<h2>${escapeHtml(dashboard.title)}</h2><p class="source">CloudWatch dashboard <code>${escapeHtml(dashboard.name)}</code> — body in <a href="${encodeURIComponent(dashboard.name)}.json">${escapeHtml(dashboard.name)}.json</a></p>` +
    `<div class="grid" style="grid-template-rows:repeat(${rows}, 40px)">\n${widgets}\n</div></section>`
  );
}

function targetsTable(targets: TargetNow[]): string {
  const rows = targets
    .map(
      (t) =>
        `<tr data-app="${escapeHtml(t.app)}"><td>${escapeHtml(t.app)}</td><td>${escapeHtml(t.target)}</td>` +
        `<td class="status-${escapeHtml(t.status.replace(/\s+/g, '-'))}">${escapeHtml(t.status)}</td><td>${escapeHtml(t.since ?? '')}</td><td>${escapeHtml(t.lastReason ?? '')}</td></tr>`,
    )
    .join('\n');
  return `<section id="now"><h2>Targets now (local alert state)</h2><table class="now"><thead><tr><th>App</th><th>Target</th><th>Status</th><th>Since</th><th>Last check</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function summary(input: PageInput): string {
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  if (!input.span) return `<p class="empty" id="empty-store">${escapeHtml(EMPTY_STORE_MESSAGE)}</p>`;
  return `<p id="data-span">${input.resultCount} check results from ${escapeHtml(input.storeLabel)}, ${iso(input.span.fromMs)} to ${iso(input.span.toMs)}. Metrics are computed locally from them as CloudWatch would from the published datapoints.</p>`;
}

export function previewPage(input: PageInput): string {
  const charts: ChartData[] = [];
  const sections = input.dashboards.map((d) => dashboardSection(d, charts)).join('\n');
  const nav = input.dashboards.map((d) => `<a href="#dashboard-${escapeHtml(d.name)}">${escapeHtml(d.title)}</a>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${escapeHtml(input.project)} dashboards — local preview</title>
<link rel="stylesheet" href="uPlot.min.css">
<link rel="stylesheet" href="preview.css">
</head>
<body>
<header>
<h1>${escapeHtml(input.project)} dashboards — local preview</h1>
${summary(input)}
<p>Generated ${escapeHtml(input.generatedAt.toISOString())}. The same layout as in CloudWatch; each <code>&lt;name&gt;.json</code> here is the body CloudWatch receives.</p>
<nav>${nav}<a href="#now">Targets now</a></nav>
</header>
${sections}
${targetsTable(input.targets)}
<script type="application/json" id="pantau-charts">${jsonForScript(charts)}</script>
<script src="uPlot.iife.min.js"></script>
<script src="preview.js"></script>
</body>
</html>
`;
}
