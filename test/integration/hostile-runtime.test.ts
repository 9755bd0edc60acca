import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { statSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync, openSync, writeSync, closeSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledCheck, settleBoundMs, runChecks } from '../../lambdas/core/probe';
import type { CheckResult, TargetSpec } from '../../lambdas/core/types';
import { makeTarget } from '../support/config-fixture';
import { JsonlFileChannel } from '../../lambdas/adapters/local-notifier';
import type { AlertEvent } from '../../lambdas/core/alerting/types';
import { signalGroup, spawnPantau, startDynaliteCli, stopAll, waitFor, type Spawned } from '../support/processes';
import { refusedPort, startHangingServer, type RunningServer } from '../support/servers';

/**
 * Issue 9, points 3, 5 and 6: a check always settles, a signal never loses held alerts or the
 * store, and a broken store is one line and exit 2 — through the real bin in its own process
 * group, on real loopback servers, real store folders and a real full disk (tmpfs; needs root,
 * as CI runs).
 */

let dir: string;
let hanging: RunningServer;
let closedPort: number;
const mounts: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pantau-hostile-runtime-'));
  hanging = await startHangingServer();
  closedPort = await refusedPort();
});

afterAll(async () => {
  stopAll();
  for (const m of mounts) execFileSync('umount', [m]);
  await hanging.close();
  rmSync(dir, { recursive: true, force: true });
});

const oneLine = (text: string) => text.trim().split('\n');
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |node:internal|Node\.js v/);

function writeConfig(name: string, yaml: string): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

/** A 256 KB tmpfs: a real disk that fills up. */
function smallDisk(name: string): string {
  const mount = join(dir, name);
  mkdirSync(mount);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mount]);
  mounts.push(mount);
  return mount;
}

/** Fills `mount` to the last block. */
function fill(mount: string): void {
  const fd = openSync(join(mount, 'fill'), 'w');
  try {
    for (;;) writeSync(fd, Buffer.alloc(4096));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

function fingerprint(folder: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(folder)
      .filter((f) => f !== 'LOCK')
      .map((f) => [f, createHash('sha1').update(readFileSync(join(folder, f))).digest('hex')]),
  );
}

async function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const p = spawnPantau(args);
  const code = await p.exited;
  return { code, out: p.stdout(), err: p.stderr() };
}

describe('never hang: every check settles by its bound with a result', () => {
  const base = (over: Partial<TargetSpec> = {}) => makeTarget({ id: 'x', url: `${hanging.url}/`, timeoutMs: 300, ...over });
  const rows: Array<{ name: string; target: () => TargetSpec; run?: Parameters<typeof settledCheck>[2]; reason: RegExp }> = [
    {
      name: 'http.request throws synchronously (a header value the runtime rejects)',
      target: () => base({ headers: { 'x-bad': 'a\nb' } }),
      reason: /header|invalid/i,
    },
    {
      name: 'an invalid URL built at run time',
      target: () => base({ url: 'http://[::1/' }),
      reason: /url|invalid/i,
    },
    {
      name: 'a check that throws before returning a promise',
      target: () => base(),
      run: () => {
        throw new TypeError('boom before any promise');
      },
      reason: /internal error: boom before any promise/,
    },
    {
      name: 'a check that never settles (a socket that never emits)',
      target: () => base(),
      run: () => new Promise<CheckResult>(() => {}),
      reason: /did not settle within \d+ ms/,
    },
    {
      name: 'a check that rejects outside its deadline race',
      target: () => base(),
      run: () => Promise.reject(new Error('late rejection')),
      reason: /internal error: late rejection/,
    },
  ];
  it.concurrent.each(rows)('$name', async ({ target, run: impl, reason }) => {
    const spec = target();
    const result = await settledCheck(spec, { region: 'local' }, impl);
    expect(result.ok).toBe(false);
    expect(result.error).not.toBeNull();
    expect(result.reason).toMatch(reason);
    expect(result.reason!.length).toBeLessThanOrEqual(300);
    expect(settleBoundMs(spec)).toBeGreaterThan(spec.timeoutMs);
  });

  it('runChecks returns one result per target when checks throw synchronously', async () => {
    const targets = [makeTarget({ id: 'a', url: `${hanging.url}/`, timeoutMs: 300, headers: { 'x-bad': 'a\r\nb' } }), makeTarget({ id: 'b', url: 'http://[::1/', timeoutMs: 300 })];
    const results = await runChecks(targets, { region: 'local', concurrency: 2 });
    expect(results.map((r) => [r.target, r.ok])).toEqual([['a', false], ['b', false]]);
  });
});

