import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { parseConfig } from '../../lib/config/load';
import { dashboardBodies } from '../../lib/dashboards/bodies';
import { OVERVIEW_ROW_WIDGETS } from '../../lib/dashboards/overview';
import { dashboardCommand, type DashboardReport } from '../../lib/local/dashboard';
import { startLocalRuntime } from '../../lib/local/runtime';
import { runProbeCycle } from '../../lambdas/app/probe-cycle';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { CheckResult } from '../../lambdas/core/types';
import { launchChromium, serveFolder, watchPage } from '../support/browser';
import { RED, fixtureBodies } from '../support/dashboard-bodies';
import { sampleApp, startHttpServer, type RunningServer } from '../support/servers';

/**
 * The preview in a real browser. Real checks against loopback servers fill a store on disk (a
 * healthy app, a slow one, one that fails); an hour of history is written through the same
 * result port, shifted back in time from those real results, and capacity samples through the
 * capacity port. `pantau dashboard` writes the folder; headless Chromium opens it.
 */

let dir: string;
let server: RunningServer;
let config: ResolvedConfig;
let report: DashboardReport;
let real: DashboardReport;
let empty: DashboardReport;
let emptyStderr = '';
let browser: Browser | undefined;
const now = new Date();

/** What the page script leaves on `window`: each chart's uPlot instance. */
interface PageWindow {
  pantauCharts?: Array<{ title: string; plot: { data: Array<Array<number | null>> } }>;
}

/** Every fourth minute silon fails: its availability is about 75 %, under both thresholds. */
function historyFrom(real: CheckResult[]): CheckResult[] {
  const out: CheckResult[] = [];
  for (let minute = 60; minute >= 1; minute--) {
    const ts = new Date(now.getTime() - minute * 60_000).toISOString();
    for (const r of real) {
      const failing = r.app === 'silon' && minute % 4 === 0;
      out.push({ ...r, ts, ok: !failing, error: failing ? 'status' : null, reason: failing ? 'HTTP 503' : r.reason, latencyMs: r.latencyMs + (minute % 7) * 10 });
    }
  }
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pantau-dash-preview-'));
  server = await startHttpServer(sampleApp);
  const u = server.url;
  config = parseConfig(
    `
project: kpu-test
regions: { home: ap-southeast-3, probes: [ap-southeast-3] }
defaults: { interval: 1m, timeout: 2s }
targets:
  - { id: sirekap-web, app: sirekap, url: "${u}/ok" }
  - { id: sirekap-json, app: sirekap, url: "${u}/json" }
  - { id: cekdpt, app: cekdpt, url: "${u}/slow/40" }
  - { id: silon, app: silon, url: "${u}/ok" }
capacity:
  - site: PDN-Cikarang
    id: db-host
    source: { type: prometheus, url: "http://127.0.0.1:9/metrics", preset: node-exporter }
`,
    { baseDir: dir, file: 'test config', shardBudgets: false },
  );
  const storeDir = join(dir, 'store');
  const runtime = await startLocalRuntime(config, { storeDir, log: { info() {}, warn() {}, error() {} } });
  try {
    const first = await runProbeCycle(config.targets, runtime.deps);
    await runProbeCycle(config.targets, runtime.deps);
    await runtime.store.saveResults(historyFrom(first.results));
    // An open incident of silon (and a closed one of cekdpt) as the alert engine projects them: the open-incidents widget lists the open one.
    const incident = { subject: 'silon', app: 'silon', domain: 'uptime', severity: 'high', start: new Date(now.getTime() - 20 * 60_000).toISOString(), end: null, durationMs: null, cause: 'status <503>', regions: ['ap-southeast-3'], alertsSent: 1, maintenance: null, ack: null, notes: [] };
    await runtime.store.projectIncident({ kind: 'target', target: 'silon' }, { ...incident, id: `silon@${incident.start}`, status: 'open' }, 1);
    await runtime.store.projectIncident({ kind: 'target', target: 'cekdpt' }, { ...incident, subject: 'cekdpt', app: 'cekdpt', id: 'cekdpt@x', status: 'closed', cause: 'timeout' }, 1);
    const capacity = runtime.capacityDeps().store;
    const samples = Array.from({ length: 30 }, (_, i) => {
      const utilisation = 60 + i;
      const ts = new Date(now.getTime() - (30 - i) * 2 * 60_000).toISOString();
      return { reading: { site: 'PDN-Cikarang', resource: 'filesystem:/data', unit: 'bytes' as const, used: utilisation, total: 100, utilisation, headroom: 100 - utilisation, headroomPct: 100 - utilisation, hoursToExhaustion: 2, hoursToCritical: 1, ts } };
    });
    await capacity.saveSamples(samples);
    await capacity.saveState({ site: 'PDN-Cikarang', resource: 'filesystem:/data', unit: 'bytes', level: 'warn', levelSince: samples[0]!.reading.ts, utilisation: 89, hoursToExhaustion: 2, hoursToCritical: 1, exhaustionAt: null, ts: now.toISOString() });
  } finally {
    await runtime.close();
  }
  const quiet = { write: () => true } as unknown as NodeJS.WritableStream;
  report = await dashboardCommand(config, fixtureBodies, { storeDir, out: join(dir, 'out'), now, stdout: quiet, stderr: quiet });
  real = await dashboardCommand(config, dashboardBodies, { storeDir, out: join(dir, 'real'), now, stdout: quiet, stderr: quiet });
  const stderr = { write: (text: string) => ((emptyStderr += text), true) } as unknown as NodeJS.WritableStream;
  empty = await dashboardCommand(config, dashboardBodies, { out: join(dir, 'empty'), now, stdout: quiet, stderr });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pantau dashboard: the folder', () => {
  it('writes each body exactly as CloudWatch receives it, the page and uPlot beside it', () => {
    for (const spec of fixtureBodies(config, { region: config.homeRegion, account: '000000000000' })) {
      expect(JSON.parse(readFileSync(join(report.outDir, `${spec.name}.json`), 'utf8'))).toEqual(spec.body);
    }
    expect(report.files).toEqual(expect.arrayContaining(['index.html', 'preview.js', 'preview.css', 'uPlot.iife.min.js', 'uPlot.min.css']));
    expect(report.empty).toBe(false);
  });

  it('without a store: the page and one stderr line say the store is empty, and the bodies are still written', () => {
    expect(empty.empty).toBe(true);
    expect(emptyStderr.trim().split('\n')).toHaveLength(1);
    expect(emptyStderr).toMatch(/^warning: The local store holds no results yet.*pantau watch --store DIR/);
    expect(readFileSync(join(empty.outDir, 'index.html'), 'utf8')).toContain('id="empty-store"');
    expect(empty.files).toContain('kpu-test-overview.json');
  });
});

