import { randomBytes } from 'node:crypto';
import { isActive, type OnCallOverride, type OverrideKind } from '../../../lambdas/core/oncall/overrides';
import { formatClock } from '../../../lambdas/core/alerting/timezone';
import type { ResolvedConfig } from '../../../lambdas/core/config';
import { UsageError } from '../usage-error';
import { textTable } from './table';
import { actor, openOnCall, type OnCallFlags } from './context';
import { durationFlag, instantFlag } from './time';

/**
 * `pantau silence | silences | unsilence` and `pantau maintenance add | list | remove`: overrides
 * written to the table, read by the next probe run (no deploy), removed by DynamoDB's TTL after
 * they end.
 */

export interface OverrideAddOptions extends OnCallFlags {
  for?: string;
  from?: string;
  until?: string;
  reason?: string;
  by?: string;
}

/** What a selector covers: a target id, `app:NAME`, or `tag:key=value` (resolved to target ids now). */
export function resolveSelector(config: ResolvedConfig, selector: string): Pick<OnCallOverride, 'targets' | 'apps'> {
  if (selector.startsWith('app:')) {
    const app = selector.slice(4);
    if (!config.targets.some((t) => t.app === app)) throw new UsageError(`no app "${app}" in the config — write app:<targets[].app>`);
    return { targets: [], apps: [app] };
  }
  if (selector.startsWith('tag:')) {
    const m = /^tag:([^=]+)=(.*)$/.exec(selector);
    if (!m) throw new UsageError(`"${selector}" is not a tag selector — write tag:key=value (a target's tags:)`);
    const targets = config.targets.filter((t) => t.tags?.[m[1]!] === m[2]).map((t) => t.id);
    if (targets.length === 0) throw new UsageError(`no target has tag ${m[1]}=${m[2]} — check targets[].tags in the config`);
    return { targets, apps: [] };
  }
  if (!config.targets.some((t) => t.id === selector)) {
    throw new UsageError(`unknown target "${selector}" — write a target id, app:NAME or tag:key=value`);
  }
  return { targets: [selector], apps: [] };
}

/** The period an override covers: `--for D` from now, or `--from T --until T`. */
export function periodOf(options: OverrideAddOptions, timezone: string, now: Date): { from: Date; until: Date } {
  if (options.for !== undefined) {
    if (options.until !== undefined) throw new UsageError('--for and --until: pick one — --for 2h, or --from T --until T');
    const from = options.from !== undefined ? instantFlag('--from', options.from, timezone) : now;
    return { from, until: new Date(from.getTime() + durationFlag('--for', options.for)) };
  }
  if (options.until === undefined) throw new UsageError('how long? — add --for 2h, or --from T --until T');
  const from = options.from !== undefined ? instantFlag('--from', options.from, timezone) : now;
  const until = instantFlag('--until', options.until, timezone);
  if (until <= from) throw new UsageError('--until: must be after --from (or after now)');
  if (until <= now) throw new UsageError('--until: already past — an override must end in the future');
  return { from, until };
}

export async function addOverride(kind: OverrideKind, config: ResolvedConfig, selector: string, options: OverrideAddOptions, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  if (!options.reason?.trim()) throw new UsageError(`--reason: required — say why, e.g. --reason "DNS move, vendor on site"`);
  if (kind === 'silence' && options.for === undefined) throw new UsageError('--for: required — how long to silence, e.g. --for 2h');
  const now = new Date();
  const covered = resolveSelector(config, selector);
  const { from, until } = periodOf(options, config.alerting.timezone, now);
  const override: OnCallOverride = {
    id: `${kind === 'silence' ? 'sil' : 'mnt'}-${randomBytes(3).toString('hex')}`,
    kind,
    selector,
    ...covered,
    from: from.toISOString(),
    until: until.toISOString(),
    reason: options.reason.trim(),
    by: actor(options.by),
    createdAt: now.toISOString(),
  };
  const ctx = await openOnCall(config, options);
  try {
    await ctx.overrides.putOverride(override);
  } finally {
    await ctx.runtime.close();
  }
  const tz = config.alerting.timezone;
  const verb = kind === 'silence' ? 'silenced' : 'maintenance window set for';
  out.write(`${override.id}: ${verb} ${selector} from ${formatClock(from, tz, now)} until ${formatClock(until, tz, now)} (next probe run)\n`);
  return 0;
}

export async function listOverrides(kind: OverrideKind, config: ResolvedConfig, options: OnCallFlags & { json?: boolean }, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const ctx = await openOnCall(config, options);
  const now = new Date();
  try {
    const found = (await ctx.overrides.listOverrides()).filter((o) => o.kind === kind && Date.parse(o.until) > now.getTime());
    found.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    if (options.json) for (const o of found) out.write(`${JSON.stringify(o)}\n`);
    else out.write(`${overridesTable(found, config.alerting.timezone, now)}\n`);
    return 0;
  } finally {
    await ctx.runtime.close();
  }
}

export function overridesTable(overrides: OnCallOverride[], timezone: string, now: Date): string {
  if (overrides.length === 0) return 'none active';
  const rows = overrides.map((o) => [
    o.id,
    o.selector,
    isActive(o, now) ? 'now' : formatClock(new Date(o.from), timezone, now),
    formatClock(new Date(o.until), timezone, now),
    o.by,
    o.reason,
  ]);
  const headers = ['ID', 'COVERS', 'FROM', 'UNTIL', 'BY', 'REASON'];
  return textTable(headers, rows);
}

export async function removeOverride(kind: OverrideKind, config: ResolvedConfig, id: string, options: OnCallFlags, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const ctx = await openOnCall(config, options);
  try {
    const existing = (await ctx.overrides.listOverrides()).find((o) => o.id === id);
    const list = kind === 'silence' ? 'pantau silences' : 'pantau maintenance list';
    if (!existing || existing.kind !== kind) throw new UsageError(`unknown ${kind === 'silence' ? 'silence' : 'maintenance window'} "${id}" — list them with: ${list}`);
    await ctx.overrides.removeOverride(id);
    out.write(`${id} removed (${existing.selector}); paging as usual from the next probe run\n`);
    return 0;
  } finally {
    await ctx.runtime.close();
  }
}