describe('clean shutdown: SIGINT and SIGTERM, once or twice', () => {
  // Three interval groups. 1 s: two refused Sirekap targets open a storm (threshold 2) at once.
  // 20 s: a third Sirekap target hangs, goes DOWN at its 1 s deadline and is held for the digest
  // the shutdown must flush. 30 s: a Sidalih target hangs for its 8 s timeout, so a cycle is
  // running when the signal comes.
  const config = () =>
    writeConfig(
      'signals.yaml',
      `alerting: { storm: { threshold: 2, window: 10m } }
targets:
  - { id: gone-1, app: sirekap, url: "http://127.0.0.1:${closedPort}/", interval: 1s, timeout: 500ms, failureThreshold: 1 }
  - { id: gone-2, app: sirekap, url: "http://127.0.0.1:${closedPort}/", interval: 1s, timeout: 500ms, failureThreshold: 1 }
  - { id: held, app: sirekap, url: "${hanging.url}/", interval: 20s, timeout: 1s, failureThreshold: 1 }
  - { id: slow, app: sidalih, url: "${hanging.url}/", interval: 30s, timeout: 8s, failureThreshold: 1 }
`,
    );
  const rows = [
    { signal: 'SIGINT' as const, times: 1, exit: 1 },
    { signal: 'SIGTERM' as const, times: 1, exit: 1 },
    { signal: 'SIGINT' as const, times: 2, exit: 130 },
    { signal: 'SIGTERM' as const, times: 2, exit: 143 },
  ];
  it.concurrent.each(rows)('$signal × $times → exit $exit, digest flushed, store released', async ({ signal, times, exit }) => {
    const store = join(dir, `store-${signal}-${times}`);
    const jsonl = join(dir, `alerts-${signal}-${times}.jsonl`);
    const cfg = config();
    const watch: Spawned = spawnPantau(['watch', '-c', cfg, '--store', store, '--alerts-jsonl', jsonl]);
    await waitFor('the storm opening', async () => /DOWN 2 Sirekap targets/.test(watch.stdout()), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 4_000)); // well past `held`'s 1 s deadline (3 s bound): its DOWN is held
    signalGroup(watch, signal);
    await waitFor('the finishing line', async () => /finishing the cycle, \d+ s left; Ctrl-C again to stop now/.test(watch.stdout()));
    if (times === 2) {
      await new Promise((resolve) => setTimeout(resolve, 2_000)); // past the repeat window: a second press, the slow cycle still running
      signalGroup(watch, signal);
    }
    expect(await watch.exited).toBe(exit);
    noStack(watch.stderr());
    const lines = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { target: string; subject: string });
    const storm = lines.filter((l) => l.target === 'group:sirekap');
    expect(storm, watch.stdout() + watch.stderr()).toHaveLength(2);
    expect(storm[1]!.subject).toMatch(/held/);
    expect(lines.some((l) => l.target === 'slow')).toBe(times === 1); // a second signal abandons the slow check
    const again = await run(['check', '-c', cfg, '--only', 'gone-1', '--store', store]);
    expect(again.err).not.toMatch(/in use/);
    expect(again.code).toBe(1);
  }, 40_000);
});

