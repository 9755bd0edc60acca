import type { AlertEvent } from '../core/alerting/types';
import { evaluate, type IncidentRecord } from '../core/alerting/engine';
import { activeMaintenance } from '../core/alerting/maintenance';
import { addPending, claimExpired } from '../core/alerting/pending';
import { quietRefreshMs } from '../core/alerting/quiet-writes';
import type { AlertState } from '../core/alerting/state';
import { mapWithConcurrency } from '../core/concurrency';
import { subjectId } from '../ports';
import type { AlertDeps, SubjectObservation } from './alert-cycle';

/**
 * The deciding half of the alert cycle: each observation folded into its subject's alert state
 * by one conditional write, which also leases to this run the alerts it decided (and expired
 * ones it claims for a retry). Only the run whose write won holds them, so only it publishes.
 */

/** Each subject is a read + a conditional write; a few at a time keeps DynamoDB calm. */
export const STATE_WRITE_CONCURRENCY = 8;

/** The part of the subject state the engine owns, as stored (plus anything other writers keep there). */
export type StoredState = Partial<AlertState> & Record<string, unknown>;

export interface Decision {
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

/** Observations of one subject are applied in order; different subjects in parallel. */
export async function decideAll(items: SubjectObservation[], deps: AlertDeps, now: () => Date, leaseMs: number): Promise<Decision[]> {
  const bySubject = new Map<string, SubjectObservation[]>();
  for (const item of items) bySubject.set(subjectId(item.subject), [...(bySubject.get(subjectId(item.subject)) ?? []), item]);
  const decisions: Decision[] = [];
  await mapWithConcurrency([...bySubject.values()], STATE_WRITE_CONCURRENCY, async (group) => {
    for (const item of group) decisions.push(await decide(item, deps, now().getTime(), leaseMs));
  });
  return decisions;
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
    ...(deps.alerting.language ? { language: deps.alerting.language } : {}),
    routes: deps.alerting.routes,
    // A security subject is covered by the windows of its target (by id or app).
    maintenance: activeMaintenance(deps.maintenance, { subject: obs.security?.target ?? obs.subject, app: obs.app }, new Date(obs.ts)),
    // Steady state (a healthy subject staying healthy) writes nothing but a refresh per freshness window.
    quietMs: quietRefreshMs(item.rules),
  };
  return deps.store.updateSubject<StoredState, Decision>(item.subject, (raw, version) => {
    const evaluation = evaluate(raw, obs, ctx);
    const { epoch } = evaluation.state;
    const retry = claimExpired(evaluation.state.pending, nowMs, leaseMs, epoch);
    const fresh = evaluation.events;
    const events = [...retry.claimed, ...fresh];
    const outcome: Decision = { item, events, incident: evaluation.incident, version: version + 1, superseded: retry.superseded, owed: retry.owed };
    const changed = (evaluation.applied && !evaluation.quiet) || retry.claimed.length > 0 || retry.superseded.length > 0;
    if (!changed) return { value: raw ?? {}, outcome, write: false };
    const pending = addPending(retry.pending, fresh, nowMs, leaseMs, epoch);
    // Keep attributes other writers own on the shared item (capacity level, forecast …).
    return { value: { ...(raw ?? {}), ...evaluation.state, pending }, outcome };
  });
}
