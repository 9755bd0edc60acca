import { OverrideChanges } from './oncall/status';
import { appendFileSync } from 'node:fs';
import { alertDepsOf, digestDepsOf, runProbeCycle, type ProbeCycleReport } from '../../lambdas/app/probe-cycle';
import { sendDueDigests } from '../../lambdas/app/security-digest';
import { flushHeldAlerts } from '../../lambdas/app/alert-cycle';
import { LocalNotifier } from '../../lambdas/adapters/local-notifier';
import { envSecretResolver } from '../../lambdas/adapters/secrets';
import { localChatDeliverers } from './chat';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { TargetSpec } from '../../lambdas/core/types';
import { selectTargets } from './check';
import { startLocalRuntime, storeOptionsOf, type StoreFlags, useStore } from './runtime';
import { UsageError } from './usage-error';
import { settleBoundMs } from '../../lambdas/core/probe';
import { cycleBoundMs, installShutdown } from './shutdown';
import { closeWithin, failOver, failoverWarning, storeFailureOf, type Failover } from './store-failover';
import { MetricsEndpoint } from './metrics-endpoint';

/**
 * `pantau watch`: probe every target on its own interval until Ctrl-C (or `--cycles N`), through
 * the same alert engine and store as the Lambda, printing each alert as it fires (and, with
 * `--alerts-jsonl F`, appending it to F as one JSON object per line). Targets are grouped by
 * interval; each group runs its cycles back to back, so a slow group never delays a fast one.
 * Several processes with different `--region` against one `--store-endpoint` behave as a
 * multi-region deployment.
 */

/** The store flags come from StoreFlags; with `--store-endpoint` other probers (other `--region`s) share the store. */
export interface WatchOptions extends StoreFlags {
  only?: string;
  /** Stop after this many probe cycles of each interval group (scripts, tests). */
  cycles?: number;
  /** Append one JSON object per alert to this file. */
  alertsJsonl?: string;
  /** Serve the latest results in Prometheus format at /metrics on this port (0: any free port). */
  metricsPort?: number;
  /** Address the metrics endpoint binds (default 127.0.0.1). */
  metricsHost?: string;
  signal?: AbortSignal;
  /** Called after each cycle (the demo hooks its scenario clock here). */
  onCycle?: (report: ProbeCycleReport, group: { intervalMs: number; cycle: number }) => void | Promise<void>;
}

export function groupByInterval(targets: TargetSpec[]): Array<[number, TargetSpec[]]> {
  const groups = new Map<number, TargetSpec[]>();
  for (const t of targets) groups.set(t.intervalMs, [...(groups.get(t.intervalMs) ?? []), t]);
  return [...groups.entries()].sort(([a], [b]) => a - b);
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

/** Fails early, in one line, when the alerts file cannot be written (rather than at the first alert). */
function checkWritable(path: string): void {
  try {
    appendFileSync(path, '');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UsageError(`--alerts-jsonl: cannot write ${path} (${reason}) — give a file in a writable folder`);
  }
}

/** Where the state lives, and over which regions quorum is counted, when it is not the embedded store. */
function storeText(runtime: { table: string; deps: { config: { regions: string[] } } }, options: WatchOptions): string {
  if (!options.storeEndpoint) return '';
  return ` (store ${options.storeEndpoint}, table ${runtime.table}; quorum over ${runtime.deps.config.regions.join(', ')})`;
}

/**
 * A failing sink (the store on a full disk) fails every cycle the same way: say so once, and
 * once more when it works again, rather than a warning per cycle.
 */
class SinkWarnings {
  private readonly failing = new Set<string>();
  /** Forget what failed without saying it works again (the store was replaced, not repaired). */
  reset(): void {
    this.failing.clear();
  }
  report(errors: Array<{ sink: string; message: string }>): void {
    const now = new Set(errors.map((e) => e.sink));
    for (const e of errors) {
      if (this.failing.has(e.sink)) continue;
      this.failing.add(e.sink);
      process.stderr.write(
        `warning: store writes failing (${e.sink}): ${e.message} — checks go on; said once\n`,
      );
    }
    for (const sink of [...this.failing]) {
      if (now.has(sink)) continue;
      this.failing.delete(sink);
      process.stderr.write(`warning: store writes working again (${sink})\n`);
    }
  }
}

const intervalText = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);

