import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLog } from '../../lambdas/adapters/memory';
import { FolderStatusSite } from '../../lambdas/adapters/folder-status-site';
import { runStatusPage } from '../../lambdas/app/status-page-cycle';
import { REPO_ROOT } from '../../lib/constructs/pantau-function';
import { launchChromium, serveFolder, watchPage } from '../support/browser';
import { NOW, PRIVATE_NOTE, PUBLIC_NOTE, fixtureConfig, seededNotes, seededStore } from '../support/status-page-fixture';

/**
 * The rendered status page in real Chromium: no console errors, no request off the site, no
 * axe-core violation at WCAG 2.1 AA, under 50 KB. `UPDATE_SCREENSHOTS=1` rewrites
 * docs/status-page.png from this run.
 */

const AXE = join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let dir: string;
let site: { origin: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pantau-status-page-'));
  await runStatusPage(fixtureConfig(), { store: await seededStore(), notes: await seededNotes(), site: new FolderStatusSite(dir), log: new MemoryLog(), now: () => NOW });
  site = await serveFolder(dir);
  browser = await launchChromium();
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the status page in Chromium', () => {
  for (const path of ['/', '/en/index.html']) {
    it(`${path}: loads cleanly and has no axe-core violation at WCAG 2.1 AA`, async () => {
      const page = await browser.newPage({ viewport: { width: 900, height: 1400 } });
      const problems = watchPage(page, site.origin);
      await page.goto(`${site.origin}${path}`);
      await page.addScriptTag({ path: AXE });
      // A string, not a function: the test compiles without the DOM library.
      const violations = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_AA)} } })
        .then((r) => r.violations.map((v) => v.id + ' (' + v.nodes.length + ')'))`)) as string[];
      expect(violations).toEqual([]);
      expect(problems).toEqual({ consoleErrors: [], pageErrors: [], offOrigin: [] });
      // The stylesheet applied: the summary box has its border.
      expect(await page.evaluate("getComputedStyle(document.querySelector('.summary')).borderTopStyle")).toBe('solid');
      if (path === '/' && process.env.UPDATE_SCREENSHOTS === '1') {
        await page.screenshot({ path: join(REPO_ROOT, 'docs', 'status-page.png'), fullPage: false });
      }
      await page.close();
    });
  }

  it('shows the facts in words: statuses, the update time, public notes only, no hidden app', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Sebagian layanan mengalami gangguan');
    expect(text).toContain('Diperbarui 2 Des 2026 10:42 WIB');
    expect(text).toContain(PUBLIC_NOTE);
    expect(text).not.toContain(PRIVATE_NOTE);
    expect(text).not.toMatch(/internal/i);
    expect(await page.locator('article h3').allInnerTexts()).toEqual(['Sirekap', 'kpu', 'Cek DPT Online']);
    expect(await page.locator('article .state').allInnerTexts()).toEqual(['Gangguan', 'Normal', 'Melambat']);
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('.overall').innerText()).toBe('Some services are down');
    await page.close();
  });

  it('is light: each page under 50 KB with its stylesheet', () => {
    const css = statSync(join(dir, 'style.css')).size;
    for (const file of ['index.html', join('en', 'index.html')]) {
      expect(statSync(join(dir, file)).size + css).toBeLessThan(50 * 1024);
    }
    expect(JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8')).apps).toHaveLength(3);
  });
});
