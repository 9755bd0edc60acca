/**
 * The preview page's own style sheet and script, written beside index.html (the page's Content
 * Security Policy allows scripts from its own folder only, so nothing is inline). The script
 * draws each chart box with uPlot from the JSON the page embeds, and keeps the uPlot instances
 * on `window.pantauCharts` so a test can read what was drawn.
 */

export const PREVIEW_CSS = `
:root { --ok: #2ca02c; --alarm: #d62728; --muted: #5f6b7a; font-family: system-ui, sans-serif; color: #16191f; }
body { margin: 0 auto; max-width: 1500px; padding: 16px 24px 48px; background: #f2f3f3; }
header h1 { margin: 0 0 4px; font-size: 1.5rem; }
header p, .source { color: var(--muted); margin: 4px 0; }
.empty { background: #fff4e5; border: 1px solid #f0a53c; padding: 8px 12px; color: #16191f; }
nav a { margin-right: 16px; }
section.dashboard { margin-top: 28px; }
section.dashboard h2 { margin-bottom: 0; }
.grid { display: grid; grid-template-columns: repeat(24, minmax(0, 1fr)); grid-auto-rows: 40px; gap: 8px; margin-top: 8px; }
.widget { background: #fff; border: 1px solid #d5dbdb; border-radius: 4px; padding: 6px 10px; overflow: auto; display: flex; flex-direction: column; min-width: 0; }
.widget h3 { font-size: 0.9rem; margin: 0 0 4px; font-weight: 600; }
.widget.text { background: transparent; border: none; }
.markdown h1, .markdown h2 { margin: 2px 0; font-size: 1.15rem; }
.markdown table { border-collapse: collapse; } .markdown td, .markdown th { border: 1px solid #d5dbdb; padding: 2px 8px; }
.chart { flex: 1; min-height: 0; }
.values { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 24px; padding: 0; margin: 0; }
.values li { display: flex; flex-direction: column; }
.values .value { font-size: 1.6rem; font-weight: 600; }
.values .label, .notes, .region { color: var(--muted); font-size: 0.8rem; }
.notes { margin: 2px 0 0; padding-left: 16px; }
.alarms { list-style: none; padding: 0; margin: 0; font-size: 0.9rem; }
.alarms li[data-state="ALARM"] strong { color: var(--alarm); } .alarms li[data-state="OK"] strong { color: var(--ok); }
table.now { border-collapse: collapse; background: #fff; } table.now td, table.now th { border: 1px solid #d5dbdb; padding: 3px 10px; text-align: left; }
td.status-down, td.status-failing { color: var(--alarm); font-weight: 600; } td.status-up { color: var(--ok); }
`;

export const PREVIEW_JS = `
(function () {
  'use strict';
  var PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  var holder = document.getElementById('pantau-charts');
  var charts = holder ? JSON.parse(holder.textContent || '[]') : [];
  window.pantauCharts = [];

  function stacked(series) {
    var totals = [];
    return series.map(function (s) {
      return Object.assign({}, s, { values: s.values.map(function (v, i) {
        if (v === null) return totals[i] === undefined ? null : totals[i];
        totals[i] = (totals[i] || 0) + v;
        return totals[i];
      }) });
    });
  }

  function annotationHook(annotations) {
    return function (u) {
      var ctx = u.ctx;
      annotations.forEach(function (a) {
        var y = u.valToPos(a.value, 'y', true);
        if (!isFinite(y)) return;
        ctx.save();
        ctx.strokeStyle = a.color || '#d62728';
        ctx.setLineDash([6, 4]);
        ctx.beginPath();
        ctx.moveTo(u.bbox.left, y);
        ctx.lineTo(u.bbox.left + u.bbox.width, y);
        ctx.stroke();
        ctx.restore();
      });
    };
  }

  function draw(chart) {
    var box = document.querySelector('[data-chart="' + chart.id + '"]');
    if (!box) return;
    // Colours by the body's order; a stack is drawn from its top down, so each fill stays visible.
    var coloured = chart.series.map(function (s, i) { return Object.assign({}, s, { color: s.color || PALETTE[i % PALETTE.length] }); });
    var series = chart.stacked ? stacked(coloured).reverse() : coloured;
    var bars = chart.view === 'bar' && uPlot.paths && uPlot.paths.bars;
    var opts = {
      width: Math.max(200, box.clientWidth),
      height: Math.max(80, box.clientHeight - 48),
      scales: { x: { time: true }, y: { range: function (u, min, max) {
        var lo = chart.yAxis.min !== undefined ? chart.yAxis.min : (min === null ? 0 : min);
        var hi = chart.yAxis.max !== undefined ? chart.yAxis.max : (max === null ? 1 : max);
        return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
      } } },
      axes: [{}, { label: chart.yAxis.label || '', size: 50 }],
      legend: { show: series.length <= 16 },
      series: [{}].concat(series.map(function (s) {
        var color = s.color;
        return { label: s.label, stroke: color, width: 1.5, spanGaps: true, fill: chart.stacked ? color + '55' : undefined,
          paths: bars ? uPlot.paths.bars({ size: [0.6, 40] }) : undefined, points: { show: true, size: 4 } };
      })),
      hooks: { draw: [annotationHook(chart.annotations)] },
    };
    var data = [chart.times].concat(series.map(function (s) { return s.values; }));
    var plot = new uPlot(opts, data, box);
    window.pantauCharts.push({ id: chart.id, title: chart.title, plot: plot });
  }

  charts.forEach(draw);
  window.addEventListener('resize', function () {
    window.pantauCharts.forEach(function (c) {
      var box = c.plot.root.parentElement;
      c.plot.setSize({ width: Math.max(200, box.clientWidth), height: Math.max(80, box.clientHeight - 48) });
    });
  });
})();
`;
