import type { AlertKind } from '../types';
import type { ActiveWindow } from '../maintenance';
import { maintenanceSummary } from '../maintenance';
import { isSilenceWindow } from '../../oncall/overrides';
import type { MaintenanceRecord } from '../state';
import { justClosed, speak } from './speak';
import type { Turn } from './turn';

/**
 * Speaking step for maintenance windows: silent inside a window (changes are recorded, not
 * said); on the first observation after it, one message if the status differs from when the
 * window began, else a note on the next message if anything changed in between.
 */
export function maintenanceStep(turn: Turn): boolean {
  if (turn.ctx.maintenance) {
    recordInsideWindow(turn, turn.ctx.maintenance);
    return true;
  }
  if (!turn.prev.maintenance) return false;
  return reportAfterWindow(turn, turn.prev.maintenance);
}

function recordInsideWindow(turn: Turn, window: ActiveWindow): void {
  const { state, prev, obs, next } = turn;
  const m = state.maintenance ?? { window: window.name, startedAt: obs.ts, statusAtStart: prev.status, changes: [] };
  if (isSilenceWindow(window.name) && recoversPagedOutage(turn)) {
    announceRecoveryInsideSilence(turn, window.name);
    // Told now: the message after the silence compares against UP.
    state.maintenance = { ...m, statusAtStart: 'up', changes: [] };
    return;
  }
  state.maintenance = turn.transitioned ? { ...m, changes: [...m.changes, { to: next, ts: obs.ts }] } : m;
}

/** Leaving an outage whose DOWN was paged (before the silence began). */
function recoversPagedOutage({ prev, next, transitioned }: Turn): boolean {
  return transitioned && next === 'up' && prev.status === 'down' && prev.lastAlertAt !== null;
}

/**
 * A silence keeps pages quiet, but whoever got the DOWN wants to know it is over: the RECOVERED
 * goes out, saying who silenced the subject and until when.
 */
function announceRecoveryInsideSilence(turn: Turn, silence: string): void {
  const event = speak(turn, 'recovered');
  const line = `${event.message}; ${silence}`;
  event.body = event.body?.replace(event.message, line);
  event.message = line;
}

/** Returns true when it spoke; a note alone leaves the observation to the later steps. */
function reportAfterWindow(turn: Turn, m: MaintenanceRecord): boolean {
  const { state, obs, ctx, next } = turn;
  state.maintenance = null;
  const changes = turn.transitioned ? [...m.changes, { to: next, ts: obs.ts }] : m.changes;
  const summary = maintenanceSummary(m.window, changes, ctx.timezone, obs.ts);
  if (state.status === m.statusAtStart) {
    if (changes.length > 0) state.note = summary;
    return false;
  }
  const kind: AlertKind =
    state.status === 'down' ? 'down' : state.status === 'degraded' && m.statusAtStart === 'up' ? 'degraded' : 'recovered';
  // An outage that began and ended inside the window is reported with its downtime.
  const closed = state.lastIncident && !state.incident && state.lastIncident.end >= m.startedAt ? state.lastIncident : justClosed(turn);
  speak(turn, kind, { afterMaintenance: { window: m.window, summary } }, m.statusAtStart === 'down' ? closed : null);
  return true;
}
