import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { captureOutput } from '../support/capture';
import { main } from '../../lib/local/cli';
import { LOCAL_TABLE } from '../../lib/local/runtime';
import { DynamoStore, createDocumentClient } from '../../lambdas/adapters/dynamo-store';
import { startLocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { stateKey } from '../../lambdas/adapters/dynamo/keys';
import {
  makeCertificate,
  refusedPort,
  sampleApp,
  startDnsServer,
  startHangingServer,
  startHttpServer,
  startHttpsServer,
  startResetServer,
  startTcpListener,
  startTricklingServer,
  type RunningServer,
} from '../support/servers';

/**
 * `pantau check` end to end, as the acceptance check drives it: a config of loopback targets —
 * up, down in every failure class, an expiring certificate — through the real CLI, JSON out.
 */

const ROOT = join(__dirname, '../..');
let dir: string;
const servers: Array<{ close(): Promise<void> }> = [];
let configPath: string;
let allUpPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pantau-cli-check-'));
  const http = await startHttpServer(sampleApp);
  const expiring = await makeCertificate({ days: 3 });
  const https = await startHttpsServer(expiring);
  const untrusted = await startHttpsServer(await makeCertificate({ days: 30 }));
  const hanging = await startHangingServer();
  const reset = await startResetServer();
  const trickle = await startTricklingServer();
  const tcp = await startTcpListener();
  const dns = await startDnsServer({ 'sirekap.kpu.test': { A: ['127.0.0.1'] } });
  servers.push(http, https, untrusted, hanging, reset, trickle, tcp, dns);
  const closed = await refusedPort();
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, expiring.cert);

  const t = (s: RunningServer) => s.url;
  configPath = join(dir, 'loopback.yaml');
  writeFileSync(
    configPath,
    `
defaults: { interval: 30s, timeout: 2s }
targets:
  - { id: up, app: sirekap, url: "${t(http)}/ok", expect: { bodyContains: [Sirekap] } }
  - { id: json-up, url: "${t(http)}/json", expect: { json: [{ path: status, equals: up }] } }
  - { id: status, url: "${t(http)}/status/503" }
  - { id: assertion, url: "${t(http)}/ok", expect: { bodyNotContains: [Sirekap] } }
  - { id: redirects, url: "${t(http)}/loop/a" }
  - { id: timeout, url: "${t(hanging)}/", timeout: 500ms }
  - { id: refused, url: "http://127.0.0.1:${closed}/" }
  - { id: reset, url: "${t(reset)}/" }
  - { id: too-large, url: "${t(trickle)}/", maxBodyBytes: 64KiB }
  - { id: untrusted, url: "${t(untrusted)}/ok" }
  - { id: cert-expiring, url: "${t(https)}/ok", tls: { ca: ca.pem }, expect: { minCertDays: 7 } }
  - { id: cert-warn, url: "${t(https)}/ok", tls: { ca: ca.pem }, expect: { warnCertDays: 14 } }
  - { id: tls-kind, url: "tls://127.0.0.1:${https.port}", tls: { ca: ca.pem }, expect: { minCertDays: 1 } }
  - { id: tcp-up, url: "tcp://127.0.0.1:${tcp.port}" }
  - { id: dns-up, url: "dns://sirekap.kpu.test?resolver=${dns.address}&type=A", expect: { values: [127.0.0.1] } }
  - { id: dns-nx, url: "dns://nope.kpu.test?resolver=${dns.address}&type=A" }
`,
  );
  allUpPath = join(dir, 'all-up.yaml');
  writeFileSync(allUpPath, `targets:\n  - { id: up, url: "${t(http)}/ok" }\n  - { id: tcp-up, url: "tcp://127.0.0.1:${tcp.port}" }\n`);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => vi.restoreAllMocks());

const capture = captureOutput;

