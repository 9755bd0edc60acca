import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchText, PROMETHEUS_ACCEPT } from '../../lambdas/adapters/capacity-fetch';
import { parsePromText } from '../../lambdas/core/capacity/prom-text';
import { prometheusResources, readPromResource } from '../../lambdas/core/capacity/prometheus-read';
import { DEFAULT_THRESHOLDS } from '../../lambdas/core/capacity/levels';
import type { CapacitySource } from '../../lambdas/core/capacity/types';
import { capacityCommand } from '../../lib/local/capacity';
import { makeConfig } from '../support/config-fixture';

/**
 * The parsers and the preset on REAL node_exporter output: Debian's prometheus-node-exporter
 * started on 127.0.0.1 (installed by .ci/run), compared with what the OS itself reports.
 */

const EXPORTER = '/usr/bin/prometheus-node-exporter';
let exporter: ChildProcess;
let url: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}/metrics`;
  exporter = spawn(EXPORTER, [`--web.listen-address=127.0.0.1:${port}`, '--no-collector.systemd'], { stdio: 'ignore' });
  const exited = new Promise<never>((_, reject) => exporter.once('exit', (code) => reject(new Error(`node_exporter exited (${code})`))));
  // Poll until it answers (bounded): it needs a moment to bind.
  for (let i = 0; i < 100; i++) {
    const ok = await Promise.race([fetchText(url, { timeoutMs: 1_000 }).then(() => true, () => false), exited]);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`node_exporter did not answer on ${url}`);
});

afterAll(() => {
  exporter?.kill('SIGTERM');
});

const source = (): CapacitySource => ({
  id: 'host/0',
  site: 'host',
  intervalMs: 60_000,
  timeoutMs: 5_000,
  severity: 'high',
  thresholds: DEFAULT_THRESHOLDS,
  lookbackMs: null,
  source: { type: 'prometheus', url, preset: 'node-exporter', resources: [] },
});

function meminfoBytes(field: string): number {
  const line = readFileSync('/proc/meminfo', 'utf8').split('\n').find((l) => l.startsWith(`${field}:`))!;
  return Number(line.split(/\s+/)[1]) * 1024;
}

describe('node-exporter preset against a real node_exporter', () => {
  it('filesystem:/ matches statfs("/") and df: Used, Avail and Use% (root-reserved blocks counted as df does)', async () => {
    const scrape = parsePromText(await fetchText(url, { timeoutMs: 5_000, headers: { accept: PROMETHEUS_ACCEPT } }));
    const stat = statfsSync('/');
    const df = execFileSync('df', ['-B1', '--output=used,avail,pcent', '/'], { encoding: 'utf8' }).trim().split('\n')[1]!.trim().split(/\s+/);
    const resource = prometheusResources(source().source as never, scrape).find((r) => r.name === 'filesystem:/');
    expect(resource, 'the root filesystem is a real filesystem').toBeDefined();
    const result = readPromResource('host', resource!, { samples: scrape, tsMs: Date.now() }, undefined);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const size = stat.blocks * stat.bsize;
    const used = (stat.blocks - stat.bfree) * stat.bsize;
    const avail = stat.bavail * stat.bsize;
    // Other test files write to the same disk meanwhile: allow 0.5 % of the disk.
    const drift = size * 0.005;
    expect(Math.abs(result.reading.used - used)).toBeLessThan(drift);
    expect(Math.abs(result.reading.headroom - avail)).toBeLessThan(drift);
    expect(Math.abs(result.reading.total - (used + avail))).toBeLessThan(2 * drift);
    expect(Math.abs(result.reading.used - Number(df[0]))).toBeLessThan(drift);
    expect(Math.abs(result.reading.headroom - Number(df[1]))).toBeLessThan(drift);
    // df rounds Use% up to a whole percent.
    expect(Math.abs(result.reading.utilisation - Number(df[2]!.replace('%', '')))).toBeLessThanOrEqual(1.5);
  });

  it('memory matches /proc/meminfo: MemTotal exactly, MemTotal − MemAvailable within drift', async () => {
    const scrape = parsePromText(await fetchText(url, { timeoutMs: 5_000 }));
    const resource = prometheusResources(source().source as never, scrape).find((r) => r.name === 'memory')!;
    const result = readPromResource('host', resource, { samples: scrape, tsMs: Date.now() }, undefined);
    const total = meminfoBytes('MemTotal');
    const used = total - meminfoBytes('MemAvailable');
    expect(result.ok && result.reading.total).toBe(total);
    // Parallel test workers allocate and free memory between the two reads: 3 % of RAM.
    expect(Math.abs((result.ok ? result.reading.used : NaN) - used)).toBeLessThan(total * 0.03);
  });

  it('`pantau capacity --json` reports cpu, memory and filesystem:/ on the first run (two scrapes for cpu)', async () => {
    let text = '';
    const out = new Writable({ write: (chunk, _enc, done) => ((text += String(chunk)), done()) });
    let errText = '';
    const err = new Writable({ write: (chunk, _enc, done) => ((errText += String(chunk)), done()) });
    const { exitCode, report } = await capacityCommand(makeConfig({ capacity: [source()] }), { json: true }, out, err);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const byResource = new Map(lines.map((l) => [l.resource, l]));
    expect([...byResource.keys()]).toEqual(expect.arrayContaining(['cpu', 'memory', 'filesystem:/']));
    for (const l of lines) {
      expect(l).toMatchObject({ site: 'host', hoursToExhaustion: null });
      expect(typeof l.used).toBe('number');
      expect(l.total as number).toBeGreaterThan(0);
      expect(l.utilisation as number).toBeGreaterThanOrEqual(0);
      expect(l.utilisation as number).toBeLessThanOrEqual(100);
      expect(l.headroom).toBeCloseTo((l.total as number) - (l.used as number), 3);
      expect(Date.parse(l.ts as string)).not.toBeNaN();
    }
    expect(byResource.get('cpu')).toMatchObject({ unit: 'cores', total: (await import('node:os')).cpus().length });
    expect(byResource.get('memory')).toMatchObject({ unit: 'bytes', total: meminfoBytes('MemTotal') });
    expect(report.failures).toEqual([]);
    expect(errText).toBe('');
    expect(exitCode).toBe(report.levels.includes('critical') ? 1 : 0);
  });

  it('the real CLI (`npm start -- capacity --json --config F`) on a YAML config: cpu, memory, filesystem:/; bad config exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pantau-capacity-cli-'));
    const good = join(dir, 'good.yaml');
    writeFileSync(good, `capacity:\n  - site: this-host\n    source: { type: prometheus, url: "${url}", preset: node-exporter }\n`);
    const root = join(__dirname, '../..');
    const run = (config: string) =>
      promisify(execFile)(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'bin/pantau-local.ts'), 'capacity', '--json', '--config', config], { cwd: root, timeout: 30_000 })
        .then((r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }))
        .catch((e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));
    const ok = await run(good);
    const resources = ok.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { resource: string }).resource);
    expect(resources).toEqual(expect.arrayContaining(['cpu', 'memory', 'filesystem:/']));
    expect([0, 1]).toContain(ok.code); // 1 only if this busy test machine has a critical resource

    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'capacity:\n  - site: this-host\n    source: { type: prometheus }\n');
    const failed = await run(bad);
    expect(failed.code).toBe(2);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toContain('capacity[0].source.url');
    expect(failed.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  });
});
