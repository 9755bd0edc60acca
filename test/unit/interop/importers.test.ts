import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../lib/config/load';
import { main } from '../../../lib/local/cli';
import { captureOutput } from '../../support/capture';

/**
 * Each importer on a sample of its tool's own format, through the real CLI: the YAML it prints is
 * written to a file and loaded by the real config loader (what `pantau validate` runs), and the
 * report on stderr names what did not map.
 */

const FIXTURES = join(__dirname, '../../fixtures/interop');
const dir = mkdtempSync(join(tmpdir(), 'pantau-import-'));

afterEach(() => vi.restoreAllMocks());

async function importAndLoad(args: string[]) {
  const io = captureOutput();
  const code = await main(['import', ...args]);
  const file = join(dir, `${args[0]}.yaml`);
  writeFileSync(file, io.out());
  return { code, err: io.err(), yaml: io.out(), config: loadConfig(file) };
}

const byId = <T extends { id: string }>(targets: T[]) => new Map(targets.map((t) => [t.id, t]));

describe('pantau import gatus', () => {
  it('maps endpoints, groups and conditions, and the output loads', async () => {
    const { code, err, config } = await importAndLoad(['gatus', join(FIXTURES, 'gatus.yaml')]);
    expect(code).toBe(0);
    const t = byId(config.targets);
    expect([...t.keys()]).toEqual(['kpu-portal', 'sirekap-api-health', 'info-pemilu-front', 'jdih-db', 'kpu-dns', 'kpu-portal-2']);
    const portal = t.get('kpu-portal')!;
    expect(portal.app).toBe('kpu');
    expect(portal.expect.status).toEqual([200]);
    expect(portal.expect.maxLatencyMs).toBe(3000);
    expect(portal.expect.bodyContains).toEqual(['Komisi Pemilihan Umum']);
    expect(portal.expect.minCertDays).toBe(7); // 168h
    const api = t.get('sirekap-api-health')!;
    expect(api.intervalMs).toBe(30_000);
    expect(api.timeoutMs).toBe(5_000);
    expect(api.headers).toEqual({ Accept: 'application/json' });
    expect(api.expect.json).toEqual([expect.objectContaining({ path: 'status' }), expect.objectContaining({ path: 'data.database' })]);
    const below400 = t.get('info-pemilu-front')!.expect.status!; // [STATUS] < 400
    expect([below400.length, below400[0], below400.at(-1)]).toEqual([300, 100, 399]);
    expect(t.get('jdih-db')!.url).toBe('tcp://db.jdih.kpu.go.id:5432');
    expect(t.get('kpu-dns')!).toMatchObject({ kind: 'dns', dnsType: 'A' });
    expect(t.get('kpu-dns')!.expect.values).toEqual(['103.100.200.10']);
    expect(err).toContain('not mapped: endpoints[1] (Sirekap API health): header Authorization looks like a credential');
    expect(err).toContain('condition "len([BODY].data.nodes) > 2" has no Pantau expectation');
    expect(err).toContain('endpoints[5] (kpu-mx): dns query-type MX');
    expect(err).toContain('endpoints[6] (gateway-ping): icmp:// checks have no Pantau check kind');
    expect(err).toContain('endpoints[8] (old-site): disabled in Gatus');
    expect(err).toContain('imported 6 target(s) from gatus; 7 note(s)\n');
  });
});

