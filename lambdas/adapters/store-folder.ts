import { closeSync, cpSync, statfsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Level } from 'level';

/**
 * The `--store` folder's checks before dynalite opens it. dynalite opens LevelDB from inside a
 * request callback, so a folder it cannot use would crash the process with a stack trace; and
 * LevelDB's own recovery silently drops a damaged log (the last state: a second DOWN page for
 * the same outage). Here every such case becomes one line naming the folder and the fix, and the
 * folder is left exactly as it was.
 */

/**
 * The store cannot be used (a `--store` folder, a `--store-endpoint` or its `--table`); the
 * message names the option and the fix, and the CLI prints it as one line (exit 2).
 */
export class LocalStoreError extends Error {
  override name = 'LocalStoreError';
}

/** Our own claim on a folder, taken before dynalite opens it and held until the store closes. */
export const CLAIM_FILE = 'PANTAU.pid';

const errCode = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;
const causeOf = (err: unknown) => String((err as { cause?: Error }).cause?.message ?? (err as Error).message);
const diskFull = (text: string) => /ENOSPC|No space left/i.test(text);

function fullDisk(path: string, detail: string): LocalStoreError {
  return new LocalStoreError(`--store: the disk holding ${path} is full (${detail}) — free space on it, or pass a folder on another disk; nothing stored was changed`);
}

function inUse(path: string, pid?: number): LocalStoreError {
  return new LocalStoreError(
    `--store: ${path} is in use by another pantau process${pid ? ` (pid ${pid})` : ''} — stop it, or pass another folder`,
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errCode(err) === 'EPERM';
  }
}

/**
 * Claims `path` for this process with an exclusive create of CLAIM_FILE: of two processes started
 * at the same instant exactly one wins (LevelDB's LOCK alone leaves a gap between our check and
 * dynalite's open). A claim whose process is gone (killed with SIGKILL) is taken over.
 */
export function claimStoreFolder(path: string): () => void {
  const file = join(path, CLAIM_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      try {
        writeSync(fd, String(process.pid));
      } catch (err) {
        rmSync(file, { force: true });
        throw err;
      } finally {
        closeSync(fd);
      }
      return () => rmSync(file, { force: true });
    } catch (err) {
      if (diskFull(errCode(err))) throw fullDisk(path, 'ENOSPC');
      if (errCode(err) !== 'EEXIST') throw new LocalStoreError(`--store: cannot write in ${path} (${errCode(err)}) — pass a folder you can write to`);
      let owner = Number.NaN;
      try {
        owner = Number(readFileSync(file, 'utf8'));
      } catch {
        // Its owner is writing it or just removed it: look again.
      }
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) throw inUse(path, owner);
      // Empty (the winner is mid-write) or stale: a stale claim is removed, a fresh one wins below.
      if (Number.isInteger(owner) && owner > 0) {
        try {
          unlinkSync(file);
        } catch {
          // Another process took it over first.
        }
      } else if (attempt === 2) {
        throw inUse(path);
      }
    }
  }
  throw inUse(path);
}

/**
 * Reads a copy of the store end to end: a truncated or corrupt table fails the read, and a
 * damaged log shows in LevelDB's LOG as "Corruption" (it would drop those records on open).
 * The copy, not the folder, takes LevelDB's recovery, so nothing stored changes.
 */
async function verifyCopy(path: string): Promise<string | null> {
  const copy = mkdtempSync(join(tmpdir(), 'pantau-store-check-'));
  // Messages name the operator's folder, not the copy.
  const damage = await readCopy(path, copy).finally(() => rmSync(copy, { recursive: true, force: true }));
  return damage && damage.split(copy).join(path);
}

async function readCopy(path: string, copy: string): Promise<string | null> {
  {
    cpSync(path, copy, { recursive: true, filter: (src) => !/[/\\](LOCK|PANTAU\.pid)$/.test(src) });
    const db = new Level(copy);
    try {
      await db.open();
      for await (const _entry of db.iterator()) void _entry;
    } catch (err) {
      return causeOf(err);
    } finally {
      await db.close().catch(() => {});
    }
    const log = readFileSync(join(copy, 'LOG'), 'utf8');
    return log.match(/[^\n]*Corruption[^\n]*/)?.[0].replace(/^\S+ \S+ (\(ignoring error\) )?/, '') ?? null;
  }
}

/** Checks and claims `path` for the store; returns the call that releases the claim. */
export async function checkStoreFolder(path: string, options: { repair?: boolean } = {}): Promise<() => void> {
  try {
    mkdirSync(path, { recursive: true });
  } catch (err) {
    if (diskFull(errCode(err))) throw fullDisk(path, 'ENOSPC');
    throw new LocalStoreError(`--store: cannot create the folder ${path} (${errCode(err)}) — pass a folder you can write to`);
  }
  const release = claimStoreFolder(path);
  try {
    // classic-level's RepairDB (the `level` types leave it out): rebuilds the tables from what can be read.
    if (options.repair) await (Level as unknown as { repair(location: string): Promise<void> }).repair(path);
    const damage = await verifyCopy(path);
    if (damage && diskFull(damage)) throw fullDisk(path, damage);
    if (damage) {
      throw new LocalStoreError(
        `--store: ${path} is damaged (${damage}) — run again with --repair-store to keep what can be read, or move the folder aside and start with an empty one; nothing was changed`,
      );
    }
    const db = new Level(path);
    try {
      await db.open();
    } catch (err) {
      const cause = causeOf(err);
      if (/lock/i.test(cause)) throw inUse(path);
      if (diskFull(cause)) throw fullDisk(path, cause);
      throw new LocalStoreError(`--store: cannot open ${path} as a store (${cause}) — pass an empty folder or one an earlier pantau run wrote`);
    } finally {
      await db.close().catch(() => {});
    }
    return release;
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * A store folder that stopped answering while it was being opened (the disk filled up between
 * our checks and the first write): one line naming the folder and the fix, as for the checks.
 */
export function openFailure(path: string, err: unknown): LocalStoreError {
  let free = Number.POSITIVE_INFINITY;
  try {
    free = statfsSync(path).bavail;
  } catch {
    // No answer from the file system either: say what the store said.
  }
  if (free === 0 || diskFull(causeOf(err))) return fullDisk(path, 'ENOSPC');
  return new LocalStoreError(`--store: ${path} stopped answering while opening (${causeOf(err).split('\n')[0]}) — check the disk holding it, or pass another folder; nothing stored was changed`);
}
