import type { IncidentRecord } from '../alerting/incident';
import { formatClock, formatDuration } from '../alerting/timezone';
import { escapeHtml } from '../status/format';

/**
 * The open incidents as a small HTML table: what the overview's custom widget shows (CloudWatch
 * draws the HTML a widget Lambda returns) and the local preview draws the same. Everything from
 * the table or the config is escaped; the only link is a target's runbook, and only an http(s) one.
 */

export interface OpenIncidentRow {
  incident: Pick<IncidentRecord, 'id' | 'subject' | 'app' | 'severity' | 'start' | 'cause' | 'regions' | 'ack'>;
  /** The subject's display name (a target's id or the probe region). */
  name: string;
  runbook?: string;
}

const HEAD = ['App', 'Subject', 'Severity', 'Since', 'Open for', 'Cause', 'Regions', 'Acknowledged', 'Runbook'];

/** At most this many rows: a widget is a glance; the rest are counted under the table. */
export const MAX_WIDGET_ROWS = 50;

export function openIncidentsHtml(rows: readonly OpenIncidentRow[], timezone: string, now: Date): string {
  if (rows.length === 0) return '<p>No open incidents.</p>';
  const shown = rows.slice(0, MAX_WIDGET_ROWS);
  const body = shown.map(({ incident: i, name, runbook }) => {
    const cells = [
      i.app,
      name,
      i.severity,
      formatClock(new Date(i.start), timezone, now),
      formatDuration(Math.max(0, now.getTime() - Date.parse(i.start))),
      i.cause,
      i.regions.join(', '),
      i.ack ? `${i.ack.by}` : 'no',
    ].map((text) => `<td>${escapeHtml(text)}</td>`);
    cells.push(`<td>${runbookLink(runbook)}</td>`);
    return `<tr>${cells.join('')}</tr>`;
  });
  const more = rows.length > shown.length ? `<p>… and ${rows.length - shown.length} more (pantau incidents --open).</p>` : '';
  return `<table><thead><tr>${HEAD.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>${more}`;
}

function runbookLink(url: string | undefined): string {
  if (!url || !/^https?:\/\//i.test(url)) return '';
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">runbook</a>`;
}
