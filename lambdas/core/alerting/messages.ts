import type { Severity } from '../types';
import type { TopicName } from '../config';
import type { AlertEvent, AlertKind } from './types';
import type { AlertState, RegionState } from './state';
import { formatClock, formatDuration, formatLocalDateTime } from './timezone';
import { windowPhrase } from '../oncall/overrides';

/**
 * Alert text. The first line is what an SMS shows and what a phone's lock screen cuts, so it
 * carries the verdict, the subject, the cause, how many regions agree and since when:
 *   DOWN Sirekap (pemilu2024.kpu.go.id): timeout from 2/3 regions since 10:42 WIB
 * The SNS subject is the same line in ASCII, at most 99 characters (SNS rejects 100+).
 */

export const SUBJECT_MAX = 99;
export const SMS_MAX = 140;

const WORDS: Record<AlertState['domain'], Record<AlertKind, string>> = {
  uptime: { down: 'DOWN', recovered: 'RECOVERED', reminder: 'STILL DOWN', flapping: 'FLAPPING', degraded: 'DEGRADED', acknowledged: 'ACKNOWLEDGED' },
  capacity: { down: 'CRITICAL', recovered: 'OK', reminder: 'STILL CRITICAL', flapping: 'FLAPPING', degraded: 'WARNING', acknowledged: 'ACKNOWLEDGED' },
  ops: { down: 'PANTAU ALARM', recovered: 'PANTAU OK', reminder: 'PANTAU STILL ALARM', flapping: 'PANTAU FLAPPING', degraded: 'PANTAU WARNING', acknowledged: 'PANTAU ACKNOWLEDGED' },
};

export function verdictWord(domain: AlertState['domain'], kind: AlertKind): string {
  return WORDS[domain][kind];
}

/** "sirekap" → "Sirekap"; ids that already carry capitals are left alone. */
export function displayApp(app: string): string {
  return app === app.toLowerCase() ? app.charAt(0).toUpperCase() + app.slice(1) : app;
}

/** How a subject is named in text: `Sirekap (pemilu2024.kpu.go.id)` or `PDN-Cikarang/filesystem:/`. */
export function displayName(s: Pick<AlertState, 'subject' | 'domain' | 'app' | 'label'>): string {
  if (s.domain === 'capacity') return s.label ?? s.subject.replace(/^capacity:/, '');
  if (s.domain === 'ops') return s.label ?? s.subject;
  const detail = s.label ?? s.subject;
  const app = displayApp(s.app);
  return detail && detail.toLowerCase() !== s.app.toLowerCase() ? `${app} (${detail})` : app;
}

const regionsWord = (n: number) => (n === 1 ? 'region' : 'regions');

/** Replaces what SNS subjects and GSM SMS cannot carry, then cuts on a word boundary. */
export function asciiLine(text: string, max: number): string {
  const ascii = text
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\u2026/g, '...')
    .replace(/[\r\n\t]+/g, ' ')
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '');
  return cut(ascii, max);
}

/** Cuts to `max` characters on a word boundary, ending with "...". */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 3);
  const space = room.lastIndexOf(' ');
  return `${(space > max * 0.6 ? room.slice(0, space) : room).trimEnd()}...`;
}

export function subjectLine(message: string): string {
  return asciiLine(`[Pantau] ${message}`, SUBJECT_MAX);
}

export function smsText(message: string): string {
  return asciiLine(message, SMS_MAX);
}

