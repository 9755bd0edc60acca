import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { loadBundledConfig } from '../adapters/bundled-config';
import { runCapacityCycle, type CapacityCycleDeps, type CapacityCycleReport } from '../app/capacity-cycle';
import type { CapacitySource } from '../core/capacity/types';
import { awsRoot } from '../roots/aws';

/**
 * Capacity Lambda: wiring only. The schedule's input names the sources this invocation reads
 * and its group (`{ "sources": ["PDN-Cikarang/0", …], "group": "capacity-1m" }`; sources empty
 * or missing = every capacity source of the bundled config). The work is in app/capacity-cycle.
 */

export interface CapacityEvent {
  sources?: string[];
  /** Schedule group: the `Shard` of the run's Heartbeat (the group's dead-man alarm watches it). */
  group?: string;
}

export interface CapacitySummary {
  sources: number;
  readings: number;
  failures: number;
  critical: number;
  alertsSent: number;
  sinkErrors: CapacityCycleReport['sinkErrors'];
}

/** The sources an event asks for, in the event's order; an id the bundled config lacks is a deploy bug. */
export function selectSources(event: CapacityEvent | undefined, all: CapacitySource[]): CapacitySource[] {
  const ids = event?.sources ?? [];
  if (ids.length === 0) return all;
  const byId = new Map(all.map((s) => [s.id, s]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) throw new Error(`unknown capacity source ids ${missing.join(', ')}`);
  return ids.map((id) => byId.get(id)!);
}

/** Thrown after every sink has had its chance, so Lambda's Errors metric shows a broken sink. */
export class CapacitySinkFailure extends Error {
  override name = 'CapacitySinkFailure';
}

const root = awsRoot();
let deps: CapacityCycleDeps | undefined;

export async function readCapacity(event: CapacityEvent | undefined): Promise<CapacitySummary> {
  const config = loadBundledConfig();
  const sources = selectSources(event, config.capacity);
  deps ??= root.capacityDeps(config);
  const report = await runCapacityCycle(sources, { ...deps, shard: event?.group });
  const summary: CapacitySummary = {
    sources: sources.length,
    readings: report.readings.length,
    failures: report.failures.length,
    critical: report.levels.filter((l) => l === 'critical').length,
    alertsSent: report.alerts?.sent.length ?? 0,
    sinkErrors: report.sinkErrors,
  };
  root.log.info('capacity run done', { ...summary, changes: report.changes });
  if (report.sinkErrors.length > 0) {
    throw new CapacitySinkFailure(report.sinkErrors.map((e) => `${e.sink}: ${e.message}`).join('; '));
  }
  return summary;
}

export const handler = middy((event: CapacityEvent) => readCapacity(event)).use(
  injectLambdaContext(root.logger, { clearState: true }),
);
