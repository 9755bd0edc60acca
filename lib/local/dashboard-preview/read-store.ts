import { openIncidentsWidget, type IncidentReader } from '../../../lambdas/app/incidents';
import type { AlertState } from '../../../lambdas/core/alerting/state';
import type { ResolvedConfig } from '../../../lambdas/core/config';
import type { CheckResult } from '../../../lambdas/core/types';
import type { CapacityHistory, ResultHistory, SubjectStateStore } from '../../../lambdas/ports';
import { capacitySites } from '../../constructs/metrics-catalog';
import type { StoredCapacity } from './metric-source';

/**
 * What the preview reads from the local store, through the ports the cycles use: each target's
 * recent results, each target's alert state (status now), each capacity resource's samples and
 * forecast, the state of the alarms the dashboards list, and the open incidents.
 */

export interface StoreReaders {
  results: ResultHistory;
  states: SubjectStateStore;
  capacity: CapacityHistory;
  /** Resource names stored for a site (a node-exporter preset's are only known at run time). */
  storedResources(site: string): Promise<string[]>;
  /** Incidents and their notes (the open-incidents widget); absent: the widget says there are none. */
  incidents?: IncidentReader;
}

export interface TargetNow {
  target: string;
  app: string;
  status: string;
  since?: string;
  lastReason?: string;
}

export interface LocalSnapshot {
  results: CheckResult[];
  capacity: StoredCapacity[];
  targets: TargetNow[];
  /** Alarm state by `region/name`, for alarms the relay has recorded. */
  alarmStates: Map<string, string>;
  /** The open incidents as the overview's custom widget draws them (the Lambda's own rendering). */
  openIncidentsHtml: string;
}

/** Results kept per target for the preview: a day at one check a minute. */
export const RESULTS_PER_TARGET = 1440;

/** CloudWatch's words for the relay's record of an alarm. */
const ALARM_WORDS: Record<string, string> = { up: 'OK', down: 'ALARM', degraded: 'ALARM' };

export async function readLocalStore(
  config: ResolvedConfig,
  readers: StoreReaders,
  options: { alarms: Array<{ region: string; name: string }>; nowMs: number },
): Promise<LocalSnapshot> {
  const results = (await Promise.all(config.targets.map((t) => readers.results.recentResults(t.id, RESULTS_PER_TARGET)))).flat();
  const states = await readers.states.readSubjects<AlertState>(config.targets.map((t) => ({ kind: 'target', target: t.id })));
  const stateOf = new Map(states.map((s) => [s.subject.kind === 'target' ? s.subject.target : '', s.value]));
  const latest = new Map<string, CheckResult>();
  for (const r of results) if (!latest.has(r.target) || latest.get(r.target)!.ts < r.ts) latest.set(r.target, r);
  const targets = config.targets.map((t): TargetNow => {
    const state = stateOf.get(t.id);
    const last = latest.get(t.id);
    return { target: t.id, app: t.app, status: state?.status ?? (last ? (last.ok ? 'up' : 'failing') : 'no data'), since: state?.since, lastReason: last?.reason };
  });
  const alarmStates = new Map<string, string>();
  for (const alarm of options.alarms) {
    const record = await readers.states.readSubject<AlertState>({ kind: 'alarm', region: alarm.region, alarmName: alarm.name });
    if (record) alarmStates.set(`${alarm.region}/${alarm.name}`, `${ALARM_WORDS[record.value.status] ?? record.value.status} since ${record.value.since}`);
  }
  const openIncidentsHtml = readers.incidents ? await openIncidentsWidget(readers.incidents, config, new Date(options.nowMs)) : '<p>No open incidents.</p>';
  return { results, capacity: await readCapacity(config, readers, options.nowMs), targets, alarmStates, openIncidentsHtml };
}

async function readCapacity(config: ResolvedConfig, readers: StoreReaders, nowMs: number): Promise<StoredCapacity[]> {
  const fromMs = nowMs - config.historyDays * 86_400_000;
  const out: StoredCapacity[] = [];
  for (const site of capacitySites(config.capacity)) {
    const stored = site.discovered ? await readers.storedResources(site.site) : [];
    // A source's own health is kept as resource `source:<id>`: it is no resource to chart.
    const resources = [...new Set([...site.resources, ...stored])].filter((r) => !r.startsWith('source:'));
    for (const resource of resources) {
      const history = await readers.capacity.history(site.site, resource, fromMs, nowMs);
      if (history.points.length === 0) continue;
      const state = await readers.capacity.getState(site.site, resource);
      const hours = state?.hoursToExhaustion;
      out.push({
        site: site.site,
        resource,
        points: history.points,
        hoursToExhaustion: hours === null || hours === undefined ? null : { tMs: Date.parse(state!.ts), value: hours },
      });
    }
  }
  return out;
}
