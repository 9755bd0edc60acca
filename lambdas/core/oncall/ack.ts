import type { TopicName } from '../config';
import type { Severity } from '../types';
import type { IncidentAck } from '../alerting/incident';
import { displayName, verdictWord } from '../alerting/messages';
import type { AlertState } from '../alerting/state';
import { formatClock } from '../alerting/timezone';
import type { AlertEvent } from '../alerting/types';

/**
 * Acknowledging an open incident (`pantau ack`): the ack goes on the subject's state item, where
 * the reminder step reads it, and one `acknowledged` alert tells the audience that got the DOWN.
 * Pure: the caller writes the state conditionally (so an ack and a probe run never lose each
 * other's update) and delivers the alert through the pending outbox (so it is said once).
 */

export type AckOutcome =
  | { result: 'acknowledged'; state: AlertState; event: AlertEvent }
  | { result: 'already'; ack: IncidentAck }
  | { result: 'not-open' };

export interface AckContext {
  timezone: string;
  routes: Record<Severity, TopicName>;
}

export function acknowledge(state: AlertState, incidentId: string, ack: IncidentAck, ctx: AckContext): AckOutcome {
  const incident = state.incident;
  if (!incident || incident.id !== incidentId) return { result: 'not-open' };
  if (incident.ack) return { result: 'already', ack: incident.ack };
  const next: AlertState = { ...state, incident: { ...incident, ack } };
  return { result: 'acknowledged', state: next, event: ackEvent(next, incidentId, ack, ctx) };
}

/** `ACKNOWLEDGED Sirekap (pemilu2024.kpu.go.id) by ana at 10:47 WIB: "on it"` (the note, when given). */
export function ackEvent(state: AlertState, incidentId: string, ack: IncidentAck, ctx: AckContext): AlertEvent {
  const at = new Date(ack.ts);
  const word = verdictWord(state.domain, 'acknowledged');
  const name = displayName(state);
  const note = ack.note ? `: ${JSON.stringify(ack.note)}` : '';
  const message = `${word} ${name} by ${ack.by} at ${formatClock(at, ctx.timezone)}${note}`;
  const since = state.incident?.start ?? state.since;
  const body = [
    message,
    '',
    `Incident: ${incidentId}`,
    `Down since: ${formatClock(new Date(since), ctx.timezone, at)}`,
    'Reminders for this incident stop; the recovery is still announced.',
  ].join('\n');
  return {
    kind: 'acknowledged',
    target: state.subject,
    app: state.app,
    severity: state.severity,
    topic: ctx.routes[state.severity] ?? 'critical',
    incidentId,
    ts: ack.ts,
    subject: asciiSubject(`${word} ${name} by ${ack.by}`),
    message,
    regions: state.incident?.regions ?? [],
    dedupId: `${state.subject}/acknowledged/${incidentId}`,
    domain: state.domain,
    label: state.label,
    cause: state.incident?.cause ?? null,
    since,
    body,
  };
}

/** SNS subjects are ASCII, under 100 characters. */
function asciiSubject(text: string): string {
  // Printable ASCII only: SNS refuses the rest in a subject.
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 99);
}
