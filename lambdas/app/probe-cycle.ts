import { runChecks } from '../core/probe';
import { buildMetricSeries, heartbeatSeries } from '../core/metrics';
import type { ResolvedConfig } from '../core/config';
import type { CheckResult, TargetSpec } from '../core/types';
import type { AlertEvent, AlertNotifier } from '../core/alerting/types';
import { observationFromResult } from '../core/alerting/observations';
import { contactOf } from '../core/alerting/contact';
import type { ImpairmentVerdict } from '../core/alerting/impairment';
import {
  resolveSecretHeaders,
  targetSubject,
  type AlertStore,
  type LogSink,
  type MetricsPublisher,
  type PatrolBaselines,
  type OverrideStore,
  type ResultHistory,
  type SecretResolver,
} from '../ports';
import { evaluateObservations, type AlertCycleReport, type AlertDeps, type SubjectObservation } from './alert-cycle';
import { judgeRegion, regionHealthItem } from './region-health';
import { securityItems } from './security-items';
import { runSecurityDigest, type DigestDeps } from './security-digest';
import { PatrolStep } from './patrol-step';
import type { PatrolIo } from '../core/patrol/extras';
import { activeOverrides, windowsWith } from './overrides';
import type { OnCallOverride } from '../core/oncall/overrides';
import { dailyIncrements } from '../core/status/days';
import { sampleHistory } from '../core/history-sample';
import type { DailyAvailabilityStore } from '../ports/daily-availability';

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
  config: Pick<ResolvedConfig, 'alerting' | 'regions' | 'maintenance' | 'controls'> &
    Partial<Pick<ResolvedConfig, 'project' | 'homeRegion' | 'vpc' | 'historySampleMinutes'>>;
  /** Where alerts go: SNS in the Lambda, the console / JSON lines in the CLI. */
  notifier: AlertNotifier;
  /** Wall clock for alert leases (tests). */
  now?: () => Date;
  /** The status page's daily counts: one atomic ADD per app per run (absent: not kept). */
  availability?: DailyAvailabilityStore;
  /** Called as each result arrives (progress display). */
  onResult?: (result: CheckResult) => void;
  /** Aborted at the invocation's deadline: checks still running are abandoned, not failed. */
  signal?: AbortSignal;
  /** The security patrol's learned state (the same table in production); absent = no baselines. */
  patrol?: PatrolBaselines;
  /** The patrol's extra fetches (tests); default the network. */
  patrolIo?: PatrolIo;
  /** Silences and ad-hoc maintenance windows (`pantau silence`, `pantau maintenance add`), read once per run. */
  overrides?: Pick<OverrideStore, 'listOverrides'>;
}

export type SinkName = 'history' | 'state' | 'metrics' | 'availability';

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
  /** The silences and ad-hoc maintenance windows active in this run (status output marks their targets). */
  overrides: OnCallOverride[];
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

/** The daily security digest's dependencies, taken from the probe cycle's. */
export function digestDepsOf(deps: ProbeCycleDeps): DigestDeps {
  return {
    store: deps.store,
    notifier: deps.notifier,
    log: deps.log,
    timezone: deps.config.alerting.timezone,
    topic: deps.config.alerting.security?.digestTopic,
    project: deps.config.project ?? 'pantau',
    now: () => deps.now?.() ?? new Date(),
  };
}

export async function runProbeCycle(targets: TargetSpec[], deps: ProbeCycleDeps): Promise<ProbeCycleReport> {
  const { results, controlResults } = await checkTargetsAndControls(targets, deps);
  const state: StateSinkOutcome = { impairment: null, alertReport: { sent: [], failed: [], decided: [] }, overrides: [] };
  const sinks: Array<[SinkName, () => Promise<unknown>]> = [
    ['history', () => saveHistory(targets, results, deps)],
    ['state', () => feedAlertState(targets, results, controlResults, deps, state)],
    ['metrics', () => publishMetrics(targets, results, deps)],
  ];
  const availability = deps.availability;
  if (availability) sinks.push(['availability', () => availability.addDaily(dailyIncrements(results, deps.config.alerting.timezone))]);
  const sinkErrors = await writeSinks(sinks, results.length, deps.log);
  return {
    results,
    alerts: state.alertReport.sent,
    failedAlerts: state.alertReport.failed,
    regionImpaired: state.impairment?.impaired ?? false,
    impairment: state.impairment,
    sinkErrors,
    overrides: state.overrides,
  };
}

/** The shard's targets and, alongside them, the control checks that tell whether this region itself is impaired. */
async function checkTargetsAndControls(
  targets: TargetSpec[],
  deps: ProbeCycleDeps,
): Promise<{ results: CheckResult[]; controlResults: CheckResult[] }> {
  const checkOptions = {
    region: deps.region,
    concurrency: deps.concurrency,
    secretsFor: (target: TargetSpec) => resolveSecretHeaders(target, deps.secrets),
    signal: deps.signal,
  };
  // Controls judge the internet vantage point: a run of private targets only (the VPC fleet,
  // which may have no internet route at all) has nothing for them to judge.
  const privateIds = new Set(deps.config.vpc?.privateTargets ?? []);
  const controls = targets.some((t) => !privateIds.has(t.id)) ? (deps.config.controls ?? []) : [];
  const patrol = new PatrolStep(targets, { patrol: deps.patrol, log: deps.log, concurrency: deps.concurrency, io: deps.patrolIo, signal: deps.signal });
  // Each result is judged by the patrol as its check ends, and only then handed on: a listener
  // (the CLI's table, a stream) sees the findings with the uptime verdict, not a round later.
  const onResult = (result: CheckResult) =>
    void patrol.judge(result).then(() => {
      try {
        deps.onResult?.(result);
      } catch {
        // A failing progress callback must not lose the result.
      }
    });
  const [results, controlResults] = await Promise.all([
    runChecks(targets, { ...checkOptions, onResult, observe: patrol.observe }),
    controls.length > 0 ? runChecks(controls, checkOptions) : Promise.resolve([]),
  ]);
  await patrol.attach(results);
  return { results, controlResults };
}