export interface ComposeInput {
  kind: AlertKind;
  state: AlertState;
  /** Decision time (ISO). */
  ts: string;
  timezone: string;
  /** Configured probe regions (the "/3" in "2/3 regions"). */
  regionCount: number;
  topic: TopicName;
  dedupId: string;
  /** Regions that saw it (failing for down/reminder, recovered for recovered, degraded …). */
  regions: string[];
  cause: string | null;
  /** The one-line reason of the observation that decided it. */
  reason: string;
  /** Start of the condition (outage start, degradation start). */
  since: string;
  incidentId: string | null;
  downtimeMs?: number;
  /** Extra clause: "stopped flapping", "still degraded (…)", transitions count … */
  flapping?: { transitions: number; windowMs: number };
  stoppedFlapping?: boolean;
  afterMaintenance?: { window: string; summary: string };
  /** From an earlier maintenance window; goes into the body. */
  note?: string | null;
  /** Confirmed by fewer regions than the configured quorum (others silent or impaired). */
  confirmation?: ConfirmationNote;
}

/** Who confirmed an alert when fewer regions than configured could (confirmation.ts confirmationOf). */
export interface ConfirmationNote {
  /** Regions that confirmed it. */
  by: number;
  /** Configured regions. */
  of: number;
  /** The configured quorum it fell short of. */
  needed: number;
  /** Configured regions that could not take part: silent (for how long, if ever heard) or impaired. */
  absent: Array<{ region: string; state: 'silent' | 'impaired'; forMs: number | null }>;
}

/** "confirmed by 1 of 2 regions; ap-southeast-1 silent for 7 min" */
export function confirmationText(c: ConfirmationNote): string {
  const absent = c.absent.map((a) =>
    a.state === 'impaired' ? `${a.region} impaired` : a.forMs === null ? `${a.region} silent` : `${a.region} silent for ${formatDuration(a.forMs)}`,
  );
  return [`confirmed by ${c.by} of ${c.of} ${regionsWord(c.of)}`, ...(absent.length > 0 ? [absent.join(', ')] : [])].join('; ');
}

export function firstLine(input: ComposeInput): string {
  const { kind, state, timezone } = input;
  const at = new Date(input.ts);
  const word = verdictWord(state.domain, kind);
  const name = displayName(state);
  const seen = `${input.regions.length}/${Math.max(input.regionCount, input.regions.length)} ${regionsWord(
    Math.max(input.regionCount, input.regions.length),
  )}`;
  const fromRegions = state.domain === 'uptime' ? ` from ${seen}` : '';
  const since = formatClock(new Date(input.since), timezone, at);
  const prefix = input.stoppedFlapping ? 'stopped flapping; ' : '';
  let line: string;
  switch (kind) {
    case 'down':
      line =
        state.domain === 'uptime'
          ? `${word} ${name}: ${prefix}${input.cause ?? 'error'}${fromRegions} since ${since}`
          : `${word} ${name}: ${prefix}${input.reason} since ${since}`;
      break;
    case 'reminder': {
      const lasted = formatDuration(at.getTime() - Date.parse(input.since));
      line =
        state.domain === 'uptime'
          ? `${word} ${name}: ${input.cause ?? 'error'}${fromRegions} for ${lasted} (since ${since})`
          : `${word} ${name}: ${input.reason} for ${lasted} (since ${since})`;
      break;
    }
    case 'recovered': {
      if (input.downtimeMs !== undefined && input.incidentId) {
        const back = state.domain === 'uptime' ? 'up again' : state.domain === 'ops' ? 'cleared' : 'back below critical';
        const still = state.status === 'degraded' ? `, still degraded (${input.reason})` : '';
        line = `${word} ${name}: ${prefix}${back} after ${formatDuration(input.downtimeMs)} down (since ${since})${still}, incident ${input.incidentId}`;
      } else {
        const lasted = formatDuration(at.getTime() - Date.parse(input.since));
        line = input.stoppedFlapping
          ? `${word} ${name}: stopped flapping; up since ${formatClock(new Date(input.since), timezone, at)}`
          : `${word} ${name}: no longer degraded after ${lasted}`;
      }
      break;
    }
    case 'degraded':
      line = `${word} ${name}: ${prefix}${input.reason}${fromRegions} since ${since}`;
      break;
    case 'flapping': {
      const f = input.flapping!;
      line = `${word} ${name}: ${f.transitions} state changes in ${formatDuration(f.windowMs)}, now ${state.status.toUpperCase()}; alerts paused until stable`;
      break;
    }
    case 'acknowledged': // composed by core/oncall/ack.ts, never by the engine
      line = `${word} ${name}: ${prefix}${input.reason}`;
      break;
  }
  if (input.confirmation) line += `; ${confirmationText(input.confirmation)}`;
  if (input.afterMaintenance) line += `; after ${windowPhrase(input.afterMaintenance.window)}`;
  return line;
}

