import type { Severity } from '../types';
import type { AlertRules, TopicName } from '../config';
import type { AlertEvent, AlertKind, Observation } from './types';
import { maintenanceSummary, type ActiveWindow } from './maintenance';
import { composeAlert, type ComposeInput } from './messages';
import { confirmationOf } from './confirmation';
import { normaliseState } from './normalise';
import { incidentIdFor, incidentRecord, type IncidentRecord } from './incident';

export { incidentIdFor, type IncidentRecord };
import { INTERMITTENT, causeOf, failureReason, intermittentReason } from './failure-rate';
import {
  decideStatus,
  earliest,
  foldRegion,
  quorumSize,
  requiredAgreement,
  tallyRegions,
  type AlertState,
  type AlertStatus,
  type ClosedIncident,
  type Tally,
} from './state';

/**
 * The alert state machine: one observation in, the next state and the alerts it decides out.
 * Pure and generic over Observation (uptime targets and capacity resources alike): no clock,
 * no I/O. The caller (lambdas/app/alert-cycle.ts) persists the state with a conditional write,
 * so only the writer that wins publishes what this returns.
 *
 *   UP ──failureThreshold failures in ≥ quorum fresh regions──▶ DOWN
 *   DOWN ──failing < quorum and successThreshold successes in a region──▶ UP (or DEGRADED)
 *   UP ──failureThreshold degraded passes in ≥ quorum regions──▶ DEGRADED ──clean passes──▶ UP
 * plus reminders while DOWN, FLAPPING, maintenance silence and the message after a window.
 */

export interface EngineContext {
  rules: AlertRules;
  /** Configured probe regions (quorum denominator). */
  regionCount: number;
  /**
   * Their names, when known: a configured region with no live observation is named in an alert
   * it did not help confirm ("ap-southeast-1 silent for 7 min").
   */
  regions?: string[];
  /** IANA zone of message text. */
  timezone: string;
  routes: Record<Severity, TopicName>;
  /** The maintenance window covering the subject at the observation time, if any. */
  maintenance: ActiveWindow | null;
}

export interface Evaluation {
  state: AlertState;
  /** New alerts decided by this observation (publish them only if the state write wins). */
  events: AlertEvent[];
  incident: IncidentRecord | null;
  /** False when the observation was ignored (older than what its region already has). */
  applied: boolean;
}

function emptyState(obs: Observation): AlertState {
  return {
    subject: obs.subject,
    domain: obs.domain,
    app: obs.app,
    label: obs.label,
    severity: obs.severity,
    status: 'up',
    since: obs.ts,
    epoch: 0,
    regions: {},
    lastTs: obs.ts,
    incident: null,
    lastIncident: null,
    lastAlertAt: null,
    reminders: 0,
    transitions: [],
    flapping: false,
    maintenance: null,
    note: null,
    pending: [],
  };
}

