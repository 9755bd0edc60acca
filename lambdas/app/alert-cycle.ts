import { randomUUID } from 'node:crypto';
import type { AlertingConfig, AlertRules, MaintenanceWindow } from '../core/config';
import type { AlertEvent, AlertNotifier, Observation } from '../core/alerting/types';
import { settleDeliveries } from '../core/alerting/pending';
import type { ChannelOutcome } from '../core/channels/delivery';
import { groupStorms, stormGroupingEnabled } from '../core/alerting/storm';
import { mapWithConcurrency } from '../core/concurrency';
import { subjectId, type AlertStore, type LogSink, type SubjectRef } from '../ports';
import { decideAll, STATE_WRITE_CONCURRENCY, type Decision, type StoredState } from './alert-decisions';
import { deliverAll, planDeliveries } from './alert-delivery';
import { asNotifier } from './composite-notifier';
import { skipsStorms } from './security-items';
import { flushEndedStorms, routeThroughStorms, type StormDeps, type StormFlushReport } from './storm-delivery';

/**
 * The alert cycle: fold observations into their subjects' alert state, publish what the engine
 * decides, exactly once. Used by the probe cycle (uptime targets) and the capacity cycle
 * (capacity resources) alike.
 *
 * API (for the probe and capacity cycles):
 *
 *   evaluateObservations(items: SubjectObservation[], deps: AlertDeps): Promise<AlertCycleReport>
 *
 *   items[i] = {
 *     obs,        // Observation (core/alerting/types.ts): subject, domain, app, severity, ok,
 *                 //   degraded, error, reason, region, ts, label?, regionImpaired?
 *     rules,      // AlertRules: targets pass TargetSpec.alerting; capacity passes its own
 *     subject,    // SubjectRef (ports): { kind: 'target', target } | { kind: 'capacity', site, resource } …
 *   }
 *   deps = { store, notifier, log, alerting: config.alerting, maintenance: config.maintenance,
 *            regions: config.regions (quorum denominator; capacity: [homeRegion]), now?, leaseMs? }
 *
 * The subject's state is shared: attributes the engine does not own (e.g. capacity `level`,
 * `forecast`) are kept as they are; write yours with store.updateSubject spreading the
 * previous value, and both writers stay safe under the shared version.
 *
 * Exactly once: each observation is applied by a conditional write on the subject state's
 * version (SubjectStateStore.updateSubject; alert-decisions.ts). The alerts it decides are written into the same record as
 * pending, leased to this run; only the run whose write won has them, so only it publishes.
 * After publishing it removes them; if the publish fails it releases the lease and the next run
 * that evaluates the subject claims them (another conditional write) and publishes them again
 * with the same dedupId.
 *
 * Storms (storm-delivery.ts, rules in core/alerting/storm.ts): after the decisions, each alert
 * joins the storm window of its (kind, topic, app), shared by every run and shard for
 * `alerting.storm.windowMs`. Below `alerting.storm.threshold` alerts go out on their own at
 * once; the batch that crosses it goes out as ONE grouped message; later ones are handed to
 * the window (removed from pending) and sent as ONE follow-up digest by the first run, of any
 * shard, after the window ends. Every run also flushes the windows that are due.
 */

export interface SubjectObservation {
  obs: Observation;
  rules: AlertRules;
  /** Whose state the observation folds into (the store knows where that state lives). */
  subject: SubjectRef;
  /**
   * The regions that observe this subject, when not the probe regions (`deps.regions`): a probe
   * region's own health is observed by that region alone.
   */
  regions?: string[];
}

export interface AlertDeps {
  store: AlertStore;
  notifier: AlertNotifier;
  log: LogSink;
  alerting: Pick<AlertingConfig, 'routes' | 'storm' | 'timezone' | 'language'>;
  maintenance: MaintenanceWindow[];
  /** Configured probe regions: the quorum denominator ("2/3 regions"). */
  regions: string[];
  /** Wall clock for leases (tests inject one). */
  now?: () => Date;
  /** How long a run owns the publish of an alert it decided or claimed (default 2 min). */
  leaseMs?: number;
}

