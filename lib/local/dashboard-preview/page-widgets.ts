import { escapeHtml } from './markdown';
import type { PreviewWidget } from './widgets';

/**
 * One widget's HTML on the page. Everything but the charts is drawn here, so numbers, text and
 * alarms read without JavaScript; a chart is a box the page script fills with uPlot, from the
 * data embedded in the page (`chartData`).
 */

/** What the page script needs to draw one chart. */
export interface ChartData {
  id: string;
  title: string;
  view: string;
  stacked: boolean;
  times: number[];
  series: Array<{ label: string; values: Array<number | null>; color?: string }>;
  yAxis: { min?: number; max?: number; label?: string };
  annotations: Array<{ value: number; label?: string; color?: string }>;
}

const formatValue = (value: number | null): string => {
  if (value === null) return '—';
  const abs = Math.abs(value);
  return abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toFixed(2);
};

function notesHtml(notes: string[]): string {
  return notes.length === 0 ? '' : `<ul class="notes">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`;
}

function body(widget: PreviewWidget, chartId: string): string {
  switch (widget.kind) {
    case 'text':
      return `<div class="markdown">${widget.html}</div>`;
    case 'custom':
      return `<div class="custom-html">${widget.html}</div>`;
    case 'values':
      return (
        `<ul class="values">${widget.items
          .map(
            (item) =>
              `<li><span class="value"${item.color ? ` style="color:${escapeHtml(item.color)}" data-color="${escapeHtml(item.color)}"` : ''}>${formatValue(item.value)}</span>` +
              `<span class="label">${escapeHtml(item.label)}</span></li>`,
          )
          .join('')}</ul>` + notesHtml(widget.notes)
      );
    case 'alarms':
      return `<ul class="alarms">${widget.items
        .map((a) => `<li data-state="${escapeHtml(a.state.split(' ')[0]!)}"><strong>${escapeHtml(a.name)}</strong> <span class="region">${escapeHtml(a.region)}</span> — ${escapeHtml(a.state)}</li>`)
        .join('')}</ul>`;
    case 'chart':
      return `<div class="chart" data-chart="${chartId}" data-points="${countPoints(widget)}"></div>` + notesHtml(widget.notes);
    case 'other':
      return `<p class="notes">${escapeHtml(widget.note)}</p>`;
  }
}

/** Datapoints a chart draws: what "charts with data" means, for the page and its test. */
export const countPoints = (widget: Extract<PreviewWidget, { kind: 'chart' }>): number =>
  widget.series.reduce((n, s) => n + s.values.filter((v) => v !== null).length, 0);

export function widgetHtml(widget: PreviewWidget, chartId: string): string {
  const place = `grid-column:${widget.x + 1} / span ${widget.width};grid-row:${widget.y + 1} / span ${widget.height}`;
  const title = widget.title ? `<h3>${escapeHtml(widget.title)}</h3>` : '';
  return `<div class="widget ${widget.kind}" data-kind="${widget.kind}" data-y="${widget.y}" style="${place}">${title}${body(widget, chartId)}</div>`;
}

export function chartData(widget: PreviewWidget, chartId: string): ChartData | null {
  if (widget.kind !== 'chart') return null;
  return {
    id: chartId,
    title: widget.title,
    view: widget.view,
    stacked: widget.stacked,
    times: widget.times,
    series: widget.series,
    yAxis: widget.yAxis,
    annotations: widget.annotations.map((a) => ({ value: a.value, label: a.label, color: a.color })),
  };
}