function regionLine(name: string, r: RegionState, timezone: string, nowMs: number, freshnessMs: number | undefined): string {
  const verdict = r.impaired ? 'IMPAIRED' : !r.ok ? 'FAIL' : r.degraded ? 'DEGRADED' : 'ok';
  const stale = freshnessMs !== undefined && nowMs - Date.parse(r.ts) > freshnessMs ? ' [stale]' : '';
  const detail = r.ok && !r.degraded ? '' : ` ${r.error ? `${r.error}: ` : ''}${r.reason}`;
  return `  ${name.padEnd(16)} ${verdict.padEnd(8)}${detail} (${formatLocalDateTime(new Date(r.ts), timezone)})${stale}`;
}

export function composeBody(input: ComposeInput, message: string, freshnessMs?: number): string {
  const { state, timezone } = input;
  const nowMs = Date.parse(input.ts);
  const lines = [message, ''];
  lines.push(`${state.domain === 'capacity' ? 'Resource' : state.domain === 'ops' ? 'Pantau' : 'Target'}:   ${state.subject} (app ${state.app}, severity ${state.severity})`);
  lines.push(`Status:   ${state.status.toUpperCase()} since ${formatLocalDateTime(new Date(input.since), timezone)}`);
  if (input.cause) lines.push(`Cause:    ${input.cause}: ${input.reason}`);
  else lines.push(`Reason:   ${input.reason}`);
  if (input.incidentId) lines.push(`Incident: ${input.incidentId}`);
  if (input.downtimeMs !== undefined) lines.push(`Downtime: ${formatDuration(input.downtimeMs)}`);
  const regionNames = Object.keys(state.regions).sort();
  if (regionNames.length > 0) {
    lines.push('Regions:');
    for (const name of regionNames) lines.push(regionLine(name, state.regions[name]!, timezone, nowMs, freshnessMs));
  }
  if (input.afterMaintenance) lines.push(`Maintenance: ${input.afterMaintenance.summary}`);
  if (input.note) lines.push(`Note:     ${input.note}`);
  lines.push(`Time:     ${formatLocalDateTime(new Date(input.ts), timezone)}`);
  lines.push(`Alert id: ${input.dedupId}`);
  return lines.join('\n');
}

export function composeAlert(input: ComposeInput, severity: Severity, freshnessMs?: number): AlertEvent {
  const message = firstLine(input);
  const event: AlertEvent = {
    kind: input.kind,
    target: input.state.subject,
    app: input.state.app,
    severity,
    topic: input.topic,
    incidentId: input.incidentId,
    ts: input.ts,
    subject: subjectLine(message),
    message,
    regions: [...input.regions].sort(),
    dedupId: input.dedupId,
    domain: input.state.domain,
    cause: input.cause,
    since: input.since,
    body: composeBody(input, message, freshnessMs),
  };
  if (input.state.label !== undefined) event.label = input.state.label;
  if (input.downtimeMs !== undefined) event.downtimeMs = input.downtimeMs;
  if (input.confirmation) event.confirmation = input.confirmation;
  return event;
}

/**
 * The structured form of an alert for chat / webhook subscribers and `watch --alerts-jsonl`:
 * every event field except the long text body. Field names are a contract.
 */
export function alertJson(event: AlertEvent): Record<string, unknown> {
  const { body: _body, ...rest } = event;
  return rest;
}
