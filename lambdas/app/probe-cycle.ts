import { runChecks } from '../core/probe';
import { buildMetricSeries, type MetricSeries } from '../core/metrics';
import { stateKey } from '../core/keys';
import { applyResult, type StatusChange, type TargetStatusState } from '../core/target-state';
import type { CheckResult, TargetSpec } from '../core/types';
import type { DynamoStore } from '../adapters/dynamo-store';
import { resolveSecretHeaders, type SecretResolver } from '../adapters/secrets';
import type { LogSink } from '../adapters/logger';
import { mapWithConcurrency } from '../core/concurrency';

/**
 * One probe cycle: check a shard of targets, then hand the results to every sink (history,
 * state, metrics). Shared by the probe Lambda and the local CLI; only the adapters differ.
 *
 * Sinks are independent: one failing (CloudWatch throttling, a DynamoDB hiccup) is logged and
 * reported in `sinkErrors`, and never stops the others from receiving the results.
 */

export interface MetricsPublisher {
  publish(series: MetricSeries[]): Promise<number>;
}

export interface ProbeCycleDeps {
  store: DynamoStore;
  metrics: MetricsPublisher;
  secrets: SecretResolver;
  log: LogSink;
  region: string;
  concurrency: number;
  /** Called as each result arrives (progress display). */
  onResult?: (result: CheckResult) => void;
}

export type SinkName = 'history' | 'state' | 'metrics';

export interface SinkError {
  sink: SinkName;
  message: string;
}

export interface ProbeCycleReport {
  results: CheckResult[];
  changes: StatusChange[];
  sinkErrors: SinkError[];
}

/** Parallel state writes: each is a read + conditional write, so a few at a time is enough. */
const STATE_WRITE_CONCURRENCY = 8;

export async function runProbeCycle(targets: TargetSpec[], deps: ProbeCycleDeps): Promise<ProbeCycleReport> {
  const results = await runChecks(targets, {
    region: deps.region,
    concurrency: deps.concurrency,
    secretsFor: (target) => resolveSecretHeaders(target, deps.secrets),
    onResult: deps.onResult,
  });

  const detailed = new Set(targets.filter((t) => t.metrics === 'detailed').map((t) => t.id));
  const changes: StatusChange[] = [];
  const sinks: Array<[SinkName, () => Promise<unknown>]> = [
    ['history', () => deps.store.saveResults(results)],
    [
      'state',
      () =>
        mapWithConcurrency(results, STATE_WRITE_CONCURRENCY, async (result) => {
          const change = await deps.store.updateVersioned<TargetStatusState, StatusChange | null>(
            stateKey(result.target),
            (previous) => applyResult(previous, result),
          );
          if (change) changes.push(change);
        }),
    ],
    ['metrics', () => deps.metrics.publish(buildMetricSeries(results, detailed))],
  ];

  const settled = await Promise.allSettled(sinks.map(([, write]) => write()));
  const sinkErrors: SinkError[] = [];
  settled.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') return;
    const sink = sinks[i]![0];
    const message = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
    sinkErrors.push({ sink, message });
    deps.log.error(`sink ${sink} failed; the other sinks still received ${results.length} results`, {
      sink,
      error: message,
    });
  });
  return { results, changes, sinkErrors };
}
