import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { lambdaLog, logger } from '../adapters/logger';
import { runProbeCycle, type ProbeCycleReport } from '../app/probe-cycle';
import { probeDepsFromEnv } from './deps';
import { roundOffsets } from './rounds';
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
  sinkErrors: ProbeCycleReport['sinkErrors'];
}

/** Thrown after every sink has had its chance, so Lambda's Errors metric shows a broken sink. */
export class SinkFailure extends Error {
  override name = 'SinkFailure';
}

const deps = probeDepsFromEnv(process.env, lambdaLog);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function probeShard(event: ProbeEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<ProbeSummary> {
  const targets = shardTargets(event, loadBundledConfig().targets);
  const started = Date.now();
  const summary: ProbeSummary = { shard: event.shard, rounds: 0, checks: 0, down: 0, alerts: 0, sinkErrors: [] };
  const longestTimeout = Math.max(0, ...targets.map((t) => t.timeoutMs));

  for (const offset of roundOffsets(targets)) {
    const wait = started + offset - Date.now();
    if (wait > 0) await sleep(wait);
    // Never start a round that could not finish before Lambda's own timeout.
    if (context && context.getRemainingTimeInMillis() < longestTimeout + 5_000) break;
    const report = await runProbeCycle(targets, { ...deps, shard: event.shard });
    summary.rounds++;
    summary.checks += report.results.length;
    summary.down += report.results.filter((r) => !r.ok).length;
    summary.alerts += report.alerts.length;
    summary.sinkErrors.push(...report.sinkErrors);
  }

  logger.info('probe shard done', { ...summary });
  if (summary.sinkErrors.length > 0) {
    throw new SinkFailure(summary.sinkErrors.map((e) => `${e.sink}: ${e.message}`).join('; '));
  }
  return summary;
}

export const handler = middy((event: ProbeEvent, context: Context) => probeShard(event, context)).use(
  injectLambdaContext(logger, { clearState: true }),
);
