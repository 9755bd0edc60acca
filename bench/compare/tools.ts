import { execFileSync, spawnSync } from 'node:child_process';

/**
 * The outside tools the comparison drives: Debian's `prometheus-blackbox-exporter` and `wrk`.
 * A missing one is installed with apt-get when the bench runs as root (and says so); otherwise
 * its columns are null and the reason is printed and written to the results.
 */

export interface ToolState {
  blackbox: boolean;
  wrk: boolean;
  notes: string[];
}

const PACKAGES = { blackbox: { command: 'prometheus-blackbox-exporter', deb: 'prometheus-blackbox-exporter' }, wrk: { command: 'wrk', deb: 'wrk' } } as const;

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

const apt = (args: string[]) =>
  execFileSync('apt-get', args, { stdio: 'ignore', timeout: 300_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });

/** apt-get install (after an update when the first try fails: a fresh machine's lists are empty); null when it worked. */
function aptInstall(debs: string[]): string | null {
  if (process.getuid?.() !== 0) return `not root: install them with sudo apt-get install -y ${debs.join(' ')}`;
  const install = ['install', '-y', '-qq', '--no-install-recommends', ...debs];
  try {
    apt(install);
    return null;
  } catch {
    try {
      apt(['update', '-qq']);
      apt(install);
      return null;
    } catch (err) {
      return `apt-get install ${debs.join(' ')} failed: ${(err as Error).message.split('\n')[0]}`;
    }
  }
}

/** Finds (or installs) blackbox_exporter and wrk; `notes` says what happened to each. */
export function ensureTools(log: (line: string) => void): ToolState {
  const missing = (Object.keys(PACKAGES) as Array<keyof typeof PACKAGES>).filter((tool) => !onPath(PACKAGES[tool].command));
  const notes: string[] = [];
  if (missing.length > 0) {
    const debs = missing.map((tool) => PACKAGES[tool].deb);
    log(`installing ${debs.join(' ')} with apt-get (the comparison drives them) …`);
    const problem = aptInstall(debs);
    if (problem) notes.push(problem);
    else notes.push(`installed ${debs.join(' ')} with apt-get`);
  }
  const state = { blackbox: onPath(PACKAGES.blackbox.command), wrk: onPath(PACKAGES.wrk.command), notes };
  if (!state.blackbox) notes.push('blackbox_exporter unavailable: its columns are null');
  if (!state.wrk) notes.push('wrk unavailable: wrkRequestsPerSec is null');
  for (const note of notes) log(note);
  return state;
}

/** The kernel's clock ticks per second (for /proc/<pid>/stat times). */
export function clockTicksPerSec(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
}
