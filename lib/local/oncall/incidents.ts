import { listIncidents, type ListedIncident } from '../../../lambdas/app/incidents';
import { formatClock } from '../../../lambdas/core/alerting/timezone';
import { formatDuration } from '../../config/duration';
import { UsageError } from '../usage-error';
import { textTable } from './table';
import { openOnCall, type OnCallContext, type OnCallFlags } from './context';
import { durationFlag } from './time';
import type { ResolvedConfig } from '../../../lambdas/core/config';

/**
 * `pantau incidents`: the incidents of every target (and probe region), newest first, as a
 * table or one JSON object per line.
 */
export interface IncidentsOptions extends OnCallFlags {
  open?: boolean;
  since?: string;
  app?: string;
  json?: boolean;
}

export async function incidentsCommand(config: ResolvedConfig, options: IncidentsOptions, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const now = new Date();
  const since = options.since ? new Date(now.getTime() - durationFlag('--since', options.since)).toISOString() : undefined;
  if (options.app && !config.targets.some((t) => t.app === options.app)) {
    throw new UsageError(`--app: no app "${options.app}" in the config — apps are targets[].app (${[...new Set(config.targets.map((t) => t.app))].join(', ')})`);
  }
  const ctx = await openOnCall(config, options);
  try {
    const incidents = await readIncidents(ctx, { open: options.open, since, apps: options.app ? [options.app] : undefined });
    if (options.json) for (const i of incidents) out.write(`${JSON.stringify(incidentJson(i))}\n`);
    else out.write(`${incidentsTable(incidents, config.alerting.timezone, now)}\n`);
    return 0;
  } finally {
    await ctx.runtime.close();
  }
}

export function readIncidents(ctx: OnCallContext, filter: Parameters<typeof listIncidents>[2] = {}): Promise<ListedIncident[]> {
  const reader = { incidentsOf: ctx.runtime.store.incidentsOf.bind(ctx.runtime.store), notesOf: ctx.notes.notesOf.bind(ctx.notes) };
  return listIncidents(reader, ctx.subjects, filter);
}

/** The JSON line of one incident (`--json`): the record as stored, with its notes, without the store's subject address. */
export function incidentJson({ ref: _ref, ...incident }: ListedIncident): Record<string, unknown> {
  return incident;
}

/** On-call reads minutes and seconds, not milliseconds. */
const wholeSeconds = (ms: number) => (ms < 1000 ? ms : Math.round(ms / 1000) * 1000);

const HEADERS = ['ID', 'SUBJECT', 'START', 'END', 'DURATION', 'CAUSE', 'REGIONS', 'ALERTS', 'ACK', 'NOTES'];

export function incidentsTable(incidents: ListedIncident[], timezone: string, now: Date): string {
  if (incidents.length === 0) return 'no incidents';
  const rows = incidents.map((i) => [
    i.id,
    i.subject,
    formatClock(new Date(i.start), timezone, now),
    i.end ? formatClock(new Date(i.end), timezone, now) : 'open',
    formatDuration(wholeSeconds(i.durationMs ?? Math.max(0, now.getTime() - Date.parse(i.start)))),
    i.maintenance ? `${i.cause} (${i.maintenance})` : i.cause,
    i.regions.join(','),
    String(i.alertsSent),
    i.ack ? `${i.ack.by} ${formatClock(new Date(i.ack.ts), timezone, now)}` : '-',
    i.notes.length === 0 ? '-' : i.notes.map((n) => `${n.public ? '[public] ' : ''}${n.text}`).join(' | '),
  ]);
  return textTable(HEADERS, rows);
}
