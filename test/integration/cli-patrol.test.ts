import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { captureOutput } from '../support/capture';
import { main } from '../../lib/local/cli';
import { startHttpServer, type RunningServer } from '../support/servers';

/**
 * `pantau patrol` and `pantau check` on a loopback site: one clean page, one with gambling links
 * hidden in the markup, one defaced. Real CLI, real checks, 127.0.0.1 only.
 */

const page = (body: string) => `<!doctype html><html><head><title>KPU Kota Contoh</title></head><body>${body}</body></html>`;
const PAGES: Record<string, string> = {
  '/clean': page('<h1>Komisi Pemilihan Umum Kota Contoh</h1><p>Informasi tahapan pemilu.</p>'),
  '/hidden': page('<h1>Komisi Pemilihan Umum</h1><div style="display:none"><a href="https://slot.example/">Slot Gacor Maxwin</a></div>'),
  '/defaced': page('<h1>HaCkEd bY Garuda Team</h1>'),
};

let dir: string;
let server: RunningServer;
let configPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pantau-cli-patrol-'));
  server = await startHttpServer((req, res) => {
    const body = PAGES[new URL(req.url ?? '/', 'http://x').pathname];
    if (body === undefined) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  configPath = join(dir, 'patrol.yaml');
  writeFileSync(
    configPath,
    `
defaults: { interval: 30s, timeout: 3s, patrol: { cloaking: false, headers: false } }
targets:
  - { id: kota-clean, app: kpu-kota, url: "${server.url}/clean" }
  - { id: kota-hidden, app: kpu-kota, url: "${server.url}/hidden" }
  - { id: kota-defaced, app: kpu-kota, url: "${server.url}/defaced" }
  - { id: tcp-only, app: kpu-kota, url: "tcp://127.0.0.1:${server.port}" }
`,
  );
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('pantau patrol', () => {
  it('--json prints one object per finding with its evidence and exits 1 when one pages', async () => {
    const io = captureOutput();
    const code = await main(['patrol', '--json', '--config', configPath]);
    vi.restoreAllMocks();
    expect(code).toBe(1);
    const findings = jsonLines(io.out());
    for (const f of findings) {
      for (const field of ['target', 'app', 'finding', 'severity', 'evidence', 'state']) expect(f).toHaveProperty(field);
      expect(f.state).toBe('open');
    }
    const byTarget = (id: string) => findings.filter((f) => f.target === id);
    expect(byTarget('kota-clean')).toEqual([]);
    expect(byTarget('tcp-only')).toEqual([]);
    expect(byTarget('kota-defaced').map((f) => [f.finding, f.severity])).toContainEqual(['defacement', 'page']);
    const hidden = byTarget('kota-hidden');
    expect(hidden.map((f) => f.finding)).toContain('gambling_content');
    expect(hidden.map((f) => String(f.evidence).toLowerCase()).join(' ')).toContain('slot gacor');
  });

  it('exits 0 on a clean site and prints a summary table otherwise', async () => {
    const io = captureOutput();
    const code = await main(['patrol', '--config', configPath, '--only', 'kota-clean']);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    expect(io.out()).toContain('0 findings (0 page, 0 digest) on 1 target patrolled');
  });

  it('--only naming only targets the patrol does not judge is a usage error (exit 2)', async () => {
    const io = captureOutput();
    const code = await main(['patrol', '--config', configPath, '--only', 'tcp-only']);
    vi.restoreAllMocks();
    expect(code).toBe(2);
    expect(io.err()).toContain('no target the patrol judges');
  });
});

describe('pantau check shows findings beside uptime', () => {
  it('lists them under the table and carries `patrol` in --json', async () => {
    let io = captureOutput();
    expect(await main(['check', '--config', configPath, '--only', 'kota-defaced,kota-clean'])).toBe(0);
    vi.restoreAllMocks();
    expect(io.out()).toContain('Security findings:');
    expect(io.out()).toMatch(/SECURITY kota-defaced defacement: .*hacked by/i);
    // In the result's own row, beside its uptime verdict.
    const row = (id: string) => io.out().split('\n').find((l) => l.includes(` ${id} `)) ?? '';
    expect(row('kota-defaced')).toMatch(/│ UP\s+│ defacement\s+│/);
    expect(row('kota-clean')).toMatch(/│ UP\s+│ clean\s+│/);

    io = captureOutput();
    await main(['check', '--json', '--config', configPath, '--only', 'kota-defaced']);
    vi.restoreAllMocks();
    const [result] = jsonLines(io.out());
    expect(result!.ok).toBe(true);
    expect((result!.patrol as { findings: Array<{ finding: string }> }).findings.map((f) => f.finding)).toContain('defacement');
  });
});