describe('store failures are one line and exit 2, with nothing stored lost', () => {
  const upConfig = () =>
    writeConfig('store.yaml', `targets:\n  - { id: gone, app: sirekap, url: "http://127.0.0.1:${closedPort}/", timeout: 500ms }\n`);
  /** A store folder an earlier run wrote, with a table file (.ldb) and a log. */
  async function earlierStore(name: string, parent = dir): Promise<string> {
    const store = join(parent, name);
    for (let i = 0; i < 2; i++) expect((await run(['check', '-c', upConfig(), '--store', store])).code).toBe(1);
    return store;
  }
  const damage = {
    'full disk': async () => {
      const store = await earlierStore('st', smallDisk('full-store'));
      fill(join(dir, 'full-store'));
      return { store, message: /^error: --store: the disk holding .*full-store\/st is full \(ENOSPC\) — free space on it/ };
    },
    'truncated .ldb': async () => {
      const store = await earlierStore('truncated');
      for (const f of readdirSync(store).filter((f) => f.endsWith('.ldb'))) truncateSync(join(store, f), 100);
      return { store, message: /^error: --store: .*truncated is damaged \(.*\) — run again with --repair-store/ };
    },
    'corrupt .log': async () => {
      const store = await earlierStore('corrupt');
      for (const f of readdirSync(store).filter((f) => f.endsWith('.log'))) {
        const fd = openSync(join(store, f), 'r+');
        writeSync(fd, Buffer.from('garbage'.repeat(20)), 0, 140, 40);
        closeSync(fd);
      }
      return { store, message: /^error: --store: .*corrupt is damaged \(.*Corruption.*\) — run again with --repair-store/ };
    },
  };
  it.concurrent.each(Object.keys(damage))('%s', async (name) => {
    const { store, message } = await damage[name as keyof typeof damage]();
    const before = existsSync(store) ? fingerprint(store) : {};
    const result = await run(['check', '-c', upConfig(), '--store', store]);
    expect(result.code).toBe(2);
    expect(oneLine(result.err)).toHaveLength(1);
    expect(result.err).toMatch(message);
    noStack(result.err);
    if (existsSync(store)) expect(fingerprint(store)).toEqual(before);
    if (name !== 'full disk') expect((await run(['check', '-c', upConfig(), '--store', store, '--repair-store'])).code).toBe(1);
  }, 90_000);

  it('two watch --store DIR started at the same instant: one runs, the other says the folder is in use (exit 2)', async () => {
    const store = join(dir, 'race');
    // The hanging target holds each run's cycle (and the folder) for its 2 s timeout: they overlap.
    const slow = writeConfig('race.yaml', `targets:\n  - { id: slow, app: sirekap, url: "${hanging.url}/", timeout: 2s }\n`);
    const args = ['watch', '-c', slow, '--store', store, '--cycles', '1'];
    const [a, b] = await Promise.all([run(args), run(args)]);
    const codes = [a.code, b.code].sort();
    expect(codes).toEqual([1, 2]);
    const loser = a.code === 2 ? a : b;
    expect(oneLine(loser.err)).toHaveLength(1);
    expect(loser.err).toMatch(/^error: --store: .*race is in use by another pantau process( \(pid \d+\))? — stop it, or pass another folder/);
    noStack(loser.err);
  }, 40_000);
});

describe('an alerts file on a full disk', () => {
  it('is reported once and each alert prints once on the console, never re-announced', async () => {
    const mount = smallDisk('full-alerts');
    writeFileSync(join(mount, 'a.jsonl'), '');
    fill(mount);
    const cfg = writeConfig(
      'alerts-full.yaml',
      `targets:\n  - { id: gone, app: sirekap, url: "http://127.0.0.1:${closedPort}/", interval: 1s, timeout: 500ms, failureThreshold: 1 }\n`,
    );
    const result = await run(['watch', '-c', cfg, '--cycles', '4', '--alerts-jsonl', join(mount, 'a.jsonl')]);
    expect(result.code).toBe(1);
    expect(result.out.match(/DOWN/g)).toHaveLength(1);
    expect(result.err.match(/--alerts-jsonl .*a\.jsonl: write failed \(ENOSPC\) — alerts still print here/g)).toHaveLength(1);
    noStack(result.err);
  }, 40_000);
});

