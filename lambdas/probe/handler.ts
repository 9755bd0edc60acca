import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { runProbeCycle, type ProbeCycleReport } from '../app/probe-cycle';
import { awsRoot } from '../roots/aws';
import { runRounds } from './rounds';
import { shardTiming } from '../core/schedule/shard-plan';
import { loadBundledConfig } from '../adapters/bundled-config';
import type { TargetSpec } from '../core/types';

/**
 * Probe Lambda: wiring only. The scheduled event names the shard this invocation owns and its
 * target ids; the target specs come from the config bundled with the code (validated at synth
 * time). The work is in app/probe-cycle.
 */

export interface ProbeEvent {
  shard: string;
  targetIds: string[];
}

/** The targets of a shard, in the event's order; an id the bundled config lacks is a deploy bug. */
export function shardTargets(event: ProbeEvent, all: TargetSpec[]): TargetSpec[] {
  const byId = new Map(all.map((t) => [t.id, t]));
  const missing = (event.targetIds ?? []).filter((id) => !byId.has(id));
  if (missing.length > 0) throw new Error(`shard ${event.shard}: unknown target ids ${missing.join(', ')}`);
  return (event.targetIds ?? []).map((id) => byId.get(id)!);
}

export interface ProbeSummary {
  shard: string;
  rounds: number;
  checks: number;
  down: number;
  /** Alerts published (a storm counts once). */
  alerts: number;
  /** Rounds not started because their worst case no longer fitted the time left. */
  skippedRounds: number;
  sinkErrors: ProbeCycleReport['sinkErrors'];
}

/** Thrown after every sink has had its chance, so Lambda's Errors metric shows a broken sink. */
export class SinkFailure extends Error {
  override name = 'SinkFailure';
}

const root = awsRoot();
const deps = root.probeDeps();

export async function probeShard(event: ProbeEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<ProbeSummary> {
  const targets = shardTargets(event, loadBundledConfig().targets);
  // The same cadence and budget synth proved for this shard (lambdas/core/schedule).
  const timing = shardTiming(targets, deps.concurrency);
  const { reports, skipped } = await runRounds({
    timing,
    remainingMs: context ? () => context.getRemainingTimeInMillis() : undefined,
    runRound: (signal) => runProbeCycle(targets, { ...deps, shard: event.shard, signal }),
  });

  const summary: ProbeSummary = {
    shard: event.shard,
    rounds: reports.length,
    checks: reports.reduce((n, r) => n + r.results.length, 0),
    down: reports.reduce((n, r) => n + r.results.filter((x) => !x.ok).length, 0),
    alerts: reports.reduce((n, r) => n + r.alerts.length, 0),
    skippedRounds: skipped.length,
    sinkErrors: reports.flatMap((r) => r.sinkErrors),
  };
  if (skipped.length > 0) {
    root.log.warn('rounds skipped: their worst case no longer fitted the invocation', {
      shard: event.shard,
      roundBudgetMs: timing.round.totalMs,
      skipped,
    });
  }
  root.log.info('probe shard done', { ...summary });
  if (summary.sinkErrors.length > 0) {
    throw new SinkFailure(summary.sinkErrors.map((e) => `${e.sink}: ${e.message}`).join('; '));
  }
  return summary;
}

export const handler = middy((event: ProbeEvent, context: Context) => probeShard(event, context)).use(
  injectLambdaContext(root.logger, { clearState: true }),
);
