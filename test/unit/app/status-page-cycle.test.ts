import { describe, expect, it } from 'vitest';
import { MemoryLog } from '../../../lambdas/adapters/memory';
import { runStatusPage } from '../../../lambdas/app/status-page-cycle';
import type { SiteFile } from '../../../lambdas/core/status/render';
import { NOW, PRIVATE_NOTE, PUBLIC_NOTE, fixtureConfig, seededNotes, seededStore } from '../../support/status-page-fixture';

class KeptSite {
  files: SiteFile[] = [];
  async publish(files: SiteFile[]) {
    this.files = files;
    return files.length;
  }
  body(path: string): string {
    return this.files.find((f) => f.path === path)!.body;
  }
}

async function render() {
  const site = new KeptSite();
  const report = await runStatusPage(fixtureConfig(), { store: await seededStore(), notes: await seededNotes(), site, log: new MemoryLog(), now: () => NOW });
  return { site, report };
}

describe('the status page run', () => {
  it('publishes the Indonesian page at the top, the English one under en/, the stylesheet and status.json', async () => {
    const { site, report } = await render();
    expect(report.files).toBe(4);
    expect(site.files.map((f) => f.path)).toEqual(['index.html', 'en/index.html', 'style.css', 'status.json']);
    expect(site.body('index.html')).toContain('<html lang="id">');
    expect(site.body('en/index.html')).toContain('<html lang="en">');
    for (const file of site.files) expect(file.cacheControl).toMatch(/s-maxage=60/);
  });

  it('shows each public app as bad as its worst target, by its display name, and leaves hidden apps out', async () => {
    const { report, site } = await render();
    expect(report.model.apps.map((a) => [a.name, a.status])).toEqual([
      ['Sirekap', 'down'],
      ['kpu', 'up'],
      ['Cek DPT Online', 'degraded'],
    ]);
    expect(report.model.overall).toBe('down');
    for (const path of ['index.html', 'en/index.html', 'status.json']) {
      expect(site.body(path)).not.toContain('internal');
    }
  });

  it('publishes public notes and never private ones or who wrote them', async () => {
    const { site } = await render();
    for (const path of ['index.html', 'en/index.html', 'status.json']) {
      expect(site.body(path)).toContain(PUBLIC_NOTE);
      expect(site.body(path)).not.toContain(PRIVATE_NOTE);
      expect(site.body(path)).not.toContain('ayu');
    }
  });

  it('draws 90 days from the daily counts and takes latency from the latest passing checks', async () => {
    const { report } = await render();
    const sirekap = report.model.apps[0]!;
    expect(sirekap.days).toHaveLength(90);
    expect(sirekap.days.slice(0, 5).every((d) => d.availability === null)).toBe(true);
    expect(sirekap.days[80]!.availability).toBe(93.75);
    expect(sirekap.days[89]!.availability).toBe(93.75);
    expect(sirekap.latencyMs).toBe(240);
    expect(report.model.apps[1]!.availability90d).toBe(100);
    const json = JSON.parse((await render()).site.body('status.json'));
    expect(json.apps[0]).toMatchObject({ id: 'sirekap', name: 'Sirekap', status: 'down', latencyMs: 240 });
    expect(json.apps[0].days).toHaveLength(85);
  });
});