describe('an alerts file whose disk fills in the middle of a line', () => {
  it('never keeps half a line: the cut write is undone, and the held line is written whole once there is room', async () => {
    const mount = smallDisk('half-line');
    const path = join(mount, 'a.jsonl');
    writeFileSync(path, '');
    fill(mount);
    // One free page: the next alert (longer than a page) is cut by ENOSPC part-way through.
    const filler = join(mount, 'fill');
    truncateSync(filler, statSync(filler).size - 4096);
    const warnings: string[] = [];
    const channel = new JsonlFileChannel(path, (line) => warnings.push(line));
    const event: AlertEvent = {
      kind: 'down',
      target: 'sirekap-web',
      app: 'sirekap',
      severity: 'critical',
      topic: 'critical',
      incidentId: 'sirekap-web@20261202T080000Z',
      ts: '2026-12-02T08:00:00.000Z',
      subject: 'DOWN Sirekap',
      message: `DOWN Sirekap: ${'x'.repeat(10_000)}`,
      regions: ['local'],
      dedupId: 'd1',
    };
    await channel.deliver(event);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/write failed \(ENOSPC\)/);
    expect(readFileSync(path, 'utf8')).toBe('');
    expect(channel.heldLines).toBe(1);
    rmSync(filler);
    await channel.retryFile();
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ kind: 'down', target: 'sirekap-web' });
    expect(channel.heldLines).toBe(0);
  });
});

describe('a store that stops taking writes mid-run', () => {
  /** An HTTP target the test takes down and brings back on the same port. */
  async function switchableTarget(): Promise<{ port: number; down(): Promise<void>; up(): Promise<void> }> {
    let server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    return {
      port,
      down: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
      up: async () => {
        server = createServer((_req, res) => res.end('ok'));
        await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      },
    };
  }

  it.each([
    ['a --store folder whose disk fills up', 'disk'],
    ['a --store-endpoint that goes away', 'endpoint'],
  ])('%s: watch keeps monitoring, says so once, and DOWN / RECOVERED still print once each', async (_name, how) => {
    const target = await switchableTarget();
    const cfg = writeConfig(
      `midrun-${how}.yaml`,
      `targets:\n  - { id: sirekap-web, app: sirekap, url: "http://127.0.0.1:${target.port}/", interval: 1s, timeout: 500ms }\n`,
    );
    let storeArgs: string[];
    let breakStore: () => void;
    if (how === 'disk') {
      const mount = smallDisk('midrun-disk');
      storeArgs = ['--store', join(mount, 'st')];
      breakStore = () => fill(mount);
    } else {
      const shared = await startDynaliteCli();
      storeArgs = ['--store-endpoint', shared.endpoint];
      breakStore = () => signalGroup(shared.process, 'SIGKILL');
    }
    const watch = spawnPantau(['watch', '-c', cfg, ...storeArgs, '--cycles', '60']);
    await waitFor('the watch line', async () => /watching 1 target/.test(watch.stdout()));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    breakStore();
    await waitFor('the failover warning', async () => /monitoring goes on with alert state in memory/.test(watch.stderr()), 30_000);
    await target.down();
    await waitFor('DOWN on the console', async () => /DOWN Sirekap/.test(watch.stdout()), 20_000);
    await target.up();
    await waitFor('RECOVERED on the console', async () => /RECOVERED Sirekap/.test(watch.stdout()), 20_000);
    signalGroup(watch, 'SIGINT');
    // One Ctrl-C finishes the cycle: the exit code is the verdict (the target is up again).
    expect(await watch.exited).toBe(0);
    expect(watch.stdout().match(/DOWN Sirekap/g)).toHaveLength(1);
    expect(watch.stdout().match(/RECOVERED Sirekap/g)).toHaveLength(1);
    expect(watch.stderr().match(/monitoring goes on with alert state in memory/g)).toHaveLength(1);
    expect(watch.stderr()).toMatch(/alerts still print here/);
    noStack(watch.stderr());
  }, 120_000);
});
