import { runProbeCycle } from '../../lambdas/app/probe-cycle';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { TargetSpec } from '../../lambdas/core/types';
import { patrolMayJudge } from '../../lambdas/core/patrol/patrolled';
import { settleBoundMs } from '../../lambdas/core/probe';
import { selectTargets } from './check';
import { startLocalRuntime, storeOptionsOf, type StoreFlags } from './runtime';
import { cycleBoundMs, installShutdown } from './shutdown';
import { UsageError } from './usage-error';
import { findingLines, findingsTable, patrolSummary, type FindingLine } from './patrol-format';

/**
 * `pantau patrol`: run the checks the security patrol judges (http, tls, dns targets) once and
 * print what it found: one JSON object per finding with `--json`, a table otherwise. Exit 1 when
 * a finding that pages is present, 0 when none is, 2 on bad usage or config. The results go
 * through the probe cycle as in `check`, so baselines are learned and kept with `--store`.
 */

export interface PatrolOptions extends StoreFlags {
  json?: boolean;
  only?: string;
}

export function patrolTargets(targets: TargetSpec[], only: string | undefined): TargetSpec[] {
  const chosen = selectTargets(targets, only).filter(patrolMayJudge);
  if (chosen.length === 0) {
    throw new UsageError('no target the patrol judges — it watches http(s), tls:// and dns:// targets; check --only and the config');
  }
  return chosen;
}

export async function patrolCommand(
  config: ResolvedConfig,
  options: PatrolOptions,
  out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Promise<{ exitCode: number; findings: FindingLine[] }> {
  const targets = patrolTargets(config.targets, options.only);
  const runtime = await startLocalRuntime(config, storeOptionsOf(options));
  const shutdown = installShutdown(process.stderr);
  const done = shutdown.cycleStarted(Date.now() + cycleBoundMs(targets.map(settleBoundMs), config.concurrency));
  try {
    const report = await runProbeCycle(targets, { ...runtime.deps, signal: shutdown.abandon });
    const lines = findingLines(report.results);
    if (options.json) {
      for (const line of lines) out.write(`${JSON.stringify(line)}\n`);
    } else {
      const color = Boolean(out.isTTY);
      if (lines.length > 0) out.write(`${findingsTable(lines, color)}\n`);
      out.write(`${patrolSummary(report.results, lines)}\n`);
    }
    const paging = lines.some((l) => l.severity === 'page');
    return { exitCode: shutdown.forcedExitCode() ?? (paging ? 1 : 0), findings: lines };
  } finally {
    done();
    shutdown.dispose();
    await runtime.close();
  }
}
