import { runChecks } from '../core/probe';
import { buildMetricSeries, heartbeatSeries } from '../core/metrics';
import type { ResolvedConfig } from '../core/config';
import type { CheckResult, TargetSpec } from '../core/types';
import type { AlertEvent, AlertNotifier } from '../core/alerting/types';
import { observationFromResult } from '../core/alerting/observations';
import type { ImpairmentVerdict } from '../core/alerting/impairment';
import {
  resolveSecretHeaders,
  targetSubject,
  type AlertStore,
  type LogSink,
  type MetricsPublisher,
  type ResultHistory,
  type SecretResolver,
} from '../ports';
import { evaluateObservations, type AlertCycleReport, type AlertDeps } from './alert-cycle';
import { judgeRegion, regionHealthItem } from './region-health';

/**
 * One probe cycle: check a shard of targets, then hand the results to every sink: history
 * (result items), state (the alert engine: conditional state writes, then notify) and metrics.
 * Shared by the probe Lambda and the local CLI; only the adapters differ (SNS vs console).
 *
 * Sinks are independent: one failing (CloudWatch throttling, a DynamoDB hiccup, SNS refusing a
 * publish) is logged and reported in `sinkErrors`, and never stops the others from receiving
 * the results. An alert whose publish failed stays pending on its state item and is retried by
 * the next run with the same dedupId.
 */

export type { MetricsPublisher };

export interface ProbeCycleDeps {
  /** History (results), subject state and storm windows: one DynamoDB table in production. */
  store: ResultHistory & AlertStore;
  metrics: MetricsPublisher;
  secrets: SecretResolver;
  log: LogSink;
  region: string;
  /** The schedule's shard name: each round publishes its `Heartbeat` (dead-man) with it. */
  shard?: string;
  concurrency: number;
  /** Alert routing, storm grouping, time zone, probe regions (quorum), maintenance windows, control checks. */
  config: Pick<ResolvedConfig, 'alerting' | 'regions' | 'maintenance' | 'controls'> & Partial<Pick<ResolvedConfig, 'project'>>;
  /** Where alerts go: SNS in the Lambda, the console / JSON lines in the CLI. */
  notifier: AlertNotifier;
  /** Wall clock for alert leases (tests). */
  now?: () => Date;
  /** Called as each result arrives (progress display). */
  onResult?: (result: CheckResult) => void;
  /** Aborted at the invocation's deadline: checks still running are abandoned, not failed. */
  signal?: AbortSignal;
}

export type SinkName = 'history' | 'state' | 'metrics';

export interface SinkError {
  sink: SinkName;
  message: string;
}

export interface ProbeCycleReport {
  results: CheckResult[];
  /** Alerts published in this cycle (a storm is one grouped alert). */
  alerts: AlertEvent[];
  /** Alerts whose publish failed (pending; retried next run). */
  failedAlerts: AlertCycleReport['failed'];
  /** This region was judged impaired (controls, or other regions contradicting it): its observations did not count. */
  regionImpaired: boolean;
  /** The judgement and its evidence; null when nothing could be judged (one region, no controls). */
  impairment: ImpairmentVerdict | null;
  sinkErrors: SinkError[];
}

/** The alert engine's dependencies, taken from the probe cycle's. */
export function alertDepsOf(deps: ProbeCycleDeps): AlertDeps {
  return {
    store: deps.store,
    notifier: deps.notifier,
    log: deps.log,
    alerting: deps.config.alerting,
    maintenance: deps.config.maintenance,
    regions: deps.config.regions,
    now: deps.now,
  };
}

export async function runProbeCycle(targets: TargetSpec[], deps: ProbeCycleDeps): Promise<ProbeCycleReport> {
  const checkOptions = {
    region: deps.region,
    concurrency: deps.concurrency,
    secretsFor: (target: TargetSpec) => resolveSecretHeaders(target, deps.secrets),
    signal: deps.signal,
  };
  const controls = deps.config.controls ?? [];
  const [results, controlResults] = await Promise.all([
    runChecks(targets, { ...checkOptions, onResult: deps.onResult }),
    controls.length > 0 ? runChecks(controls, checkOptions) : Promise.resolve([]),
  ]);

  const detailed = new Set(targets.filter((t) => t.metrics === 'detailed').map((t) => t.id));
  const rulesOf = new Map(targets.map((t) => [t.id, t.alerting]));
  let impairment: ImpairmentVerdict | null = null;
  let alertReport: AlertCycleReport = { sent: [], failed: [], decided: [] };

  const sinks: Array<[SinkName, () => Promise<unknown>]> = [
    ['history', () => deps.store.saveResults(results)],
    [
      'state',
      async () => {
        const nowMs = (deps.now?.() ?? new Date()).getTime();
        impairment = await judgeRegion(deps.region, results, controlResults, {
          regions: deps.config.regions,
          rulesOf: (id) => rulesOf.get(id)!,
          store: deps.store,
          log: deps.log,
          nowMs,
        });
        const impaired = impairment?.impaired ?? false;
        if (impaired) {
          deps.log.warn(`${deps.region} judged impaired for this run: ${impairment!.reason}`, { region: deps.region, checks: results.length });
        }
        const items = results.map((r) => ({
          obs: observationFromResult(r, impaired),
          rules: rulesOf.get(r.target)!,
          subject: targetSubject(r.target),
        }));
        if (impairment) items.push(regionHealthItem(deps.region, impairment, new Date(nowMs).toISOString(), deps.config.project));
        alertReport = await evaluateObservations(items, alertDepsOf(deps));
        if (alertReport.failed.length > 0) {
          throw new Error(
            `${alertReport.failed.length} alert(s) not published (kept pending, retried next run): ${alertReport.failed[0]!.error}`,
          );
        }
      },
    ],
    [
      'metrics',
      () =>
        deps.metrics.publish([
          ...buildMetricSeries(results, detailed),
          ...(deps.shard ? [heartbeatSeries(deps.region, deps.shard)] : []),
        ]),
    ],
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
  return {
    results,
    alerts: alertReport.sent,
    failedAlerts: alertReport.failed,
    regionImpaired: (impairment as ImpairmentVerdict | null)?.impaired ?? false,
    impairment,
    sinkErrors,
  };
}
