import { randomUUID } from 'node:crypto';
import type { AlertingConfig, AlertRules, MaintenanceWindow } from '../core/config';
import type { AlertEvent, AlertNotifier, Observation } from '../core/alerting/types';
import { evaluate, type IncidentRecord } from '../core/alerting/engine';
import { activeMaintenance } from '../core/alerting/maintenance';
import { addPending, claimExpired, settleDeliveries } from '../core/alerting/pending';
import type { ChannelOutcome } from '../core/channels/delivery';
import type { AlertState } from '../core/alerting/state';
import { groupStorms, stormGroupingEnabled } from '../core/alerting/storm';
import { mapWithConcurrency } from '../core/concurrency';
import { subjectId, type AlertStore, type LogSink, type SubjectRef } from '../ports';
import { deliverAll, planDeliveries } from './alert-delivery';
import { asNotifier } from './composite-notifier';
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
 * version (SubjectStateStore.updateSubject). The alerts it decides are written into the same record as
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
  alerting: Pick<AlertingConfig, 'routes' | 'storm' | 'timezone'>;
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
/** Each subject is a read + a conditional write; a few at a time keeps DynamoDB calm. */
const STATE_WRITE_CONCURRENCY = 8;

/** The part of the subject state the engine owns, as stored (plus anything other writers keep there). */
type StoredState = Partial<AlertState> & Record<string, unknown>;

interface Decision {
  item: SubjectObservation;
  events: AlertEvent[];
  incident: IncidentRecord | null;
  /** Version of the subject state our write created. */
  version: number;
  /** Pending alerts of an older epoch this write dropped (a newer transition superseded them). */
  superseded: AlertEvent[];
  /** Claimed retries that some channel already took: the channels they still owe, by dedupId. */
  owed: Map<string, string[]>;
}

export async function evaluateObservations(items: SubjectObservation[], deps: AlertDeps): Promise<AlertCycleReport> {
  const now = () => deps.now?.() ?? new Date();
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;

  // Observations of one subject are applied in order; different subjects in parallel.
  const bySubject = new Map<string, SubjectObservation[]>();
  for (const item of items) bySubject.set(subjectId(item.subject), [...(bySubject.get(subjectId(item.subject)) ?? []), item]);
  const decisions: Decision[] = [];
  await mapWithConcurrency([...bySubject.values()], STATE_WRITE_CONCURRENCY, async (group) => {
    for (const item of group) decisions.push(await decide(item, deps, now().getTime(), leaseMs));
  });

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

  // An alert some channel already took is retried on its own, on the channels still owed; storm
  // grouping (and a window's digest, which goes to every channel) is for the rest.
  const notifier = asNotifier(deps.notifier);
  const whole = decided.filter((e) => !owed.has(e.dedupId));
  const storm = stormDepsOf(deps, now, leaseMs);
  const grouping = stormGroupingEnabled(storm.threshold);
  const { outgoing, held } =
    grouping && whole.length > 0 ? await routeThroughStorms(whole, storm) : { outgoing: groupStorms(whole, storm.threshold), held: [] };
  const retries = decided.filter((e) => owed.has(e.dedupId));
  const { sent, failed, outcomes } = await deliverAll(planDeliveries(outgoing, retries, owed, notifier.channels), notifier, deps.log);

  // Held alerts belong to their storm window now: the outbox on the state item lets them go.
  for (const e of held) outcomes.set(e.dedupId, notifier.channels.map((channel) => ({ channel, ok: true as const })));
  await settle(decided, ownerOf, outcomes, notifier.channels, deps, now().getTime());

  if (grouping) {
    try {
      const flushed = await flushEndedStorms(storm);
      sent.push(...flushed.sent);
      failed.push(...flushed.failed);
    } catch (err) {
      deps.log.warn('could not look for due storm digests; the next run looks again', { error: message(err) });
    }
  }
  return { sent, failed, decided, held };
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

/** Applies one observation with a conditional write; returns the alerts this run now owns. */
async function decide(item: SubjectObservation, deps: AlertDeps, nowMs: number, leaseMs: number): Promise<Decision> {
  const { obs } = item;
  const regions = item.regions ?? deps.regions;
  const ctx = {
    rules: item.rules,
    regionCount: regions.length,
    regions,
    timezone: deps.alerting.timezone,
    routes: deps.alerting.routes,
    maintenance: activeMaintenance(deps.maintenance, { subject: obs.subject, app: obs.app }, new Date(obs.ts)),
  };
  return deps.store.updateSubject<StoredState, Decision>(item.subject, (raw, version) => {
    const evaluation = evaluate(raw, obs, ctx);
    const { epoch } = evaluation.state;
    const retry = claimExpired(evaluation.state.pending, nowMs, leaseMs, epoch);
    const fresh = evaluation.events;
    const events = [...retry.claimed, ...fresh];
    const outcome: Decision = { item, events, incident: evaluation.incident, version: version + 1, superseded: retry.superseded, owed: retry.owed };
    const changed = evaluation.applied || retry.claimed.length > 0 || retry.superseded.length > 0;
    if (!changed) return { value: raw ?? {}, outcome, write: false };
    const pending = addPending(retry.pending, fresh, nowMs, leaseMs, epoch);
    // Keep attributes other writers own on the shared item (capacity level, forecast …).
    return { value: { ...(raw ?? {}), ...evaluation.state, pending }, outcome };
  });
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