/** The preview served on loopback in a fresh page, once its script has drawn the charts. */
async function openPreview(outDir: string) {
  const site = await serveFolder(outDir);
  const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems = watchPage(page, site.origin);
  await page.goto(`${site.origin}/index.html`);
  await page.waitForFunction(() => (globalThis as unknown as PageWindow).pantauCharts !== undefined);
  return { page, problems, close: async () => (await page.close(), await site.close()) };
}

describe('pantau dashboard: the page in Chromium', () => {
  it('draws every dashboard offline, one row per app, charts with data and coloured values', async () => {
    const { page, problems, close } = await openPreview(report.outDir);
    try {

      // One row of the overview (widgets sharing a y) per configured app, naming it.
      const rows = await page.$$eval('[data-dashboard="kpu-test-overview"] .widget', (els) =>
        els.map((el) => ({ y: Number(el.getAttribute('data-y')), text: el.textContent ?? '' })),
      );
      for (const app of ['sirekap', 'cekdpt', 'silon']) {
        const row = rows.filter((w) => w.text.includes(`${app}: latency`)).map((w) => w.y);
        expect(row, app).toHaveLength(1);
        expect(rows.filter((w) => w.y === row[0]).length, app).toBe(3);
      }

      // uPlot's own data: every chart drawn with points, but the Lambda one (CloudWatch only).
      const drawn = await page.evaluate(() =>
        (globalThis as unknown as PageWindow).pantauCharts!.map((c) => ({
          title: c.title,
          series: c.plot.data.length - 1,
          points: c.plot.data.slice(1).flat().filter((v) => v !== null && v !== undefined).length,
        })),
      );
      expect(drawn.map((c) => c.title)).toEqual(expect.arrayContaining(['sirekap: latency (ms)', 'PDN-Cikarang: utilisation %', 'sirekap: latency by phase']));
      for (const chart of drawn.filter((c) => c.title !== 'Probe Lambda errors')) {
        expect(chart.points, chart.title).toBeGreaterThan(10);
      }
      expect(drawn.find((c) => c.title === 'sirekap: latency (ms)')!.series).toBe(3);
      expect(await page.locator('text=AWS/Lambda metrics exist only in CloudWatch').count()).toBe(1);

      // Single values: silon's 75 % is past both thresholds and takes the tighter one's colour.
      const silon = page.locator('.widget', { hasText: 'silon: availability' }).locator('.value');
      expect(await silon.getAttribute('data-color')).toBe(RED);
      expect(await page.locator('.widget', { hasText: 'sirekap: availability' }).locator('.value').textContent()).toBe('100');

      // Markdown tables render; the alarm widget names its alarm.
      expect(await page.locator('.markdown table td', { hasText: 'on-call' }).count()).toBe(1);
      expect(await page.locator('.alarms li', { hasText: 'kpu-test-election-critical' }).count()).toBe(1);

      expect(problems).toEqual({ consoleErrors: [], pageErrors: [], offOrigin: [] });
    } finally {
      await close();
    }
  });

  it("draws the CDK side's own bodies: one overview row per app and per-app charts with data", async () => {
    const { page, problems, close } = await openPreview(real.outDir);
    try {
      const overview = await page.$$eval('[data-dashboard="kpu-test-overview"] .widget', (els) =>
        els.map((el) => ({ y: Number(el.getAttribute('data-y')), title: el.querySelector('h3')?.textContent ?? '' })),
      );
      for (const app of ['sirekap', 'cekdpt', 'silon']) {
        const ys = new Set(overview.filter((w) => w.title.startsWith(`${app}:`)).map((w) => w.y));
        expect([...ys], app).toHaveLength(1);
        expect(overview.filter((w) => ys.has(w.y)), app).toHaveLength(OVERVIEW_ROW_WIDGETS);
      }
      const sirekapNow = page.locator('[data-dashboard="kpu-test-overview"] .widget', { hasText: 'sirekap: availability 1 h' }).locator('.value');
      expect(await sirekapNow.textContent()).toBe('100');
      // Burn-rate alarms evaluated locally: silon fails a quarter of its checks, 250× its budget.
      const alarms = page.locator('[data-dashboard="kpu-test-overview"] .alarms li');
      expect(await alarms.filter({ hasText: 'kpu-test-slo-silon-fast' }).getAttribute('data-state')).toBe('ALARM');
      expect(await alarms.filter({ hasText: 'kpu-test-slo-sirekap-fast' }).getAttribute('data-state')).toBe('OK');
      // The open-incidents custom widget, run on the local store: the open incident only, escaped.
      const openIncidents = page.locator('[data-dashboard="kpu-test-overview"] .widget.custom');
      expect(await openIncidents.locator('h3').textContent()).toMatch(/^Open incidents/);
      expect(await openIncidents.locator('tbody tr').count()).toBe(1);
      expect(await openIncidents.locator('tbody td').first().textContent()).toBe('silon');
      expect(await openIncidents.locator('td', { hasText: 'status <503>' }).count()).toBe(1);
      const drawn = await page.evaluate(() =>
        (globalThis as unknown as PageWindow).pantauCharts!.map((c) => ({ title: c.title, points: c.plot.data.slice(1).flat().filter((v) => v !== null && v !== undefined).length })),
      );
      const perApp = drawn.filter((c) => /^(sirekap|cekdpt|silon) ap-southeast-3: (availability %|latency by phase)/.test(c.title));
      expect(perApp).toHaveLength(6);
      for (const chart of perApp) expect(chart.points, chart.title).toBeGreaterThan(10);
      expect(problems).toEqual({ consoleErrors: [], pageErrors: [], offOrigin: [] });
      if (process.env.PANTAU_SCREENSHOT) await page.screenshot({ path: process.env.PANTAU_SCREENSHOT, clip: { x: 0, y: 0, width: 1400, height: 1000 } });
    } finally {
      await close();
    }
  });
});
