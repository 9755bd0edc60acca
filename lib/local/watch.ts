import { runProbeCycle, type ProbeCycleReport } from '../../lambdas/app/probe-cycle';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { StatusChange } from '../../lambdas/core/target-state';
import type { TargetSpec } from '../../lambdas/core/types';
import { selectTargets } from './check';
import { startLocalRuntime } from './runtime';

/**
 * `pantau watch`: probe every target on its own interval until Ctrl-C (or `--cycles N`),
 * printing each state change as it happens. Targets are grouped by interval; each group runs
 * its cycles back to back, so a slow group never delays a fast one.
 */

export interface WatchOptions {
  only?: string;
  store?: string;
  region?: string;
  /** Stop after this many probe cycles of each interval group (scripts, tests). */
  cycles?: number;
  signal?: AbortSignal;
  /** Called after each cycle (the demo hooks its scenario clock here). */
  onCycle?: (report: ProbeCycleReport, group: { intervalMs: number; cycle: number }) => void | Promise<void>;
}

export function groupByInterval(targets: TargetSpec[]): Array<[number, TargetSpec[]]> {
  const groups = new Map<number, TargetSpec[]>();
  for (const t of targets) groups.set(t.intervalMs, [...(groups.get(t.intervalMs) ?? []), t]);
  return [...groups.entries()].sort(([a], [b]) => a - b);
}

const timeOfDay = (iso: string): string => iso.slice(11, 19);

export function changeLine(change: StatusChange): string {
  const r = change.result;
  const to = change.to.toUpperCase();
  const from = change.from ? `${change.from.toUpperCase()} → ` : '';
  const detail = r.ok ? `${Math.round(r.latencyMs)} ms` : `${r.error}: ${r.reason}`;
  return `${timeOfDay(r.ts)}Z  ${r.target.padEnd(24)} ${(from + to).padEnd(12)} ${detail}`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function watchCommand(
  config: ResolvedConfig,
  options: WatchOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<{ exitCode: number }> {
  const targets = selectTargets(config.targets, options.only);
  const runtime = await startLocalRuntime(config, { storeDir: options.store, region: options.region });
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  process.once('SIGINT', onSigint);
  options.signal?.addEventListener('abort', onSigint, { once: true });
  let anyDown = false;

  try {
    await Promise.all(
      groupByInterval(targets).map(async ([intervalMs, group]) => {
        for (let cycle = 1; !stop.signal.aborted && (!options.cycles || cycle <= options.cycles); cycle++) {
          const started = Date.now();
          const report = await runProbeCycle(group, runtime.deps);
          for (const change of report.changes) out.write(`${changeLine(change)}\n`);
          anyDown = report.results.some((r) => !r.ok);
          await options.onCycle?.(report, { intervalMs, cycle });
          if (options.cycles && cycle >= options.cycles) break;
          await sleep(started + intervalMs - Date.now(), stop.signal);
        }
      }),
    );
  } finally {
    process.removeListener('SIGINT', onSigint);
    await runtime.close();
  }
  return { exitCode: anyDown ? 1 : 0 };
}
