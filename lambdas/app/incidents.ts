import type { IncidentNote, IncidentRecord } from '../core/alerting/incident';
import { probeRegionSubject } from '../core/alerting/impairment';
import { mapWithConcurrency } from '../core/concurrency';
import type { ResolvedConfig } from '../core/config';
import { openIncidentsHtml } from '../core/oncall/open-incidents-html';
import { targetSubject, type IncidentNotes, type SubjectRef, type SubjectStateStore } from '../ports';

/**
 * Reading incidents for people (`pantau incidents`, the status page): each subject's incident
 * projections with the notes written on them, newest first. The store is asked per subject (one
 * Query for the incidents, one for the notes), never scanned.
 */

export type IncidentReader = Pick<SubjectStateStore, 'incidentsOf'> & Pick<IncidentNotes, 'notesOf'>;

/** An incident as shown, with the subject it belongs to (to write on it). */
export type ListedIncident = IncidentRecord & { ref: SubjectRef };

export interface IncidentFilter {
  /** Only open ones. */
  open?: boolean;
  /** Only those open at or after this instant (ISO): started after it, or not ended before it. */
  since?: string;
  /** Only those of these apps. */
  apps?: string[];
}

const READ_CONCURRENCY = 8;

export async function listIncidents(store: IncidentReader, subjects: SubjectRef[], filter: IncidentFilter = {}): Promise<ListedIncident[]> {
  const perSubject = await mapWithConcurrency(subjects, READ_CONCURRENCY, (ref) => incidentsOfSubject(store, ref));
  return perSubject
    .flat()
    .filter((i) => matches(i, filter))
    .sort((a, b) => (a.start < b.start ? 1 : a.start > b.start ? -1 : a.id < b.id ? -1 : 1));
}

/** One subject's incidents with their notes; items written before acks and notes existed read as none. */
export async function incidentsOfSubject(store: IncidentReader, ref: SubjectRef): Promise<ListedIncident[]> {
  const [incidents, notes] = await Promise.all([store.incidentsOf<IncidentRecord>(ref), store.notesOf(ref)]);
  return incidents.map(({ rev: _rev, ...incident }) => ({
    ...incident,
    ack: incident.ack ?? null,
    notes: notes.filter((n) => n.incidentStart === incident.start).map(({ incidentStart: _s, ...note }): IncidentNote => note),
    ref,
  }));
}

function matches(i: IncidentRecord, filter: IncidentFilter): boolean {
  if (filter.open && i.status !== 'open') return false;
  if (filter.apps && filter.apps.length > 0 && !filter.apps.includes(i.app)) return false;
  if (filter.since && i.end !== null && i.end < filter.since) return false;
  return true;
}

/** The incident with this id among the subjects', or undefined. */
export async function findIncident(store: IncidentReader, subjects: SubjectRef[], id: string): Promise<ListedIncident | undefined> {
  const all = await listIncidents(store, subjects);
  return all.find((i) => i.id === id);
}

/** The subjects people read incidents of: every target, and every probe region's health. */
export function incidentSubjects(config: Pick<ResolvedConfig, 'targets' | 'regions'>): SubjectRef[] {
  return [...config.targets.map((t) => targetSubject(t.id)), ...config.regions.map((r): SubjectRef => ({ kind: 'ops', subject: probeRegionSubject(r) }))];
}

/**
 * The open incidents as HTML, for the overview's custom widget (and the local preview): read
 * from the store per subject like `pantau incidents --open`, with each target's runbook.
 */
export async function openIncidentsWidget(store: IncidentReader, config: Pick<ResolvedConfig, 'targets' | 'regions' | 'alerting'>, now: Date): Promise<string> {
  const open = await listIncidents(store, incidentSubjects(config), { open: true });
  const targets = new Map(config.targets.map((t) => [t.id, t]));
  const rows = open.map((incident) => {
    const target = incident.ref.kind === 'target' ? targets.get(incident.ref.target) : undefined;
    const runbook = target?.runbook;
    return { incident, name: target?.id ?? incident.subject, ...(runbook ? { runbook } : {}) };
  });
  return openIncidentsHtml(rows, config.alerting.timezone, now);
}
