import { availabilityOf, lastDays } from './days';
import type { AppStatus, DailyAvailability, PublicIncident, PublicStatus, StatusModel, StatusPageConfig } from './types';

/** How many days of bars the page draws. */
export const BAR_DAYS = 90;
/** Closed incidents stay on the page this long after they end. */
export const RECENT_INCIDENT_MS = 7 * 86_400_000;
/** At most this many incidents per app, newest first: the page stays light during a bad week. */
export const MAX_INCIDENTS_PER_APP = 5;

/** A target's alert state, as far as the page needs it. */
export interface TargetStatusInput {
  status: 'up' | 'down' | 'degraded';
  /** Set while a maintenance window covers the target. */
  maintenance: unknown;
}

/** An incident as stored; notes are optional until the on-call workflow adds them. */
export interface IncidentInput {
  id: string;
  status: 'open' | 'closed';
  start: string;
  end: string | null;
  durationMs: number | null;
  notes?: Array<{ ts: string; text: string; public: boolean; by?: string }>;
}

export interface StatusInputs {
  config: StatusPageConfig;
  /** The page title when the config gives none. */
  defaultTitle: string;
  timeZone: string;
  now: Date;
  targets: Array<{ id: string; app: string }>;
  states: Map<string, TargetStatusInput>;
  incidents: Map<string, IncidentInput[]>;
  /** Latest results per target (one per region), for the latency shown. */
  latest: Map<string, Array<{ ok: boolean; latencyMs: number }>>;
  daily: Map<string, DailyAvailability[]>;
}

/** The apps the public sees, in config order: every app with a target, minus the hidden ones. */
export function publicApps(targets: Array<{ app: string }>, config: Pick<StatusPageConfig, 'hide'>): string[] {
  const hidden = new Set(config.hide);
  return [...new Set(targets.map((t) => t.app))].filter((app) => !hidden.has(app));
}

export function buildStatusModel(inputs: StatusInputs): StatusModel {
  const apps = publicApps(inputs.targets, inputs.config).map((app) => appStatus(app, inputs));
  return {
    title: inputs.config.title ?? inputs.defaultTitle,
    generatedAt: inputs.now.toISOString(),
    timeZone: inputs.timeZone,
    overall: worstOf(apps.map((a) => a.status)),
    apps,
  };
}

function appStatus(app: string, inputs: StatusInputs): AppStatus {
  const targetIds = inputs.targets.filter((t) => t.app === app).map((t) => t.id);
  const byDay = new Map((inputs.daily.get(app) ?? []).map((d) => [d.day, d]));
  const days = lastDays(inputs.now, inputs.timeZone, BAR_DAYS).map((day) => {
    const counts = byDay.get(day);
    return { day, availability: counts ? availabilityOf([counts]) : null };
  });
  return {
    app,
    name: inputs.config.displayNames[app] ?? app,
    status: statusOfTargets(targetIds.map((id) => inputs.states.get(id))),
    latencyMs: medianLatency(targetIds.flatMap((id) => inputs.latest.get(id) ?? [])),
    availability90d: availabilityOf([...byDay.values()].filter((d) => days.some((bar) => bar.day === d.day))),
    days,
    incidents: publicIncidents(targetIds.flatMap((id) => inputs.incidents.get(id) ?? []), inputs.now),
  };
}

const SEVERITY_ORDER: PublicStatus[] = ['down', 'degraded', 'maintenance', 'unknown', 'up'];

/** The most serious of several statuses; nothing to judge is `unknown`. */
export function worstOf(statuses: PublicStatus[]): PublicStatus {
  if (statuses.length === 0) return 'unknown';
  return SEVERITY_ORDER.find((s) => statuses.includes(s)) ?? 'unknown';
}

/** An app is as bad as its worst target; a window of planned work reads as maintenance, not an outage. */
function statusOfTargets(states: Array<TargetStatusInput | undefined>): PublicStatus {
  const known = states.filter((s): s is TargetStatusInput => s !== undefined);
  if (known.length === 0) return 'unknown';
  return worstOf(
    known.map((s) => (s.maintenance && s.status !== 'up' ? 'maintenance' : s.status)),
  );
}

function medianLatency(latest: Array<{ ok: boolean; latencyMs: number }>): number | null {
  const values = latest.filter((r) => r.ok).map((r) => r.latencyMs).sort((a, b) => a - b);
  if (values.length === 0) return null;
  const mid = Math.floor(values.length / 2);
  const median = values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
  return Math.round(median);
}

/** Open incidents and those closed in the last week, newest first, with only their public notes. */
export function publicIncidents(incidents: IncidentInput[], now: Date): PublicIncident[] {
  const since = now.getTime() - RECENT_INCIDENT_MS;
  return incidents
    .filter((i) => i.status === 'open' || (i.end !== null && Date.parse(i.end) >= since))
    .sort((a, b) => b.start.localeCompare(a.start))
    .slice(0, MAX_INCIDENTS_PER_APP)
    .map((i) => ({
      id: i.id,
      status: i.status,
      start: i.start,
      end: i.end,
      durationMs: i.durationMs,
      notes: (i.notes ?? [])
        .filter((n) => n.public)
        .map((n) => ({ ts: n.ts, text: n.text }))
        .sort((a, b) => b.ts.localeCompare(a.ts)),
    }));
}
