import type { Observation } from './types';
import type { AlertState, AlertStatus, RegionState } from './state';

/**
 * Reads whatever the STATE item holds into a complete AlertState (items written by an older
 * version, or shared with another writer, may lack fields).
 */
export function normaliseState(raw: Partial<AlertState> | undefined, obs: Observation): AlertState | undefined {
  if (!raw || !raw.status || !raw.regions) return undefined;
  const status: AlertStatus = raw.status === 'down' || raw.status === 'degraded' ? raw.status : 'up';
  const regions: Record<string, RegionState> = {};
  for (const [name, r] of Object.entries(raw.regions)) {
    regions[name] = {
      ok: Boolean(r.ok),
      degraded: Boolean(r.degraded),
      error: r.error ?? null,
      reason: r.reason ?? '',
      ts: r.ts,
      impaired: Boolean(r.impaired),
      consecutiveFailures: r.consecutiveFailures ?? 0,
      consecutiveSuccesses: r.consecutiveSuccesses ?? 0,
      consecutiveDegraded: r.consecutiveDegraded ?? 0,
      consecutiveClean: r.consecutiveClean ?? 0,
      failingSince: r.failingSince,
      passingSince: r.passingSince,
      degradedSince: r.degradedSince,
      recent: r.recent,
      lastError: r.lastError,
      lastFailureReason: r.lastFailureReason,
      ...(typeof r.quietMs === 'number' ? { quietMs: r.quietMs } : {}),
    };
  }
  return {
    subject: raw.subject ?? obs.subject,
    domain: raw.domain ?? obs.domain,
    app: raw.app ?? obs.app,
    label: raw.label ?? obs.label,
    severity: raw.severity ?? obs.severity,
    status,
    since: raw.since ?? obs.ts,
    epoch: raw.epoch ?? 0,
    regions,
    lastTs: raw.lastTs ?? obs.ts,
    incident: raw.incident ?? null,
    lastIncident: raw.lastIncident ?? null,
    lastAlertAt: raw.lastAlertAt ?? null,
    reminders: raw.reminders ?? 0,
    transitions: raw.transitions ?? [],
    flapping: Boolean(raw.flapping),
    maintenance: raw.maintenance ?? null,
    note: raw.note ?? null,
    pending: raw.pending ?? [],
    ...(raw.security ? { security: raw.security } : {}),
  };
}
