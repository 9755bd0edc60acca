import type { AlertStatus, OpenIncident } from '../state';
import { earliest, type Tally } from '../tally';
import { causeOf } from '../outage-cause';
import { incidentIdFor } from '../incident';
import { speak } from './speak';
import type { Turn } from './turn';

/**
 * UP / DOWN / DEGRADED transitions. `applyTransition` records a status change on the state
 * (epoch, since, flapping history; DOWN opens an incident, leaving DOWN closes it with its
 * downtime) whether or not anyone is told; `announceTransition` is the speaking step that tells.
 */

export function applyTransition(turn: Turn): void {
  const { prev, state, next, tally, obs, ctx } = turn;
  if (!turn.transitioned) return;
  state.status = next;
  state.epoch = prev.epoch + 1;
  state.since = sinceOf(next, tally, obs.ts, prev.status === 'down' ? prev.incident?.start : undefined);
  // A change inside a maintenance window is not flapping: the window explains it.
  if (!ctx.maintenance) state.transitions.push(obs.ts);
  if (next === 'down') openIncident(turn);
  else if (prev.status === 'down' && prev.incident) closeIncident(turn, prev.incident);
}

function openIncident({ state, tally, obs, ctx }: Turn): void {
  state.incident = {
    id: incidentIdFor(obs.subject, state.since),
    start: state.since,
    cause: causeOf(tally),
    regions: tally.failing.map(([name]) => name),
    alertsSent: 0,
    ...(ctx.maintenance ? { maintenance: ctx.maintenance.name } : {}),
  };
  state.reminders = 0;
  state.lastAlertAt = null;
}

function closeIncident({ state, tally, obs }: Turn, open: OpenIncident): void {
  const end = recoveredAt(tally, open.start, obs.ts);
  state.lastIncident = {
    id: open.id,
    start: open.start,
    end,
    durationMs: Math.max(0, Date.parse(end) - Date.parse(open.start)),
  };
  state.incident = null;
  state.lastAlertAt = null;
}

/** Speaking step: says the transition itself (DOWN, DEGRADED, or RECOVERED with its downtime). */
export function announceTransition(turn: Turn): boolean {
  const { prev, next } = turn;
  if (!turn.transitioned) return false;
  if (next === 'down') speak(turn, 'down');
  else if (next === 'degraded' && prev.status === 'up') speak(turn, 'degraded');
  // Back from DEGRADED: "no longer degraded after …" counts from when it began.
  else speak(turn, 'recovered', prev.status === 'degraded' ? { since: prev.since } : {});
  return true;
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
