import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { demoCommand, scenarioFor } from '../../lib/local/demo';

/**
 * The self-contained demo (`npm start`), shortened to 24 s: the same story as the one-minute
 * run, on loopback only. It is the newcomer's first impression, so its promises are tested.
 */
describe('demo', () => {
  it('tells the story: a probe region goes silent, yet Sirekap pages once and recovers once; no page for the blip; degraded slow/cert targets; a disk forecast', async () => {
    const sink = new PassThrough();
    let text = '';
    sink.on('data', (chunk: Buffer) => (text += chunk.toString()));

    const dashboardDir = mkdtempSync(join(tmpdir(), 'pantau-demo-test-'));
    const report = await demoCommand({ seconds: 24, out: sink, dashboardDir });

    const byTarget = (kind: string, target: string) => report.alerts.filter((a) => a.kind === kind && a.target === target);
    expect(byTarget('down', 'sirekap-pemilu2024')).toHaveLength(1);
    expect(byTarget('recovered', 'sirekap-pemilu2024')).toHaveLength(1);
    expect(byTarget('recovered', 'sirekap-pemilu2024')[0]!.incidentId).toBe(byTarget('down', 'sirekap-pemilu2024')[0]!.incidentId);
    expect(report.alerts.filter((a) => a.target === 'cekdpt')).toEqual([]);
    expect(byTarget('degraded', 'sipol')).toHaveLength(1);
    expect(byTarget('degraded', 'silon')).toHaveLength(1);
    // Nothing healthy pages.
    for (const healthy of ['kpu-www', 'infopemilu-api', 'silog', 'sirekap-dns', 'sidalih-db']) {
      expect(report.alerts.filter((a) => a.target === healthy)).toEqual([]);
    }

    // The hostile target: its check ends at the deadline and names the phase it stuck in; it
    // pages once (low severity) and, the tarpit going on, does not recover.
    const jdihDown = byTarget('down', 'jdih');
    expect(jdihDown).toHaveLength(1);
    expect(jdihDown[0]!.message).toMatch(/^DOWN Jdih .*: timeout/);
    expect(jdihDown[0]!.body).toMatch(/timeout after \d+ ms reading body/);
    expect(byTarget('recovered', 'jdih')).toEqual([]);
    const jdih = report.lastResults.find((r) => r.target === 'jdih')!;
    expect(jdih.error).toBe('timeout');
    expect(jdih.reason).toMatch(/^timeout after \d+ ms reading body/);
    // Its neighbours never waited for it: every other check's latency stays within its timeout.
    expect(report.lastResults.filter((r) => r.target !== 'jdih').every((r) => r.latencyMs < 1_600)).toBe(true);

    // At the end every other target answers again; the slow and the expiring ones pass with warnings.
    expect(report.lastResults.filter((r) => r.target !== 'jdih').every((r) => r.ok)).toBe(true);
    const silon = report.lastResults.find((r) => r.target === 'silon')!;
    expect(silon.certDaysLeft).toBeGreaterThan(4.9);
    expect(silon.certDaysLeft).toBeLessThan(5.1);

    // The filling disk: read through the node-exporter preset, over the 80 % warning by the end.
    const capacity = report.lastCapacity!;
    const resources = capacity.readings.map((r) => r.resource).sort();
    expect(resources).toEqual(['cpu', 'filesystem:/', 'filesystem:/data', 'memory', 'network:eth0']);
    const data = capacity.readings.find((r) => r.resource === 'filesystem:/data')!;
    expect(data.utilisation).toBeGreaterThan(80);
    expect(report.alerts.some((a) => a.target === 'capacity:PDN-Cikarang/filesystem:/data' && a.kind === 'degraded')).toBe(true);
    // CPU and memory trends are shown but, not being storage, never page as forecasts.
    expect(report.alerts.some((a) => a.target === 'capacity:PDN-Cikarang/cpu')).toBe(false);

    // The defaced site: still UP, yet the patrol pages SECURITY with the hidden links as evidence,
    // once per finding, and resolves once the page is cleaned.
    const security = report.alerts.filter((a) => a.kind === 'security' && a.target === 'kpu-kota-bandung');
    const opened = security.filter((a) => a.state === 'open');
    expect(opened.map((a) => a.finding)).toContain('gambling_content');
    expect(new Set(opened.map((a) => a.finding)).size).toBe(opened.length);
    expect(security.filter((a) => a.state === 'resolved').map((a) => a.finding).sort()).toEqual(opened.map((a) => a.finding).sort());
    expect(report.alerts.filter((a) => a.target === 'kpu-kota-bandung' && a.domain !== 'security')).toEqual([]);
    expect(text).toMatch(/SECURITY gambling_content 127\.0\.0\.1:\d+: .*slot gacor/i);
    expect(text).toMatch(/SECURITY RESOLVED gambling_content 127\.0\.0\.1:\d+: page clean again/);

    // What the newcomer reads: tables, alerts as they fire, and where to go next.
    expect(text).toContain('Status after the first round');
    // Two probe regions; the second goes silent before Sirekap fails, and the page still comes,
    // saying how it was confirmed. (Which region's round lands first at the start is a race, so
    // the early DEGRADED alerts' region counts are not asserted.)
    expect(report.config.regions).toEqual(['ap-southeast-3', 'ap-southeast-1']);
    const narrated = text.indexOf("ap-southeast-1's probes stop reporting (simulated region outage)");
    const outage = text.indexOf('Sirekap starts answering 503');
    const downLine = text.search(/DOWN Sirekap /);
    expect(narrated).toBeGreaterThan(-1);
    expect(narrated).toBeLessThan(outage);
    expect(outage).toBeLessThan(downLine);
    expect(text).toMatch(/DOWN Sirekap .*confirmed by 1 of 2 regions; ap-southeast-1 silent for \d+ s/);
    expect(text).toMatch(/RECOVERED Sirekap .*up again after/);
    expect(text).toMatch(/regions: ap-southeast-3 reporting · ap-southeast-1 silent \(last report t\+\d+s\)/);
    expect(text).toContain('Capacity and forecast');
    expect(text).toContain('npm start -- check');
    expect(text).toContain('npx cdk deploy');
    // Where to go next with the whole estate: the generated regional catalogue, its bill, the bench.
    expect(text).toContain('validate -c config/kpu-regions.yaml');
    expect(text).toContain('npm start -- cost --targets 552 --regions 2');
    expect(text).toContain('npm run bench');

    // Interop: the demo's own Prometheus endpoint, scraped over loopback, under blackbox's names;
    // the last round of the home region has sirekap up again and jdih stuck in its tarpit.
    expect(text).toMatch(/Prometheus: scraped http:\/\/127\.0\.0\.1:\d+\/metrics — \d+ series/);
    const samples = [...text.matchAll(/^ {2}(probe_success\{[^}]*\} [01])$/gm)].map((m) => m[1]!);
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.every((line) => line.includes('region="ap-southeast-3"'))).toBe(true);

    // Its last step: the dashboards of the run, drawn locally, and where to open them.
    expect(text).toContain(`Dashboards: open ${dashboardDir}/index.html`);
    expect(existsSync(join(dashboardDir, 'index.html')) && existsSync(join(dashboardDir, 'pantau-demo-overview.json'))).toBe(true);
    rmSync(dashboardDir, { recursive: true, force: true });
  }, 60_000);

  it('scales the scenario with the run length', () => {
    expect(scenarioFor(60).sirekapDown).toEqual({ from: 14, to: 34 });
    expect(scenarioFor(60).secondRegionSilentAt).toBe(9);
    expect(scenarioFor(30).secondRegionSilentAt).toBe(4.5);
    expect(scenarioFor(30).sirekapDown).toEqual({ from: 7, to: 17 });
    expect(scenarioFor(30).disk.pctPerSecond).toBeCloseTo(14 / 30);
    expect(scenarioFor(30).jdihTarpitFrom).toBe(18);
  });
});

describe('demo usage', () => {
  it('refuses a run too short for the story, naming the option and the minimum', async () => {
    await expect(demoCommand({ seconds: 5, out: new PassThrough() })).rejects.toThrow(/--seconds: 5 is too short .* at least 20/);
  });
});
