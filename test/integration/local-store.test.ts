import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { LocalStoreError, checkStoreFolder, openLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { main } from '../../lib/local/cli';
import { captureOutput } from '../support/capture';

/**
 * `--store DIR` folders that cannot hold the store are refused up front with the folder and the
 * fix (dynalite itself would crash on them from inside a request, with a stack trace).
 */

const dir = mkdtempSync(join(tmpdir(), 'pantau-local-store-'));
const open: LocalDynamo[] = [];
afterAll(async () => {
  await Promise.all(open.map((d) => d.close()));
});

describe('the on-disk local store', () => {
  it('reopens a folder an earlier run wrote, and holds it while open', async () => {
    const first = await openLocalDynamo('pantau', join(dir, 'kept'));
    await first.close();
    const again = await openLocalDynamo('pantau', join(dir, 'kept'));
    open.push(again);
    await expect(checkStoreFolder(join(dir, 'kept'))).rejects.toThrow(LocalStoreError);
  });

  it('a folder another store holds open is "in use", and nothing in it is touched', async () => {
    const held = join(dir, 'held');
    open.push(await openLocalDynamo('pantau', held));
    await expect(checkStoreFolder(held)).rejects.toThrow(`--store: ${held} is in use by another pantau process (pid ${process.pid}) — stop it, or pass another folder`);
  });

  it('a file where the folder should be cannot be created', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    await expect(checkStoreFolder(file)).rejects.toThrow(`--store: cannot create the folder ${file} (EEXIST) — pass a folder you can write to`);
  });

  it('through the CLI: exit 2 and one line, no stack trace', async () => {
    const file = join(dir, 'cli-file');
    writeFileSync(file, 'x');
    const config = join(dir, 'c.yaml');
    writeFileSync(config, 'targets: [{ id: a, url: "tcp://127.0.0.1:1" }]\n');
    const output = captureOutput();
    try {
      expect(await main(['check', '--config', config, '--store', file])).toBe(2);
    } finally {
      vi.restoreAllMocks();
    }
    expect(output.err()).toBe(`error: --store: cannot create the folder ${file} (EEXIST) — pass a folder you can write to\n`);
    expect(output.out()).toBe('');
  });
});