export interface AlertCycleReport {
  /**
   * Published messages: alerts on their own, grouped storm messages, and the follow-up digests
   * of ended storm windows this run flushed (they may deliver alerts other runs decided).
   */
  sent: AlertEvent[];
  /** Messages whose publish failed: kept pending, retried by the next run with the same dedupId. */
  failed: Array<{ event: AlertEvent; error: string }>;
  /** Individual alerts decided by this run (before grouping), retries included. */
  decided: AlertEvent[];
  /** Alerts of `decided` held for a storm window's follow-up digest (sent by a later run). */
  held?: AlertEvent[];
}

export const DEFAULT_LEASE_MS = 120_000;

export async function evaluateObservations(items: SubjectObservation[], deps: AlertDeps): Promise<AlertCycleReport> {
  const now = () => deps.now?.() ?? new Date();
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;

  const decisions = await decideAll(items, deps, now, leaseMs);
  await projectIncidents(decisions, deps);
  for (const d of decisions) {
    for (const e of d.superseded) {
      deps.log.warn('pending alert dropped: a newer transition superseded it', { kind: e.kind, target: e.target, dedupId: e.dedupId });
    }
  }
  const decided = decisions.flatMap((d) => d.events);
  const ownerOf = new Map<string, SubjectObservation>();
  for (const d of decisions) for (const e of d.events) ownerOf.set(e.dedupId, d.item);
  const owed = new Map<string, string[]>();
  for (const d of decisions) for (const [id, channels] of d.owed) owed.set(id, channels);

  const notifier = asNotifier(deps.notifier);
  const storm = stormDepsOf(deps, now, leaseMs);
  const { sent, failed, outcomes, held } = await deliverDecided(decided, owed, notifier, storm, deps.log);
  await settle(decided, ownerOf, outcomes, notifier.channels, deps, now().getTime());
  if (stormGroupingEnabled(storm.threshold)) await flushDueStorms(storm, { sent, failed }, deps.log);
  return { sent, failed, decided, held };
}

/** Rewrites the incident item of every decision that changed one. */
async function projectIncidents(decisions: Decision[], deps: AlertDeps): Promise<void> {
  await Promise.all(
    decisions
      .filter((d) => d.incident)
      .map((d) =>
        deps.store
          .projectIncident(d.item.subject, { ...d.incident! }, d.version)
          .catch((err: unknown) =>
            // The subject state holds the truth; the incident is a projection rewritten on the next change.
            deps.log.warn('incident item write failed', { incident: d.incident!.id, error: message(err) }),
          ),
      ),
  );
}

/**
 * Publishes the decided alerts. An alert some channel already took is retried on its own, on
 * the channels still owed; storm grouping (and a window's digest, which goes to every channel)
 * is for the rest. Alerts held for a storm window count as delivered on every channel.
 */
async function deliverDecided(
  decided: AlertEvent[],
  owed: ReadonlyMap<string, string[]>,
  notifier: ReturnType<typeof asNotifier>,
  storm: StormDeps,
  log: LogSink,
): Promise<Pick<AlertCycleReport, 'sent' | 'failed'> & { outcomes: Map<string, readonly ChannelOutcome[]>; held: AlertEvent[] }> {
  const whole = decided.filter((e) => !owed.has(e.dedupId) && !skipsStorms(e));
  const { outgoing, held } =
    stormGroupingEnabled(storm.threshold) && whole.length > 0
      ? await routeThroughStorms(whole, storm)
      : { outgoing: groupStorms(whole, storm.threshold), held: [] };
  const alone = groupStorms(decided.filter((e) => !owed.has(e.dedupId) && skipsStorms(e)), 0);
  const retries = decided.filter((e) => owed.has(e.dedupId));
  const { sent, failed, outcomes } = await deliverAll(planDeliveries([...outgoing, ...alone], retries, owed, notifier.channels), notifier, log);

  // Held alerts belong to their storm window now: the outbox on the state item lets them go.
  for (const e of held) outcomes.set(e.dedupId, notifier.channels.map((channel) => ({ channel, ok: true as const })));
  return { sent, failed, outcomes, held };
}