export function evaluate(previousRaw: Partial<AlertState> | undefined, obs: Observation, ctx: EngineContext): Evaluation {
  const previous = normaliseState(previousRaw, obs);
  const known = previous?.regions[obs.region];
  if (previous && known && known.ts >= obs.ts) {
    // A delayed duplicate (a second Lambda run, a late region) must not roll the state back.
    return { state: previous, events: [], incident: null, applied: false };
  }
  const prev = previous ?? emptyState(obs);
  const nowMs = Date.parse(obs.ts);
  const { rules } = ctx;
  const configuredQuorum = quorumSize(rules, ctx.regionCount);

  const state: AlertState = {
    ...prev,
    domain: obs.domain,
    app: obs.app,
    label: obs.label ?? prev.label,
    severity: obs.severity,
    regions: {
      ...prev.regions,
      [obs.region]: foldRegion(prev.regions[obs.region], obs, rules.freshnessMs, rules.failureRate?.of ?? 0, rules.failureThreshold),
    },
    lastTs: obs.ts > prev.lastTs ? obs.ts : prev.lastTs,
    transitions: [...prev.transitions],
    pending: [...prev.pending],
  };
  const holdingIntermittent = prev.status === 'down' && prev.incident?.cause === INTERMITTENT;
  const tally = tallyRegions(state.regions, rules, nowMs, holdingIntermittent);
  // Quorum over the regions that are live now, not the configured ones (requiredAgreement).
  const quorum = requiredAgreement(configuredQuorum, tally);
  const next = decideStatus(prev.status, tally, quorum);
  const transitioned = next !== prev.status;
  const confirmation = confirmationOf(tally, ctx, configuredQuorum, nowMs, state.regions, next);
  let incident: IncidentRecord | null = null;
  const events: AlertEvent[] = [];

  const inMaintenance = ctx.maintenance !== null;
  if (transitioned) {
    state.status = next;
    state.epoch = prev.epoch + 1;
    state.since = sinceOf(next, tally, obs.ts, prev.status === 'down' ? prev.incident?.start : undefined);
    if (!inMaintenance) state.transitions.push(obs.ts);
    if (next === 'down') {
      const failing = tally.failing;
      state.incident = {
        id: incidentIdFor(obs.subject, state.since),
        start: state.since,
        cause: causeOf(tally),
        regions: failing.map(([name]) => name),
        alertsSent: 0,
        ...(ctx.maintenance ? { maintenance: ctx.maintenance.name } : {}),
      };
      state.reminders = 0;
      state.lastAlertAt = null;
    } else if (prev.status === 'down' && prev.incident) {
      const end = recoveredAt(tally, prev.incident.start, obs.ts);
      state.lastIncident = {
        id: prev.incident.id,
        start: prev.incident.start,
        end,
        durationMs: Math.max(0, Date.parse(end) - Date.parse(prev.incident.start)),
      };
      state.incident = null;
      state.lastAlertAt = null;
    }
  }
  if (!transitioned && state.status === 'down' && state.incident?.cause === INTERMITTENT && tally.hardFailing.length > 0) {
    // The intermittent outage turned hard: name the hard cause, and recover on passes alone.
    state.incident = { ...state.incident, cause: causeOf(tally) };
  }
  const windowStart = nowMs - rules.flapping.windowMs;
  state.transitions = state.transitions.filter((t) => Date.parse(t) > windowStart);

  // What to say, if anything. At most one of these branches speaks.
  const closedNow = prev.incident && !state.incident ? state.lastIncident : null;
  const say = (kind: AlertKind, extra: Partial<ComposeInput> = {}, closed = closedNow) => {
    const confirms = kind === 'down' || kind === 'reminder' || kind === 'degraded' ? { confirmation } : {};
    const event = buildEvent(kind, state, tally, obs, ctx, { ...confirms, ...extra }, kind === 'recovered' ? closed : null);
    events.push(event);
    if (kind === 'down' || kind === 'reminder') state.lastAlertAt = obs.ts;
    if (state.incident && event.incidentId === state.incident.id) {
      state.incident = { ...state.incident, alertsSent: state.incident.alertsSent + 1 };
    }
    state.note = null; // a maintenance note rides on the next message only
  };

  let spoke = false;
  if (inMaintenance) {
    const m = state.maintenance ?? { window: ctx.maintenance!.name, startedAt: obs.ts, statusAtStart: prev.status, changes: [] };
    state.maintenance = transitioned ? { ...m, changes: [...m.changes, { to: next, ts: obs.ts }] } : m;
  } else if (prev.maintenance) {
    // First observation after the window: say what changed while it was silent.
    const m = prev.maintenance;
    state.maintenance = null;
    const changes = transitioned ? [...m.changes, { to: next, ts: obs.ts }] : m.changes;
    const summary = maintenanceSummary(m.window, changes, ctx.timezone, obs.ts);
    if (state.status !== m.statusAtStart) {
      const kind: AlertKind =
        state.status === 'down' ? 'down' : state.status === 'degraded' && m.statusAtStart === 'up' ? 'degraded' : 'recovered';
      // An outage that began and ended inside the window is reported with its downtime.
      const closed =
        state.lastIncident && !state.incident && state.lastIncident.end >= m.startedAt ? state.lastIncident : closedNow;
      say(kind, { afterMaintenance: { window: m.window, summary } }, m.statusAtStart === 'down' ? closed : null);
      spoke = true;
    } else if (changes.length > 0) {
      state.note = summary;
    }
  }
  if (inMaintenance || spoke) {
    // silent inside the window; the after-window message already said it
  } else if (state.flapping) {
    if (state.status === 'down' && hardOutageWhileFlapping(tally, rules) >= quorum) {
      // A hard outage is paged at most failureThreshold checks later than it would be without
      // flapping, however long the flapping window: flapping ends here, and must re-build.
      state.flapping = false;
      state.epoch += 1;
      state.transitions = [obs.ts];
      say('down', { stoppedFlapping: true });
    } else if (state.transitions.length <= Math.floor(rules.flapping.transitions / 2)) {
      // Stable again: report where it settled, once.
      state.flapping = false;
      state.epoch += 1;
      const kind: AlertKind = state.status === 'down' ? 'down' : state.status === 'degraded' ? 'degraded' : 'recovered';
      say(kind, { stoppedFlapping: true }, null);
    }
  } else if (transitioned && rules.flapping.transitions > 0 && state.transitions.length > rules.flapping.transitions) {
    state.flapping = true;
    state.epoch += 1;
    say('flapping', { flapping: { transitions: state.transitions.length, windowMs: rules.flapping.windowMs } });
  } else if (transitioned) {
    if (next === 'down') say('down');
    else if (next === 'degraded' && prev.status === 'up') say('degraded');
    else say('recovered', prev.status === 'degraded' ? { since: prev.since } : {});
  } else if (
    state.status === 'down' &&
    rules.renotifyMinutes > 0 &&
    state.lastAlertAt !== null &&
    nowMs - Date.parse(state.lastAlertAt) >= rules.renotifyMinutes * 60_000
  ) {
    state.reminders += 1;
    say('reminder');
  }

  if (prev.incident && !state.incident) {
    const id = prev.incident.id;
    incident = incidentRecord(state, prev.incident, state.lastIncident, events.filter((e) => e.incidentId === id).length);
  } else if (state.incident && (state.incident !== prev.incident)) {
    incident = incidentRecord(state, state.incident, null, 0);
  }
  return { state, events, incident, applied: true };
}

