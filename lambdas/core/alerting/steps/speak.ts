import type { AlertEvent, AlertKind } from '../types';
import type { ClosedIncident } from '../state';
import { composeAlert, type ComposeInput } from '../messages';
import { failureReason, intermittentReason } from '../failure-rate';
import { causeOf } from '../outage-cause';
import { asSecurityAlert } from '../security';
import type { Turn } from './turn';

/**
 * How a step says something: the alert event for a decision, and the bookkeeping that saying
 * it implies (the reminder clock, the incident's alert count, the one-shot maintenance note).
 */

/** Alerts that carry who confirmed them when fewer regions than configured could. */
const CONFIRMED_KINDS: ReadonlySet<AlertKind> = new Set<AlertKind>(['down', 'reminder', 'degraded']);

/** The outage this observation closed, if it closed one. */
export function justClosed(turn: Turn): ClosedIncident | null {
  return turn.prev.incident && !turn.state.incident ? turn.state.lastIncident : null;
}

/**
 * Decides one alert. `closed`: the outage a RECOVERED reports with its downtime (by default the
 * one this observation closed; null for none).
 */
export function speak(turn: Turn, kind: AlertKind, extra: Partial<ComposeInput> = {}, closed = justClosed(turn)): AlertEvent {
  const { state, obs } = turn;
  const confirms = CONFIRMED_KINDS.has(kind) ? { confirmation: turn.confirmation } : {};
  const event = alertEvent(turn, kind, { ...confirms, ...extra }, kind === 'recovered' ? closed : null);
  turn.events.push(event);
  if (kind === 'down' || kind === 'reminder') state.lastAlertAt = obs.ts;
  if (state.incident && event.incidentId === state.incident.id) {
    state.incident = { ...state.incident, alertsSent: state.incident.alertsSent + 1 };
  }
  state.note = null; // a maintenance note rides on the next message only
  return event;
}

function alertEvent(turn: Turn, kind: AlertKind, extra: Partial<ComposeInput>, closed: ClosedIncident | null): AlertEvent {
  const { state, tally, obs, ctx } = turn;
  const incidentId = closed?.id ?? state.incident?.id ?? null;
  const regions = regionsSaying(turn, kind);
  const anchor = kind === 'reminder' ? `${incidentId ?? state.since}/${state.reminders}` : obs.ts;
  const input: ComposeInput = {
    kind,
    state,
    ts: obs.ts,
    timezone: ctx.timezone,
    regionCount: ctx.regionCount,
    topic: ctx.routes[state.severity] ?? 'critical',
    dedupId: `${state.subject}/${kind}/${anchor}`,
    regions: regions.length > 0 ? regions : [obs.region],
    cause: state.status === 'down' ? (state.incident?.cause ?? causeOf(tally)) : null,
    reason: reasonOf(turn),
    since: closed ? closed.start : state.status === 'down' && state.incident ? state.incident.start : state.since,
    incidentId,
    note: state.note,
    ...(ctx.language ? { language: ctx.language } : {}),
    ...(obs.contact ? { contact: obs.contact } : {}),
    ...(obs.budgetLeft !== undefined ? { budgetLeft: obs.budgetLeft } : {}),
    ...extra,
  };
  if (closed) input.downtimeMs = closed.durationMs;
  const event = composeAlert(input, state.severity, ctx.rules.freshnessMs);
  return state.domain === 'security' ? asSecurityAlert(event, input, obs) : event;
}

/** The regions an alert names: those that saw what it reports. */
function regionsSaying({ tally, state }: Turn, kind: AlertKind): string[] {
  if (kind === 'down' || kind === 'reminder') return tally.failing.map(([n]) => n);
  if (kind === 'degraded') return tally.degraded.map(([n]) => n);
  if (kind === 'recovered') return tally.recovered.map(([n]) => n);
  return Object.keys(state.regions);
}

/** The one-line reason: the observing region's own if it confirms, else the first confirming region's. */
function reasonOf({ state, tally, obs, ctx }: Turn): string {
  if (state.status === 'down') {
    const failing = tally.failing.find(([n]) => n === obs.region) ?? tally.failing[0];
    return (failing ? failureReason(failing, tally, ctx.rules) : undefined) ?? state.regions[obs.region]?.reason ?? obs.reason;
  }
  if (state.status === 'degraded') {
    const degraded = tally.degraded.find(([n]) => n === obs.region) ?? tally.degraded[0];
    if (!degraded) return obs.reason;
    const [, r] = degraded;
    return r.ok && r.degraded ? r.reason : intermittentReason(r, ctx.rules);
  }
  return obs.reason;
}
