import { mapWithConcurrency } from '../core/concurrency';
import { incidentsOfSubject } from './incidents';
import type { ResolvedConfig } from '../core/config';
import { lastDays } from '../core/status/days';
import { DEFAULT_STATUS_PAGE } from '../core/status/defaults';
import { BAR_DAYS, buildStatusModel, publicApps, type IncidentInput, type TargetStatusInput } from '../core/status/model';
import { renderSite } from '../core/status/render';
import type { StatusModel } from '../core/status/types';
import { targetSubject, type IncidentNotes, type LogSink, type ResultHistory, type SubjectStateStore } from '../ports';
import type { DailyAvailabilityStore } from '../ports/daily-availability';
import type { StatusSite } from '../ports/status-site';

/**
 * The status page run: read what the probes left (states, incidents, latest results, daily
 * counts) for the public apps only, render the site, publish it. Shared by the status Lambda
 * (S3) and `pantau status-page` (a folder); only the adapters differ.
 */
export interface StatusPageDeps {
  store: SubjectStateStore & ResultHistory & DailyAvailabilityStore;
  /** Notes written on incidents (`pantau note`); the page shows the public ones. Absent: no notes. */
  notes?: Pick<IncidentNotes, 'notesOf'>;
  site: StatusSite;
  log: LogSink;
  now?: () => Date;
}

export type StatusPageConfigView = Pick<ResolvedConfig, 'project' | 'targets' | 'regions' | 'alerting' | 'statusPage'>;

export interface StatusPageReport {
  model: StatusModel;
  files: number;
}

/** Reads in flight at once: the table absorbs more, but a minute-long budget needs no more. */
const READ_CONCURRENCY = 16;

export async function runStatusPage(config: StatusPageConfigView, deps: StatusPageDeps): Promise<StatusPageReport> {
  const now = deps.now?.() ?? new Date();
  const page = config.statusPage ?? DEFAULT_STATUS_PAGE;
  const apps = new Set(publicApps(config.targets, page));
  const targets = config.targets.filter((t) => apps.has(t.app)).map((t) => ({ id: t.id, app: t.app }));
  const timeZone = config.alerting.timezone;
  const notes = deps.notes;
  const reader = { incidentsOf: deps.store.incidentsOf.bind(deps.store), notesOf: notes ? notes.notesOf.bind(notes) : async () => [] };
  const [states, perTarget, daily] = await Promise.all([
    readStates(targets, deps),
    mapWithConcurrency(targets, READ_CONCURRENCY, async (t) => ({
      id: t.id,
      // With the notes written on them (`pantau note --public`): the page shows the public ones.
      incidents: (await incidentsOfSubject(reader, targetSubject(t.id))) as IncidentInput[],
      // One result per region is the latest round.
      latest: await deps.store.recentResults(t.id, Math.max(1, config.regions.length)),
    })),
    readDaily([...apps], lastDays(now, timeZone, BAR_DAYS), deps),
  ]);
  const model = buildStatusModel({
    config: page,
    defaultTitle: `Status ${config.project}`,
    timeZone,
    now,
    targets,
    states,
    incidents: new Map(perTarget.map((t) => [t.id, t.incidents])),
    latest: new Map(perTarget.map((t) => [t.id, t.latest])),
    daily,
  });
  const files = await deps.site.publish(renderSite(model));
  deps.log.info('status page published', { apps: model.apps.length, overall: model.overall, files });
  return { model, files };
}

async function readStates(targets: Array<{ id: string }>, deps: StatusPageDeps): Promise<Map<string, TargetStatusInput>> {
  if (targets.length === 0) return new Map();
  const records = await deps.store.readSubjects<TargetStatusInput>(targets.map((t) => targetSubject(t.id)));
  return new Map(records.flatMap((r) => (r.subject.kind === 'target' ? [[r.subject.target, r.value] as const] : [])));
}

async function readDaily(apps: string[], days: string[], deps: StatusPageDeps) {
  const from = days[0]!;
  const to = days[days.length - 1]!;
  const perApp = await mapWithConcurrency(apps, READ_CONCURRENCY, async (app) => [app, await deps.store.dailyOf(app, from, to)] as const);
  return new Map(perApp);
}