/** Sends the digests of storm windows that have ended (decided by any run, any shard) into this run's report. */
async function flushDueStorms(storm: StormDeps, report: Pick<AlertCycleReport, 'sent' | 'failed'>, log: LogSink): Promise<void> {
  try {
    const flushed = await flushEndedStorms(storm);
    report.sent.push(...flushed.sent);
    report.failed.push(...flushed.failed);
  } catch (err) {
    log.warn('could not look for due storm digests; the next run looks again', { error: message(err) });
  }
}

function stormDepsOf(deps: AlertDeps, now: () => Date, leaseMs: number): StormDeps {
  return {
    store: deps.store,
    notifier: deps.notifier,
    log: deps.log,
    threshold: deps.alerting.storm.threshold,
    windowMs: deps.alerting.storm.windowMs,
    timezone: deps.alerting.timezone,
    now,
    leaseMs,
    runId: randomUUID(),
  };
}

/**
 * Publishes the digests of every storm window still holding alerts, without waiting for the
 * windows to end. For a prober that is about to stop for good (`pantau watch` at Ctrl-C or after
 * --cycles, the demo): no later run would flush them, so they go now rather than never.
 * The Lambdas never call this; their next run flushes windows when they end.
 */
export async function flushHeldAlerts(deps: AlertDeps): Promise<StormFlushReport> {
  if (!stormGroupingEnabled(deps.alerting.storm.threshold)) return { sent: [], failed: [] };
  const closingTime = () => new Date((deps.now?.() ?? new Date()).getTime() + deps.alerting.storm.windowMs);
  return flushEndedStorms(stormDepsOf(deps, closingTime, deps.leaseMs ?? DEFAULT_LEASE_MS));
}

/** Settles this run's deliveries on their subjects' pending lists (pending.ts settleDeliveries). */
async function settle(
  decided: AlertEvent[],
  ownerOf: Map<string, SubjectObservation>,
  outcomes: ReadonlyMap<string, readonly ChannelOutcome[]>,
  channels: readonly string[],
  deps: AlertDeps,
  nowMs: number,
): Promise<void> {
  const perKey = new Map<string, { subject: SubjectRef; outcomes: Map<string, readonly ChannelOutcome[]> }>();
  for (const e of decided) {
    const tried = outcomes.get(e.dedupId);
    if (!tried) continue;
    const item = ownerOf.get(e.dedupId)!;
    const id = subjectId(item.subject);
    const entry = perKey.get(id) ?? { subject: item.subject, outcomes: new Map() };
    entry.outcomes.set(e.dedupId, tried);
    perKey.set(id, entry);
  }
  await mapWithConcurrency([...perKey.values()], STATE_WRITE_CONCURRENCY, async ({ subject, outcomes: here }) => {
    try {
      await deps.store.updateSubject<StoredState, void>(subject, (raw) => {
        const pending = raw?.pending ?? [];
        const next = settleDeliveries(pending, here, channels, nowMs);
        const changed = JSON.stringify(next) !== JSON.stringify(pending);
        return { value: { ...(raw ?? {}), pending: next }, outcome: undefined, write: changed };
      });
    } catch (err) {
      // Not fatal: a published alert left pending is retried after its lease with the same
      // dedupId (subscribers can drop the duplicate); a failed one is retried after the lease.
      deps.log.warn('could not settle pending alerts', { subject: subjectId(subject), error: message(err) });
    }
  });
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
