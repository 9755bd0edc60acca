import type { IncidentAck } from '../core/alerting/incident';
import { incidentRecord } from '../core/alerting/incident';
import { addPending, releasePending, removePending } from '../core/alerting/pending';
import type { AlertState } from '../core/alerting/state';
import type { AlertEvent, AlertNotifier } from '../core/alerting/types';
import { acknowledge, type AckContext } from '../core/oncall/ack';
import type { SubjectRef, SubjectStateStore } from '../ports';
import { DEFAULT_LEASE_MS } from './alert-cycle';

/**
 * `pantau ack`, as a use case. One conditional write on the subject's state item sets the ack
 * (the reminder step reads it there) and puts the `acknowledged` alert into the state's pending
 * outbox, leased to this run; the incident projection is rewritten; then the alert is published.
 * A failed publish releases the lease, so the next probe run that evaluates the subject sends it
 * with the same dedupId; without a notifier (`notifier: null`) it is left to that run at once.
 */

export interface AckDeps extends AckContext {
  store: Pick<SubjectStateStore, 'updateSubject' | 'projectIncident'>;
  notifier: AlertNotifier | null;
  now?: () => Date;
}

export type AckReport =
  | { result: 'acknowledged'; event: AlertEvent; delivery: 'sent' | 'left-to-next-run'; error?: string }
  | { result: 'already'; ack: IncidentAck }
  | { result: 'not-open' };

type Written = { result: 'acknowledged'; event: AlertEvent; state: AlertState; version: number } | Exclude<AckReport, { result: 'acknowledged' }>;

export async function acknowledgeIncident(ref: SubjectRef, incidentId: string, ack: IncidentAck, deps: AckDeps): Promise<AckReport> {
  const nowMs = (deps.now?.() ?? new Date()).getTime();
  const leaseMs = deps.notifier ? DEFAULT_LEASE_MS : 0;
  const written = await deps.store.updateSubject<AlertState, Written>(ref, (previous, version) => {
    if (!previous) return { value: {} as AlertState, outcome: { result: 'not-open' }, write: false };
    const outcome = acknowledge(previous, incidentId, ack, deps);
    if (outcome.result !== 'acknowledged') return { value: previous, outcome, write: false };
    const pending = addPending(outcome.state.pending ?? [], [outcome.event], nowMs, leaseMs, outcome.state.epoch);
    const value = { ...outcome.state, pending };
    return { value, outcome: { ...outcome, state: value, version: version + 1 } };
  });
  if (written.result !== 'acknowledged') return written;
  const { state, event, version } = written;
  await deps.store.projectIncident(ref, { ...incidentRecord(state, state.incident!, null, 0) }, version);
  if (!deps.notifier) return { result: 'acknowledged', event, delivery: 'left-to-next-run' };
  return deliverOnce(ref, event, deps.notifier, deps, nowMs);
}

/** Publishes the announcement, then settles the outbox entry: removed when sent, released when not. */
async function deliverOnce(ref: SubjectRef, event: AlertEvent, notifier: AlertNotifier, deps: AckDeps, nowMs: number): Promise<AckReport> {
  const ids = new Set([event.dedupId]);
  let error: string | undefined;
  try {
    await notifier.publish(event);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  await deps.store.updateSubject<AlertState, void>(ref, (previous) => {
    if (!previous) return { value: {} as AlertState, outcome: undefined, write: false };
    const pending = error ? releasePending(previous.pending, ids, nowMs, error) : removePending(previous.pending, ids);
    return { value: { ...previous, pending }, outcome: undefined };
  });
  return error
    ? { result: 'acknowledged', event, delivery: 'left-to-next-run', error }
    : { result: 'acknowledged', event, delivery: 'sent' };
}
