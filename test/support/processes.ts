import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DynamoStore, createDocumentClient } from '../../lambdas/adapters/dynamo-store';
import { localDynamoClient } from '../../lambdas/adapters/local-dynamo';
import type { ItemKey } from '../../lambdas/adapters/dynamo/keys';
import { refusedPort } from './servers';

/**
 * Real processes for multi-process tests: the dynalite CLI on a free loopback port and the real
 * `pantau` bin. Each runs in its own process group (`detached`), so a cleanup reaches tsx's node
 * child too (ENVIRONMENT.md "Signals"); `stopAll()` kills whatever is still running.
 */

const ROOT = join(__dirname, '../..');
const running = new Set<ChildProcess>();

export interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (signals as 128 + n are reported as null). */
  exited: Promise<number | null>;
}

function start(command: string, args: string[]): Spawned {
  const child = spawn(command, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', FORCE_COLOR: '0' },
  });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/**
 * `pantau <args>` through the real bin as `npm start` runs it: one node process with tsx as a
 * loader (no tsx wrapper in between), so a signal to it is a signal to pantau.
 */
export function spawnPantau(args: string[]): Spawned {
  return start(process.execPath, ['--import', 'tsx', join(ROOT, 'bin/pantau-local.ts'), ...args]);
}

/** Sends `signal` to the process group a spawned process leads (what a terminal or systemd does). */
export function signalGroup(spawned: Spawned, signal: NodeJS.Signals): void {
  process.kill(-spawned.child.pid!, signal);
}

/** The dynalite CLI (in memory) on a free loopback port; resolves once it listens. */
export async function startDynaliteCli(): Promise<{ endpoint: string; process: Spawned }> {
  const port = await refusedPort();
  const proc = start(process.execPath, [join(ROOT, 'node_modules/dynalite/cli.js'), '--host', '127.0.0.1', '--port', String(port)]);
  await waitFor(`dynalite listening on ${port}`, async () => proc.stdout().includes('Dynalite listening'), 15_000);
  return { endpoint: `http://127.0.0.1:${port}`, process: proc };
}

export function stopAll(): void {
  for (const child of running) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
}

/** Polls `condition` every 100 ms; fails naming `what` after `limitMs` (a bound, not a speed claim). */
export async function waitFor(what: string, condition: () => Promise<boolean>, limitMs = 20_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Reads the STATE item the CLI processes write at `endpoint` / `table` (undefined until the table and item exist). */
export function sharedState<T>(endpoint: string, table: string): { read(key: ItemKey): Promise<T | undefined>; close(): void } {
  const client = localDynamoClient(endpoint);
  const store = new DynamoStore(createDocumentClient(client), { tableName: table, historyDays: 30 });
  return {
    read: async (key) => {
      try {
        return (await store.getVersioned<T>(key))?.value;
      } catch (err) {
        // The processes create the table when they start; until then there is no state.
        if ((err as { name?: string }).name === 'ResourceNotFoundException') return undefined;
        throw err;
      }
    },
    close: () => client.destroy(),
  };
}
