import { acknowledgeIncident } from '../../../lambdas/app/acknowledge';
import type { ListedIncident } from '../../../lambdas/app/incidents';
import { formatClock } from '../../../lambdas/core/alerting/timezone';
import type { ResolvedConfig } from '../../../lambdas/core/config';
import { UsageError } from '../usage-error';
import { actor, openOnCall, type OnCallContext, type OnCallFlags } from './context';
import { readIncidents } from './incidents';

/**
 * `pantau ack <incident>` and `pantau note <incident> TEXT`: the incident is looked up among the
 * config's subjects; an unknown id is a one-line error (exit 2).
 */

export interface AckOptions extends OnCallFlags {
  by?: string;
  note?: string;
}

export async function findOrFail(ctx: OnCallContext, id: string): Promise<ListedIncident> {
  const found = (await readIncidents(ctx)).find((i) => i.id === id);
  if (!found) throw new UsageError(`unknown incident "${id}" — list them with: pantau incidents`);
  return found;
}

export async function ackCommand(config: ResolvedConfig, id: string, options: AckOptions, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const ctx = await openOnCall(config, options);
  try {
    const incident = await findOrFail(ctx, id);
    const tz = config.alerting.timezone;
    if (incident.status !== 'open') {
      throw new UsageError(`incident "${id}" is closed (ended ${formatClock(new Date(incident.end!), tz, new Date())}) — nothing to acknowledge`);
    }
    const ack = { by: actor(options.by), ts: new Date().toISOString(), ...(options.note ? { note: options.note } : {}) };
    const report = await acknowledgeIncident(incident.ref, id, ack, {
      store: ctx.runtime.store,
      notifier: ctx.notifier,
      timezone: tz,
      routes: config.alerting.routes,
    });
    switch (report.result) {
      case 'not-open':
        throw new UsageError(`incident "${id}" is no longer open — nothing to acknowledge`);
      case 'already':
        out.write(`${id} was already acknowledged by ${report.ack.by} at ${formatClock(new Date(report.ack.ts), tz)}; nothing sent\n`);
        return 0;
      case 'acknowledged': {
        const how = report.delivery === 'sent' ? 'announced' : `the next probe run announces it${report.error ? ` (publish failed: ${report.error})` : ''}`;
        out.write(`${id} acknowledged by ${ack.by}; reminders stop; ${how}\n`);
        return 0;
      }
    }
  } finally {
    await ctx.runtime.close();
  }
}

export interface NoteOptions extends OnCallFlags {
  by?: string;
  public?: boolean;
}

export async function noteCommand(config: ResolvedConfig, id: string, text: string, options: NoteOptions, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  if (!text.trim()) throw new UsageError('note: the text is empty — write e.g. pantau note <incident> "ISP link restored"');
  const ctx = await openOnCall(config, options);
  try {
    const incident = await findOrFail(ctx, id);
    const by = actor(options.by);
    await ctx.notes.addNote(incident.ref, incident.start, { ts: new Date().toISOString(), by, text: text.trim(), public: options.public === true });
    out.write(`note added to ${id}${options.public ? ' (public: shown on the status page)' : ''}\n`);
    return 0;
  } finally {
    await ctx.runtime.close();
  }
}
