import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signalGroup, spawnPantau, stopAll, waitFor } from '../support/processes';
import { startHttpServer, type RunningServer } from '../support/servers';

/**
 * A `pantau watch` stopped by a signal sends the day's security digest (low-severity findings
 * such as missing headers are never paged, so without it they die with the process). Real
 * child process, real signal, a loopback page without security headers.
 */

let dir: string;
let server: RunningServer;
let requests = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pantau-watch-digest-'));
  server = await startHttpServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'text/html', server: 'nginx/1.18.0' }).end('<html><head><title>KPU</title></head><body><h1>KPU Kota</h1></body></html>');
  });
});

afterAll(async () => {
  stopAll();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pantau watch stopped by a signal', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s: the pending security_digest is sent before the exit', async (signal) => {
    const config = join(dir, `watch-${signal}.yaml`);
    const jsonl = join(dir, `alerts-${signal}.jsonl`);
    writeFileSync(config, `targets:\n  - { id: kota-${signal.toLowerCase()}, app: kpu-kota, url: "${server.url}/", interval: 1m, timeout: 2s, patrol: { cloaking: false } }\n`);
    const before = requests;
    const watch = spawnPantau(['watch', '-c', config, '--alerts-jsonl', jsonl]);
    await waitFor('the first check', async () => requests > before, 20_000);
    signalGroup(watch, signal);
    expect(await watch.exited, watch.stderr()).toBe(0);
    const alerts = readFileSync(jsonl, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const digests = alerts.filter((a) => a.kind === 'security_digest');
    expect(digests, watch.stdout() + watch.stderr()).toHaveLength(1);
    expect(digests[0]!.message).toMatch(/1 target \(.*version_leak 1/);
  }, 60_000);
});