/** What the state sink learnt; kept even when the sink fails afterwards (an alert not published). */
interface StateSinkOutcome {
  impairment: ImpairmentVerdict | null;
  alertReport: AlertCycleReport;
  overrides: OnCallOverride[];
}

/**
 * The state sink: judge whether this region is impaired, then fold every result (and the
 * region's own health) into the alert engine. Throws when an alert could not be published, so
 * the cycle reports the sink as failed; the alert stays pending and is retried next run.
 */
async function feedAlertState(
  targets: TargetSpec[],
  results: CheckResult[],
  controlResults: CheckResult[],
  deps: ProbeCycleDeps,
  outcome: StateSinkOutcome,
): Promise<void> {
  const rulesOf = new Map(targets.map((t) => [t.id, t.alerting]));
  const contacts = new Map(targets.map((t) => [t.id, contactOf(t)]));
  const nowMs = (deps.now?.() ?? new Date()).getTime();
  // Private targets are seen from the VPC, not the internet: this region's impairment neither
  // judges by them nor discounts them, and their quorum is the home region (core/schedule/fleet-plan).
  const privateIds = new Set(deps.config.vpc?.privateTargets ?? []);
  const publicResults = results.filter((r) => !privateIds.has(r.target));
  const homeOnly = deps.config.homeRegion ? [deps.config.homeRegion] : undefined;
  const impairment = publicResults.length === 0 ? null : await judgeRegion(deps.region, publicResults, controlResults, {
    regions: deps.config.regions,
    rulesOf: (id) => rulesOf.get(id)!,
    store: deps.store,
    log: deps.log,
    nowMs,
  });
  outcome.impairment = impairment;
  const impaired = impairment?.impaired ?? false;
  if (impaired) {
    deps.log.warn(`${deps.region} judged impaired for this run: ${impairment!.reason}`, { region: deps.region, checks: results.length });
  }
  const items: SubjectObservation[] = results.map((r) => {
    const inVpc = privateIds.has(r.target);
    return {
      obs: observationFromResult(r, impaired && !inVpc, contacts.get(r.target)),
      rules: rulesOf.get(r.target)!,
      subject: targetSubject(r.target),
      ...(inVpc && homeOnly ? { regions: homeOnly } : {}),
    };
  });
  items.push(...securityItems(results, (id) => rulesOf.get(id)!, impaired, deps.config.alerting.security));
  if (impairment) items.push(regionHealthItem(deps.region, impairment, new Date(nowMs).toISOString(), deps.config.project));
  outcome.overrides = await activeOverrides(deps.overrides, new Date(nowMs), deps.log);
  const maintenance = windowsWith(deps.config.maintenance, outcome.overrides, deps.config.alerting.timezone, new Date(nowMs));
  outcome.alertReport = await evaluateObservations(items, { ...alertDepsOf(deps), maintenance });
  outcome.alertReport.sent.push(...(await runSecurityDigest(results, digestDepsOf(deps))));
  const { failed } = outcome.alertReport;
  if (failed.length > 0) {
    throw new Error(`${failed.length} alert(s) not published (kept pending, retried next run): ${failed[0]!.error}`);
  }
}

/**
 * The history sink: failures and degraded passes always, plain passes sampled
 * (`historySampleMinutes`; deps without it, as in tests, keep every result).
 */
function saveHistory(targets: TargetSpec[], results: CheckResult[], deps: ProbeCycleDeps): Promise<number> {
  const intervalOf = new Map(targets.map((t) => [t.id, t.intervalMs]));
  const kept = sampleHistory(results, (id) => intervalOf.get(id) ?? 0, deps.config.historySampleMinutes ?? 1);
  return deps.store.saveResults(kept);
}

/** The metrics sink: per-check series (detailed ones for targets that ask), plus the shard's heartbeat. */
function publishMetrics(targets: TargetSpec[], results: CheckResult[], deps: ProbeCycleDeps): Promise<unknown> {
  const detailed = new Set(targets.filter((t) => t.metrics === 'detailed').map((t) => t.id));
  return deps.metrics.publish([...buildMetricSeries(results, detailed), ...(deps.shard ? [heartbeatSeries(deps.region, deps.shard)] : [])]);
}

/** Runs every sink to the end, whatever the others do, and logs and returns the ones that failed. */
async function writeSinks(sinks: Array<[SinkName, () => Promise<unknown>]>, resultCount: number, log: LogSink): Promise<SinkError[]> {
  const settled = await Promise.allSettled(sinks.map(([, write]) => write()));
  const sinkErrors: SinkError[] = [];
  settled.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') return;
    const sink = sinks[i]![0];
    const message = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
    sinkErrors.push({ sink, message });
    log.error(`sink ${sink} failed; the other sinks still received ${resultCount} results`, {
      sink,
      error: message,
    });
  });
  return sinkErrors;
}
