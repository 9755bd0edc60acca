import { describe, expect, it } from 'vitest';
import { metricQueries } from '../../../../lib/local/dashboard-preview/body';
import { escapeHtml, markdownToHtml } from '../../../../lib/local/dashboard-preview/markdown';
import { localMetricSource } from '../../../../lib/local/dashboard-preview/metric-source';
import { chartPeriod } from '../../../../lib/local/dashboard-preview/metric-widget';
import { previewWidget, relativeDurationMs, thresholdColor } from '../../../../lib/local/dashboard-preview/widgets';
import { asHomeRegion } from '../../../../lib/local/dashboard';
import { makeResult } from '../../../support/results';

/** The widget model: metric rows, thresholds, time ranges, markdown, and the local metric source. */

const T0 = Date.parse('2026-11-24T03:00:00.000Z');
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();

describe('metric rows', () => {
  it('resolves "." and ".." against the row above, and reads expressions and options', () => {
    const rows = metricQueries({
      metrics: [
        ['Pantau', 'LatencyMs', 'App', 'sirekap', 'Region', 'ap-southeast-3', { stat: 'p50' }],
        ['.', '.', '.', 'silon', '.', '.', { stat: 'p95', id: 'q' }],
        ['..', { stat: 'p99' }],
        [{ expression: '100 * up', label: 'availability', id: 'a' }],
      ],
    });
    expect(rows[1]).toEqual({ kind: 'metric', namespace: 'Pantau', name: 'LatencyMs', dimensions: { App: 'silon', Region: 'ap-southeast-3' }, options: expect.objectContaining({ stat: 'p95', id: 'q' }) });
    expect(rows[2]).toMatchObject({ kind: 'metric', dimensions: { App: 'silon', Region: 'ap-southeast-3' }, options: { stat: 'p99' } });
    expect(rows[3]).toMatchObject({ kind: 'expression', expression: '100 * up', options: { label: 'availability', id: 'a' } });
  });
});

describe('single values and thresholds', () => {
  const green = { value: 99.9, color: 'green', fill: 'above' as const };
  const red = { value: 99.9, color: 'red', fill: 'below' as const };
  it('takes the colour of the tightest threshold the value is past', () => {
    expect(thresholdColor(100, [green, red])).toBe('green');
    expect(thresholdColor(97, [green, red])).toBe('red');
    expect(thresholdColor(95, [{ value: 80, color: 'orange' }, { value: 90, color: 'red' }])).toBe('red');
    expect(thresholdColor(85, [{ value: 80, color: 'orange' }, { value: 90, color: 'red' }])).toBe('orange');
    expect(thresholdColor(50, [{ value: 80, color: 'orange' }])).toBeUndefined();
  });

  it("reads a widget's own range back from the newest datapoint: a day sees the outage, an hour does not", () => {
    // Sirekap fails for the first 20 minutes of 90, then passes: one check a minute.
    const results = Array.from({ length: 90 }, (_, m) => makeResult({ target: 'web', app: 'sirekap', ok: m >= 20, ts: at(m) }));
    const source = localMetricSource({ namespace: 'Pantau', results, detailedTargets: new Set(), capacity: [] });
    const context = { source, span: source.span(), alarmStates: new Map() };
    const widget = (start: string) =>
      previewWidget(
        {
          type: 'metric',
          properties: {
            view: 'singleValue',
            start,
            setPeriodToTimeRange: true,
            metrics: [['Pantau', 'Up', 'App', 'sirekap', 'Region', 'ap-southeast-3', { id: 'u', visible: false }], [{ expression: '100 * u', label: 'availability' }]],
          },
        },
        context,
      );
    const value = (start: string) => {
      const w = widget(start);
      return w.kind === 'values' ? w.items[0]!.value : undefined;
    };
    expect(value('-PT15M')).toBe(100);
    expect(value('-PT1H')).toBe(100);
    expect(value('-P1D')).toBeCloseTo((70 / 90) * 100, 6);
    expect(relativeDurationMs('-P1W')).toBe(7 * 86_400_000);
    expect(relativeDurationMs('-PT1H30M')).toBe(90 * 60_000);
    expect(relativeDurationMs('2026-01-01')).toBeNull();
  });

  it('picks a finer period for short local data, never finer than the checks', () => {
    expect(chartPeriod({ period: 300 }, 86_400_000)).toBe(300);
    expect(chartPeriod({ period: 300 }, 60_000)).toBe(1);
    expect(chartPeriod({ period: 300 }, 60_000, 2)).toBe(5);
    expect(chartPeriod({}, 3_600_000, 60)).toBe(60);
    expect(chartPeriod({ period: 60 }, 3_600_000, 1)).toBe(60);
  });
});

describe('local metric source', () => {
  it("rebuilds the Lambda's series: no latency from failed checks, headroom from utilisation", () => {
    const results = [
      makeResult({ target: 'web', app: 'sirekap', latencyMs: 40, ts: at(0) }),
      makeResult({ target: 'web', app: 'sirekap', ok: false, error: 'timeout', latencyMs: 5000, ts: at(1) }),
    ];
    const source = localMetricSource({ namespace: 'Pantau', results, detailedTargets: new Set(['web']), capacity: [{ site: 'PDN', resource: 'cpu', points: [{ tMs: T0, value: 70 }] }] });
    const app = { App: 'sirekap', Region: 'ap-southeast-3' };
    expect(source.lookup('Pantau', 'Up', app).map((p) => p.value)).toEqual([1, 0]);
    expect(source.lookup('Pantau', 'LatencyMs', app).map((p) => p.value)).toEqual([40]);
    expect(source.lookup('Pantau', 'Up', { ...app, Target: 'web' })).toHaveLength(2);
    expect(source.lookup('Pantau', 'HeadroomPct', { Site: 'PDN', Resource: 'cpu' })).toEqual([{ tMs: T0, value: 30 }]);
  });

  it('counts the local prober as the home region', () => {
    const [moved, kept] = asHomeRegion([makeResult({ target: 'a', region: 'local' }), makeResult({ target: 'b', region: 'ap-southeast-1' })], 'ap-southeast-3');
    expect([moved!.region, kept!.region]).toEqual(['ap-southeast-3', 'ap-southeast-1']);
  });
});

describe('markdown', () => {
  it('renders headings, paragraphs, lists and tables', () => {
    const html = markdownToHtml('# Sirekap\nOne **row** per app, `code`.\n\n- a\n- b\n\n| App | SLO |\n| --- | --- |\n| sirekap | 99.9 |');
    expect(html).toBe(
      '<h1>Sirekap</h1>\n<p>One <strong>row</strong> per app, <code>code</code>.</p>\n<ul><li>a</li><li>b</li></ul>\n' +
        '<table><thead><tr><th>App</th><th>SLO</th></tr></thead><tbody><tr><td>sirekap</td><td>99.9</td></tr></tbody></table>',
    );
  });

  it('escapes markup and keeps only safe links', () => {
    expect(markdownToHtml('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(markdownToHtml('[runbook](https://kpu.go.id/rb) [x](javascript:void0)')).toBe('<p><a href="https://kpu.go.id/rb" rel="noopener noreferrer">runbook</a> x</p>');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });
});
