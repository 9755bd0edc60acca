import type { AlertKind } from '../types';
import type { ActiveWindow } from '../maintenance';
import { maintenanceSummary } from '../maintenance';
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
  state.maintenance = turn.transitioned ? { ...m, changes: [...m.changes, { to: next, ts: obs.ts }] } : m;
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
