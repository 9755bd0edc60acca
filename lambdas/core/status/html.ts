import { escapeHtml, formatDay, formatPercent, formatSpan, formatWhen } from './format';
import { TEXT, type Language, type PageText } from './text';
import type { AppStatus, DayBar, PublicIncident, StatusModel } from './types';

/**
 * The page in one language: static HTML, no script (the CSP forbids any), every colour paired
 * with words. `root` is the path from the page back to the site's top (style.css lives there).
 */
export function renderPage(model: StatusModel, language: Language, root: string): string {
  const text = TEXT[language];
  const other = text.otherLanguage;
  return [
    '<!doctype html>',
    `<html lang="${language}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(model.title)} — ${text.status[model.overall]}</title>`,
    `<link rel="stylesheet" href="${root}style.css">`,
    `<link rel="alternate" hreflang="${other.lang}" href="${other.href}"></head>`,
    '<body>',
    `<a class="skip" href="#main">${text.skip}</a>`,
    `<header><h1>${escapeHtml(model.title)}</h1>`,
    `<nav aria-label="${text.languageNav}"><a href="${other.href}" hreflang="${other.lang}" lang="${other.lang}">${other.label}</a></nav></header>`,
    '<main id="main">',
    summary(model, text),
    `<section aria-labelledby="services"><h2 id="services">${text.servicesHeading}</h2>`,
    ...model.apps.map((app, i) => appSection(app, i, model.timeZone, text)),
    '</section></main>',
    `<footer><p>${text.footer} <a href="${root}status.json">status.json</a></p></footer>`,
    '</body></html>',
    '',
  ].join('\n');
}

/** The overall status and, prominently, when the page was made: without script, a stale page can only be told by its time. */
function summary(model: StatusModel, text: PageText): string {
  return [
    `<section class="summary s-${model.overall}" aria-labelledby="now"><h2 id="now">${text.summaryHeading}</h2>`,
    `<p class="overall">${text.overall[model.overall]}</p>`,
    `<p class="updated">${text.updated} <time datetime="${model.generatedAt}">${formatWhen(model.generatedAt, model.timeZone, text)}</time></p>`,
    `<p class="hint">${text.staleHint}</p></section>`,
  ].join('\n');
}

function appSection(app: AppStatus, index: number, timeZone: string, text: PageText): string {
  const id = `app-${index}`;
  const latency = app.latencyMs === null ? text.latencyNone : `${app.latencyMs} ms`;
  const availability = app.availability90d === null ? text.noData : formatPercent(app.availability90d, text);
  return [
    `<article class="app" aria-labelledby="${id}"><div class="head"><h3 id="${id}">${escapeHtml(app.name)}</h3>`,
    `<p class="state s-${app.status}">${text.status[app.status]}</p></div>`,
    `<dl><div><dt>${text.latency}</dt><dd>${latency}</dd></div><div><dt>${text.availability}</dt><dd>${availability}</dd></div></dl>`,
    bars(app.days, text),
    incidents(app.incidents, timeZone, text),
    '</article>',
  ].join('\n');
}

/** One bar class per day: full, minor (≥ 99 %), partial (≥ 95 %), major, or no data. */
export function barClass(bar: DayBar): 'f' | 'm' | 'p' | 'x' | 'n' {
  if (bar.availability === null) return 'n';
  if (bar.availability >= 100) return 'f';
  if (bar.availability >= 99) return 'm';
  return bar.availability >= 95 ? 'p' : 'x';
}

/** The bars are decoration for sighted readers; the sentence under them is what they say. */
function bars(days: DayBar[], text: PageText): string {
  const cells = days.map((d) => `<i class="${barClass(d)}"></i>`).join('');
  return [
    `<figure><figcaption>${text.barsCaption}</figcaption>`,
    `<div class="bars" aria-hidden="true">${cells}</div>`,
    `<p class="bars-text">${barsSentence(days, text)}</p></figure>`,
  ].join('\n');
}

export function barsSentence(days: DayBar[], text: PageText): string {
  const withData = days.filter((d) => d.availability !== null);
  const bad = withData.filter((d) => d.availability! < 100);
  const noData = days.length - withData.length;
  const parts: string[] = [];
  if (bad.length === 0) parts.push(text.barsAllGood(withData.length));
  else parts.push(`${text.barsBadDays} ${bad.map((d) => `${formatDay(d.day, text)} ${formatPercent(d.availability!, text)}`).join('; ')}.`);
  if (noData > 0) parts.push(text.barsNoDataDays(noData));
  return parts.join(' ');
}

function incidents(list: PublicIncident[], timeZone: string, text: PageText): string {
  if (list.length === 0) return `<p class="quiet">${text.noIncidents}</p>`;
  const items = list.map((incident) => {
    const when = incident.status === 'open' || incident.end === null
      ? `<strong>${text.ongoingSince}</strong> ${formatWhen(incident.start, timeZone, text)}`
      : `<strong>${text.resolved}</strong>: ${formatWhen(incident.start, timeZone, text)} – ${formatWhen(incident.end, timeZone, text)}${
          incident.durationMs === null ? '' : ` (${formatSpan(incident.durationMs, text)})`
        }`;
    const notes = incident.notes.length === 0
      ? ''
      : `<ul class="notes" aria-label="${text.updates}">${incident.notes
          .map((n) => `<li><time datetime="${n.ts}">${formatWhen(n.ts, timeZone, text)}</time> ${escapeHtml(n.text)}</li>`)
          .join('')}</ul>`;
    return `<li class="${incident.status}"><p>${when}</p>${notes}</li>`;
  });
  return `<h4>${text.incidentsHeading}</h4><ol class="incidents">${items.join('')}</ol>`;
}