/** Regions failing in a row for 2 × failureThreshold: an outage, not one more flap. */
function hardOutageWhileFlapping(tally: Tally, rules: EngineContext['rules']): number {
  return tally.failing.filter(([, r]) => !r.ok && r.consecutiveFailures >= 2 * rules.failureThreshold).length;
}

function sinceOf(status: AlertStatus, tally: Tally, fallback: string, outageStart?: string): string {
  if (status === 'down') return earliest(tally.failing.map(([, r]) => r.failingSince), fallback);
  if (status === 'degraded') return earliest(tally.degraded.map(([, r]) => r.degradedSince), fallback);
  return outageStart ? recoveredAt(tally, outageStart, fallback) : fallback;
}

/**
 * When an outage ended: the latest start of a passing streak among the recovered regions that
 * began after the outage did (the region whose recovery tipped the decision). A region that
 * passed all along says nothing about when the others came back.
 */
function recoveredAt(tally: Tally, outageStart: string, fallback: string): string {
  const starts = tally.recovered
    .map(([, r]) => r.passingSince)
    .filter((t): t is string => Boolean(t) && t! >= outageStart)
    .sort();
  return starts.at(-1) ?? fallback;
}

function buildEvent(
  kind: AlertKind,
  state: AlertState,
  tally: Tally,
  obs: Observation,
  ctx: EngineContext,
  extra: Partial<ComposeInput>,
  closed: ClosedIncident | null,
): AlertEvent {
  const incidentId = closed?.id ?? state.incident?.id ?? null;
  const regions =
    kind === 'down' || kind === 'reminder'
      ? tally.failing.map(([n]) => n)
      : kind === 'degraded'
        ? tally.degraded.map(([n]) => n)
        : kind === 'recovered'
          ? tally.recovered.map(([n]) => n)
          : Object.keys(state.regions);
  const failingEntry = tally.failing.find(([n]) => n === obs.region) ?? tally.failing[0];
  const failingReason = failingEntry ? failureReason(failingEntry, tally, ctx.rules) : undefined;
  const degradedEntry = tally.degraded.find(([n]) => n === obs.region) ?? tally.degraded[0];
  const degradedReason = degradedEntry
    ? degradedEntry[1].ok && degradedEntry[1].degraded
      ? degradedEntry[1].reason
      : intermittentReason(degradedEntry[1], ctx.rules)
    : undefined;
  const reason =
    state.status === 'down'
      ? (failingReason ?? state.regions[obs.region]?.reason ?? obs.reason)
      : state.status === 'degraded'
        ? (degradedReason ?? obs.reason)
        : obs.reason;
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
    reason,
    since: closed ? closed.start : state.status === 'down' && state.incident ? state.incident.start : state.since,
    incidentId,
    note: state.note,
    ...extra,
  };
  if (closed) input.downtimeMs = closed.durationMs;
  return composeAlert(input, state.severity, ctx.rules.freshnessMs);
}