describe('pantau import uptime-kuma', () => {
  it('maps http, keyword, json-query, port and dns monitors; groups become apps', async () => {
    const { code, err, config } = await importAndLoad(['uptime-kuma', join(FIXTURES, 'uptime-kuma-backup.json')]);
    expect(code).toBe(0);
    const t = byId(config.targets);
    expect([...t.keys()]).toEqual(['sirekap-web', 'kpu-beranda', 'sirekap-api', 'jdih-database', 'kpu.go.id-aaaa']);
    expect(t.get('sirekap-web')!).toMatchObject({ app: 'sirekap', intervalMs: 30_000, timeoutMs: 15_000, tags: { kpu: 'pusat' } });
    expect(t.get('sirekap-web')!.alerting.failureThreshold).toBe(3); // maxretries 2 + 1
    expect(t.get('kpu-beranda')!.expect.bodyContains).toEqual(['Komisi Pemilihan Umum']);
    const accepted = t.get('kpu-beranda')!.expect.status!; // ["200-299", "301"]
    expect([accepted.length, accepted[0], accepted.at(-2), accepted.at(-1)]).toEqual([101, 200, 299, 301]);
    expect(t.get('kpu-beranda')!.app).toBe('kpu');
    expect(t.get('sirekap-api')!.expect.json).toEqual([expect.objectContaining({ path: 'status' })]);
    expect(t.get('jdih-database')!.url).toBe('tcp://db.jdih.kpu.go.id:5432');
    expect(t.get('kpu.go.id-aaaa')!).toMatchObject({ kind: 'dns', dnsType: 'AAAA' });
    expect(err).toContain('monitorList[1] (Sirekap Web): timeout 24s lowered to 15s');
    expect(err).toContain('monitorList[6] (Gateway ping): type ping has no Pantau check kind');
    expect(err).toContain('monitorList[7] (Backup job): type push');
    expect(err).toContain('monitorList[8] (Old portal): paused');
  });
});

describe('pantau import blackbox', () => {
  it('maps /probe jobs with the modules of blackbox.yml', async () => {
    const { code, err, config } = await importAndLoad(['blackbox', join(FIXTURES, 'prometheus.yml'), '--modules', join(FIXTURES, 'blackbox.yml')]);
    expect(code).toBe(0);
    const t = byId(config.targets);
    expect([...t.keys()]).toEqual([
      'www.kpu.go.id',
      'infopemilu.kpu.go.id',
      'jdih.kpu.go.id',
      'sirekap-api.kpu.go.id-health',
      'db.jdih.kpu.go.id-5432',
      'smtp.kpu.go.id-465',
      'www.kpu.go.id-2',
    ]);
    expect(t.get('www.kpu.go.id')!).toMatchObject({ app: 'kpu', timeoutMs: 5000, intervalMs: 60_000 });
    expect(t.get('www.kpu.go.id')!.expect.bodyNotMatches).toEqual(['(?i)hacked by']);
    expect(t.get('jdih.kpu.go.id')!).toMatchObject({ url: 'http://jdih.kpu.go.id', app: 'kpu-web' });
    const api = t.get('sirekap-api.kpu.go.id-health')!;
    expect(api.expect.status).toEqual([200, 204]);
    expect(api.expect.bodyMatches).toEqual(['"status":\\s*"UP"']);
    expect(api.intervalMs).toBe(30_000);
    expect(t.get('www.kpu.go.id-2')!).toMatchObject({ kind: 'dns', url: 'dns://www.kpu.go.id?resolver=8.8.8.8&type=A' });
    expect(err).toContain('job kpu-icmp target gw.kpu.go.id: prober icmp has no Pantau check kind');
    expect(err).toContain('job kpu-discovered: file_sd_configs');
  });

  it('without blackbox.yml reads modules from their names', async () => {
    const { code, config } = await importAndLoad(['blackbox', join(FIXTURES, 'prometheus.yml')]);
    expect(code).toBe(0);
    expect(config.targets.map((t) => t.kind)).toEqual(['http', 'http', 'http', 'http', 'tcp', 'tcp']);
  });
});

describe('pantau import errors: one line, exit 2', () => {
  it.each([
    [['gatus', '/nonexistent/config.yaml'], 'error: cannot read /nonexistent/config.yaml: no such file\n'],
    [['uptime-kuma', join(FIXTURES, 'gatus.yaml')], `error: ${join(FIXTURES, 'gatus.yaml')}: not JSON: `],
    [['gatus', join(FIXTURES, 'uptime-kuma-backup.json')], `error: ${join(FIXTURES, 'uptime-kuma-backup.json')}: no \`endpoints:\` list — is this a Gatus config file?\n`],
    [['blackbox', join(FIXTURES, 'gatus.yaml')], `error: ${join(FIXTURES, 'gatus.yaml')}: no \`scrape_configs:\` list — is this a Prometheus config (prometheus.yml)?\n`],
  ])('%j', async (args, message) => {
    const io = captureOutput();
    expect(await main(['import', ...args])).toBe(2);
    expect(io.err().startsWith(message)).toBe(true);
    expect(io.err().trimEnd().split('\n')).toHaveLength(1);
    expect(io.out()).toBe('');
  });
});
