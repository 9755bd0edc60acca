import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config/load';
import { customMetricCount } from '../../lib/config/metric-count';

/**
 * The shipped KPU catalogue loads and has what the spec asks for. Loading only: nothing here
 * sends a packet to a KPU site.
 */

const ROOT = join(__dirname, '../..');
const config = loadConfig(join(ROOT, 'config/pantau.config.yaml'));
const byApp = (app: string) => config.targets.filter((t) => t.app === app);

describe('config/pantau.config.yaml', () => {
  it('homes in Jakarta', () => {
    expect(config.homeRegion).toBe('ap-southeast-3');
    expect(config.regions[0]).toBe('ap-southeast-3');
  });

  it('has kpu.go.id, the Sirekap front ends and the public services, each in its app', () => {
    expect(byApp('kpu').map((t) => t.url)).toContain('https://www.kpu.go.id/');
    expect(byApp('sirekap').map((t) => new URL(t.url).hostname).sort()).toEqual([
      'pemilu2024.kpu.go.id',
      'pilkada2024.kpu.go.id',
      'sirekap-web.kpu.go.id',
    ]);
    const hostOf = (app: string) => byApp(app).map((t) => new URL(t.url).hostname);
    expect(hostOf('infopemilu')).toEqual(['infopemilu.kpu.go.id']);
    expect(hostOf('cekdpt')).toEqual(['cekdptonline.kpu.go.id']);
    expect(hostOf('sipol')).toEqual(['sipol.kpu.go.id']);
    expect(hostOf('silog')).toEqual(['silog.kpu.go.id']);
    expect(hostOf('jdih')).toEqual(['jdih.kpu.go.id']);
    expect(hostOf('ppid')).toEqual(['ppid.kpu.go.id']);
    // The ids the README's examples use.
    expect(config.targets.map((t) => t.id)).toEqual(expect.arrayContaining(['kpu-www', 'sirekap-web']));
  });

  it('has the 38 provincial sites in one app, each a distinct https://<province>.kpu.go.id/', () => {
    const provinces = byApp('kpu-provinsi');
    expect(provinces.length).toBeGreaterThanOrEqual(38);
    for (const t of provinces) expect(t.url).toMatch(/^https:\/\/[a-z]+\.kpu\.go\.id\/$/);
    expect(new Set(provinces.map((t) => t.url)).size).toBe(provinces.length);
    expect(provinces.map((t) => new URL(t.url).hostname.split('.')[0])).toEqual(
      expect.arrayContaining(['kipaceh', 'sumut', 'jakarta', 'jabar', 'jateng', 'jatim', 'bali', 'papuapegunungan', 'papuabaratdaya']),
    );
  });

  it('severity: critical for Sirekap, cekDPT and infopemilu; high for kpu.go.id and the services; low for provinces', () => {
    const severities = (apps: string[]) => new Set(config.targets.filter((t) => apps.includes(t.app)).map((t) => t.severity));
    expect(severities(['sirekap', 'cekdpt', 'infopemilu'])).toEqual(new Set(['critical']));
    expect(severities(['kpu', 'sipol', 'silog', 'jdih', 'ppid'])).toEqual(new Set(['high']));
    expect(severities(['kpu-provinsi'])).toEqual(new Set(['low']));
  });

  it('every target has an owner team, https checks keep defacement markers, cert and latency bounds', () => {
    for (const t of config.targets) {
      expect(t.owner, t.id).toMatch(/^team-/);
      if (t.kind !== 'http') continue;
      expect(t.url, t.id).toMatch(/^https:\/\//);
      expect(t.expect.bodyNotContains, t.id).toContain('hacked by');
      expect(t.expect.minCertDays, t.id).toBeGreaterThan(0);
      expect(t.expect.warnCertDays!, t.id).toBeGreaterThan(t.expect.minCertDays!);
      expect(t.expect.maxLatencyMs, t.id).toBeLessThan(t.timeoutMs);
      // A body check besides the status: a keyword, or at least "an HTML page came back".
      expect([...(t.expect.bodyContains ?? []), ...(t.expect.bodyMatches ?? [])].length, t.id).toBeGreaterThan(0);
    }
  });

  it('routes alerts by severity, groups storms, and has an example maintenance window; capacity is only an example', () => {
    expect(config.alerting.routes).toEqual({ critical: 'critical', high: 'warning', low: 'info' });
    expect(config.alerting.storm.threshold).toBeGreaterThan(1);
    expect(config.maintenance.length).toBeGreaterThan(0);
    expect(config.capacity).toEqual([]);
    expect(readFileSync(join(ROOT, 'config/pantau.config.yaml'), 'utf8')).toContain('#       url: http://127.0.0.1:9100/metrics');
  });

  it('docs/config.md states the custom-metric count of this catalogue', () => {
    const count = customMetricCount(config);
    const doc = readFileSync(join(ROOT, 'docs/config.md'), 'utf8');
    expect(doc).toContain(`**${count.series} custom metrics ≈ $${count.monthlyUsd.toFixed(2)} a month**`);
  });
});