export async function watchCommand(
  config: ResolvedConfig,
  options: WatchOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<{ exitCode: number }> {
  const targets = selectTargets(config.targets, options.only);
  if (options.alertsJsonl) checkWritable(options.alertsJsonl);
  const notifier = new LocalNotifier({
    out,
    jsonlPath: options.alertsJsonl,
    color: Boolean((out as NodeJS.WriteStream).isTTY),
    timezone: config.alerting.timezone,
    chat: localChatDeliverers(config.alerting, envSecretResolver(), (line) => process.stderr.write(`note: ${line}\n`)),
  });
  const metrics = options.metricsPort === undefined ? undefined : await MetricsEndpoint.start(options.metricsPort, options.metricsHost);
  const runtime = await startLocalRuntime(config, { ...storeOptionsOf(options), notifier }).catch(async (err: unknown) => {
    await metrics?.close();
    throw err;
  });
  const shutdown = installShutdown(out, options.signal);
  const sinkWarnings = new SinkWarnings();
  const overrideChanges = new OverrideChanges(targets, config.alerting.timezone);
  const latestOk = new Map<string, boolean>();
  let failover: Promise<Failover> | null = null;
  /** Once per run: a store that stopped taking writes hands the alert state to an in-memory one. */
  const failOverIfStoreFails = async (report: ProbeCycleReport): Promise<boolean> => {
    const cause = failover ? null : storeFailureOf(report);
    if (cause === null) return false;
    failover = failOver(runtime.dynamo, runtime.table, config.historyDays);
    const f = await failover;
    useStore(runtime.deps, f.store);
    sinkWarnings.reset();
    process.stderr.write(failoverWarning(options.store ?? options.storeEndpoint ?? 'in memory', cause, f.carried));
    return true;
  };

  const groups = groupByInterval(targets);
  out.write(
    `watching ${targets.length} target${targets.length === 1 ? '' : 's'} (every ${groups
      .map(([ms]) => intervalText(ms))
      .join(', ')}) from region ${runtime.deps.region}${storeText(runtime, options)}; alerts appear below${
      options.cycles ? `; stopping after ${options.cycles} cycles` : '; Ctrl-C to stop'
    }\n`,
  );
  if (metrics) out.write(`Prometheus metrics at ${metrics.url}\n`);

  try {
    await Promise.all(
      groups.map(async ([intervalMs, group]) => {
        const boundMs = cycleBoundMs(group.map(settleBoundMs), config.concurrency);
        for (let cycle = 1; !shutdown.stopping.aborted && (!options.cycles || cycle <= options.cycles); cycle++) {
          const started = Date.now();
          const done = shutdown.cycleStarted(started + boundMs);
          const report = await runProbeCycle(group, { ...runtime.deps, signal: shutdown.abandon }).finally(done);
          for (const r of report.results) latestOk.set(r.target, r.ok);
          metrics?.update(report.results);
          for (const line of overrideChanges.update(report.overrides)) out.write(`${line}\n`);
          if (failover) await failover;
          else if (!(await failOverIfStoreFails(report))) sinkWarnings.report(report.sinkErrors);
          await notifier.retryFile();
          await options.onCycle?.(report, { intervalMs, cycle });
          if (options.cycles && cycle >= options.cycles) break;
          await sleep(started + intervalMs - Date.now(), shutdown.stopping);
        }
      }),
    );
    // Alerts held for a storm digest would otherwise die with this process's last run.
    const flushed = await flushHeldAlerts(alertDepsOf(runtime.deps));
    for (const f of flushed.failed) process.stderr.write(`warning: storm digest not published: ${f.error}\n`);
    // The day's low-severity patrol findings are never paged; a watch that stops (Ctrl-C, SIGTERM,
    // --cycles) sends what the day holds so far, or it would be lost with this process.
    await sendDueDigests(digestDepsOf(runtime.deps), true).catch((err: unknown) =>
      process.stderr.write(`warning: security digest not published: ${err instanceof Error ? err.message : String(err)}\n`),
    );
    await notifier.retryFile();
    if (notifier.heldLines > 0) process.stderr.write(`warning: --alerts-jsonl: ${notifier.heldLines} alert(s) could not be written to the file (they were printed above)\n`);
  } finally {
    shutdown.dispose();
    await metrics?.close();
    // A store that stopped answering must not hold the exit.
    await closeWithin(() => runtime.close());
    const replaced = failover as Promise<Failover> | null;
    if (replaced) await (await replaced).dynamo.close();
  }
  const anyDown = [...latestOk.values()].some((ok) => !ok);
  return { exitCode: shutdown.forcedExitCode() ?? (anyDown ? 1 : 0) };
}