describe('pantau check --json on loopback targets', () => {
  it('prints one JSON object per target with the contract fields and the right failure class, exit 1', async () => {
    const io = capture();
    const code = await main(['check', '--json', '--config', configPath]);
    vi.restoreAllMocks();
    expect(code).toBe(1);
    const results = io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const byId = new Map(results.map((r) => [r.target as string, r]));
    expect(byId.size).toBe(16);

    for (const r of results) {
      for (const field of ['target', 'app', 'kind', 'ok', 'error', 'reason', 'status', 'latencyMs', 'phases', 'certDaysLeft', 'region', 'ts']) {
        expect(r, `${r.target as string} lacks ${field}`).toHaveProperty(field);
      }
      expect(Object.keys(r.phases as object).sort()).toEqual(['connect', 'dns', 'tls', 'total', 'transfer', 'ttfb']);
      expect(r.region).toBe('local');
      expect(Number.isNaN(Date.parse(r.ts as string))).toBe(false);
    }

    const expected: Record<string, string | null> = {
      up: null,
      'json-up': null,
      status: 'status',
      assertion: 'assertion',
      redirects: 'redirects',
      timeout: 'timeout',
      refused: 'refused',
      reset: 'reset',
      'too-large': 'body_too_large',
      untrusted: 'tls',
      'cert-expiring': 'cert_expiring',
      'cert-warn': null,
      'tls-kind': null,
      'tcp-up': null,
      'dns-up': null,
      'dns-nx': 'dns',
    };
    for (const [id, error] of Object.entries(expected)) {
      expect({ id, error: byId.get(id)!.error, ok: byId.get(id)!.ok }).toEqual({ id, error, ok: error === null });
    }

    expect(byId.get('up')).toMatchObject({ app: 'sirekap', kind: 'http', status: 200, reason: 'ok' });
    expect(byId.get('status')).toMatchObject({ status: 503 });
    expect(byId.get('tcp-up')).toMatchObject({ kind: 'tcp' });
    expect(byId.get('dns-up')).toMatchObject({ kind: 'dns', answers: ['127.0.0.1'] });
    expect(byId.get('tls-kind')).toMatchObject({ kind: 'tls' });
    // The expiring certificate: ~3 days left, reported on the HTTPS check and the tls kind.
    for (const id of ['cert-expiring', 'cert-warn', 'tls-kind']) {
      expect(byId.get(id)!.certDaysLeft as number).toBeGreaterThan(2.9);
      expect(byId.get(id)!.certDaysLeft as number).toBeLessThan(3.1);
    }
    expect(byId.get('cert-warn')!.warnings).toEqual([expect.stringMatching(/certificate expires in 3 days/)]);
    // Phases: an HTTPS check has connect, tls and ttfb; a refused one has no ttfb.
    const phases = byId.get('cert-warn')!.phases as Record<string, number | null>;
    expect(phases.tls).not.toBeNull();
    expect(phases.ttfb).not.toBeNull();
    expect((byId.get('refused')!.phases as Record<string, number | null>).ttfb).toBeNull();
    // The timeout fired at the target's own deadline, not the default.
    expect(byId.get('timeout')!.latencyMs as number).toBeLessThan(2_000);
  });

  it('exits 0 when every target is up, and --only narrows the run', async () => {
    const io = capture();
    expect(await main(['check', '--json', '--config', allUpPath])).toBe(0);
    expect(await main(['check', '--json', '--config', configPath, '--only', 'up,tcp-up'])).toBe(0);
    vi.restoreAllMocks();
    // Lines stream out as checks finish, so order is arrival order.
    const ids = io.out().trim().split('\n').map((l) => (JSON.parse(l) as { target: string }).target);
    expect(ids.sort()).toEqual(['tcp-up', 'tcp-up', 'up', 'up']);
  });

  it('--store keeps the embedded DynamoDB on disk: history and state survive between runs', async () => {
    const storeDir = join(dir, 'store');
    const io = capture();
    expect(await main(['check', '--json', '--config', allUpPath, '--store', storeDir])).toBe(0);
    expect(await main(['check', '--json', '--config', allUpPath, '--store', storeDir])).toBe(0);
    vi.restoreAllMocks();
    expect(io.err()).toBe('');

    const dynamo = await startLocalDynamo({ path: storeDir });
    try {
      const store = new DynamoStore(createDocumentClient(dynamo.client), { tableName: LOCAL_TABLE, historyDays: 30 });
      const history = await store.recentResults('up', 10);
      expect(history).toHaveLength(2);
      expect(history.every((r) => r.ok && r.target === 'up')).toBe(true);
      const state = await store.getVersioned<{ regions: Record<string, unknown> }>(stateKey('up'));
      expect(state?.version).toBe(2);
      expect(Object.keys(state!.value.regions)).toEqual(['local']);
    } finally {
      await dynamo.close();
    }
  });

  it('prints the status table when not --json', async () => {
    const io = capture();
    expect(await main(['check', '--config', allUpPath])).toBe(0);
    vi.restoreAllMocks();
    expect(io.out()).toMatch(/target.*app.*status.*latency ms.*phases ms.*cert days.*reason/);
    expect(io.out()).toContain('2 checked: 2 up (0 degraded), 0 down');
  });

  it('names an unknown --only id and exits 2', async () => {
    const io = capture();
    expect(await main(['check', '--config', allUpPath, '--only', 'nope'])).toBe(2);
    vi.restoreAllMocks();
    expect(io.err()).toContain('--only: unknown target id nope');
  });

  it('through the real bin: exit codes reach the shell and a bad config is one line, exit 2', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'bin/pantau-local.ts'), ...args], { cwd: ROOT }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
        );
      });
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'targets:\n  - { id: a, url: "htp://x" }\n');
    const badRun = await run(['check', '--config', bad]);
    expect(badRun.code).toBe(2);
    expect(badRun.stderr).toContain('targets[0].url: "htp://x" is not an http(s) URL (nor tcp://, tls:// or dns://)');
    expect(badRun.stderr).not.toMatch(/\n\s+at /);

    const upRun = await run(['check', '--json', '--config', allUpPath]);
    expect(upRun.code).toBe(0);
    expect(upRun.stdout.trim().split('\n')).toHaveLength(2);
  }, 30_000);
});
