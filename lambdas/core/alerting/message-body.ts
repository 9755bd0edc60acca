import type { ComposeInput } from './messages';
import type { Phrases } from './i18n';
import type { RegionState } from './state';
import { formatDuration, formatLocalDateTime } from './timezone';
import { isFresh } from './quiet-writes';

/**
 * The long text of an alert (e-mail, SNS default): the headline in each configured language,
 * then the details, labelled in the first language.
 */
export function composeBody(input: ComposeInput, headlines: readonly string[], phrases: Phrases, freshnessMs?: number): string {
  const { state, timezone } = input;
  const words = phrases.body;
  const nowMs = Date.parse(input.ts);
  const line = (label: string, value: string) => `${`${label}:`.padEnd(Math.max(10, label.length + 2))}${value}`;
  const lines = [...headlines, ''];
  lines.push(line(words.subject[state.domain], `${state.subject} ${words.appSeverity(state.app, state.severity)}`));
  lines.push(line(words.status, words.statusSince(phrases.statuses[state.status], formatLocalDateTime(new Date(input.since), timezone))));
  if (input.cause) lines.push(line(words.cause, `${input.cause}: ${input.reason}`));
  else lines.push(line(words.reason, input.reason));
  if (input.contact?.owner) lines.push(line(words.owner, input.contact.owner));
  if (input.contact?.runbook) lines.push(line(words.runbook, input.contact.runbook));
  if (input.incidentId) lines.push(line(words.incident, input.incidentId));
  if (input.downtimeMs !== undefined) lines.push(line(words.downtime, formatDuration(input.downtimeMs, phrases.units)));
  const regionNames = Object.keys(state.regions).sort();
  if (regionNames.length > 0) {
    lines.push(`${words.regions}:`);
    for (const name of regionNames) lines.push(regionLine(name, state.regions[name]!, { timezone, nowMs, freshnessMs, phrases }));
  }
  if (input.afterMaintenance) lines.push(line(words.maintenance, input.afterMaintenance.summary));
  if (input.note) lines.push(line(words.note, input.note));
  lines.push(line(words.time, formatLocalDateTime(new Date(input.ts), timezone)));
  lines.push(line(words.alertId, input.dedupId));
  return lines.join('\n');
}

interface RegionLineContext {
  timezone: string;
  nowMs: number;
  freshnessMs: number | undefined;
  phrases: Phrases;
}

function regionLine(name: string, r: RegionState, { timezone, nowMs, freshnessMs, phrases }: RegionLineContext): string {
  const v = phrases.body.region;
  const verdict = r.impaired ? v.impaired : !r.ok ? v.fail : r.degraded ? v.degraded : v.ok;
  const stale = freshnessMs !== undefined && !isFresh(r, freshnessMs, nowMs) ? ` ${v.stale}` : '';
  const detail = r.ok && !r.degraded ? '' : ` ${r.error ? `${r.error}: ` : ''}${r.reason}`;
  return `  ${name.padEnd(16)} ${verdict.padEnd(8)}${detail} (${formatLocalDateTime(new Date(r.ts), timezone)})${stale}`;
}
