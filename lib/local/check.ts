import { runProbeCycle } from '../../lambdas/app/probe-cycle';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { CheckResult, TargetSpec } from '../../lambdas/core/types';
import { resultJson, resultsTable, summaryLine } from './format';
import { Progress } from './progress';
import { startLocalRuntime, storeOptionsOf, type StoreFlags } from './runtime';
import { UsageError } from './usage-error';
import { findingsUnderTable } from './patrol-format';
import { overrideLines } from './oncall/status';
import { settleBoundMs } from '../../lambdas/core/probe';
import { cycleBoundMs, installShutdown } from './shutdown';

/**
 * `pantau check`: probe every target once from this machine, store the results in the embedded
 * DynamoDB (or the one at --store-endpoint) and print them. Exit code 0 when all are up, 1 when
 * any is down.
 */

/** The store flags (`--store`, `--repair-store`, `--store-endpoint`, `--table`, `--region`) come from StoreFlags. */
export interface CheckOptions extends StoreFlags {
  json?: boolean;
  only?: string;
  /** Checks in flight for this run, instead of the config's `concurrency`. */
  concurrency?: number;
}

export function selectTargets(targets: TargetSpec[], only: string | undefined): TargetSpec[] {
  if (!only) return targets;
  const wanted = only.split(',').map((s) => s.trim()).filter(Boolean);
  const known = new Set(targets.map((t) => t.id));
  const unknown = wanted.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new UsageError(
      `--only: unknown target id${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} — ids come from targets[].id in the config`,
    );
  }
  const set = new Set(wanted);
  return targets.filter((t) => set.has(t.id));
}

export async function checkCommand(
  loaded: ResolvedConfig,
  options: CheckOptions,
  out: NodeJS.WriteStream = process.stdout,
): Promise<{ exitCode: number; results: CheckResult[] }> {
  const config = options.concurrency === undefined ? loaded : { ...loaded, concurrency: options.concurrency };
  const targets = selectTargets(config.targets, options.only);
  const runtime = await startLocalRuntime(config, storeOptionsOf(options));
  const progress = new Progress(targets.length);
  // A signal gives up on the checks still running (at their bound, or at once on a second one).
  const shutdown = installShutdown(process.stderr);
  const done = shutdown.cycleStarted(Date.now() + cycleBoundMs(targets.map(settleBoundMs), config.concurrency));
  try {
    const report = await runProbeCycle(targets, {
      ...runtime.deps,
      signal: shutdown.abandon,
      // Called once the patrol has judged the result: a JSON line carries its findings.
      onResult: (r) => {
        progress.tick(r.target);
        if (options.json) out.write(`${resultJson(r)}\n`);
      },
    });
    progress.clear();
    if (!options.json) {
      const color = Boolean(out.isTTY);
      out.write(`${resultsTable(report.results, { color, width: out.columns })}\n`);
      for (const line of overrideLines(report.overrides, targets, config.alerting.timezone)) out.write(`${line}\n`);
      out.write(`${summaryLine(report.results)}\n`);
      for (const line of findingsUnderTable(report.results, color)) out.write(`${line}\n`);
    }
    for (const e of report.sinkErrors) process.stderr.write(`warning: ${e.sink} sink failed: ${e.message}\n`);
    const anyDown = report.results.some((r) => !r.ok);
    return { exitCode: shutdown.forcedExitCode() ?? (anyDown ? 1 : 0), results: report.results };
  } finally {
    done();
    shutdown.dispose();
    await runtime.close();
  }
}
