import type { Severity } from '../types';
import type { TopicName } from '../config';
import type { AlertEvent, AlertKind, EngineAlertKind } from './types';
import type { AlertState } from './state';
import type { AlertContact } from './contact';
import { EN } from './i18n/en';
import { localesOf, phrasesFor, type HeadlineParts, type Language, type Phrases } from './i18n';
import { composeBody } from './message-body';
import { asciiLine } from './text-fit';
import { formatClock, formatDuration } from './timezone';
import { isSilenceWindow } from '../oncall/overrides';

/**
 * Alert text. The first line is what an SMS shows and what a phone's lock screen cuts, so it
 * carries the verdict, the subject, the cause, how many regions agree and since when:
 *   DOWN Sirekap (pemilu2024.kpu.go.id): timeout from 2/3 regions since 10:42 WIB
 * The SNS subject is the same line in ASCII, at most 99 characters (SNS rejects 100+).
 */

export const SUBJECT_MAX = 99;
export { asciiLine, cut } from './text-fit';
export { SMS_MAX, smsText } from './sms-text';

/** The verdict word of an alert ("DOWN", "PULIH" …) in one language (English by default). */
export function verdictWord(domain: AlertState['domain'], kind: AlertKind, phrases: Phrases = EN): string {
  // Security alerts are worded by alerting/security.ts after the engine decided (English).
  if (kind === 'security') return 'SECURITY';
  if (kind === 'security_digest') return 'SECURITY DIGEST';
  if (kind === 'acknowledged') return domain === 'ops' ? `PANTAU ${phrases.acknowledged}` : phrases.acknowledged;
  return phrases.verdicts[domain][kind];
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

export function subjectLine(message: string): string {
  return asciiLine(`[Pantau] ${message}`, SUBJECT_MAX);
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
  /** `alerting.language`; absent: English. */
  language?: Language;
  /** Who owns the subject and where its runbook is (`owner:`, `runbook:`), when configured. */
  contact?: AlertContact;
  /** A relayed SLO burn alarm's budget left (percent; null: could not be read). */
  budgetLeft?: number | null;
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
export function confirmationText(c: ConfirmationNote, phrases: Phrases = EN): string {
  const absent = c.absent.map((a) =>
    a.state === 'impaired' ? phrases.impaired(a.region) : phrases.silentFor(a.region, a.forMs === null ? null : formatDuration(a.forMs, phrases.units)),
  );
  return [phrases.confirmedBy(c.by, c.of), ...(absent.length > 0 ? [absent.join(', ')] : [])].join('; ');
}

/** The headline in the first configured language: `message`, the SMS and the SNS subject. */
export function firstLine(input: ComposeInput): string {
  return headlineIn(input, phrasesFor(localesOf(input.language)[0]!));
}

/** The headline worded by one language's table: the kind's entry, then confirmation and maintenance clauses. */
export function headlineIn(input: ComposeInput, phrases: Phrases): string {
  const { kind } = input;
  let line =
    // Security alerts are worded by alerting/security.ts, an acknowledgement by core/oncall/ack.ts.
    kind === 'security' || kind === 'security_digest' || kind === 'acknowledged'
      ? `${verdictWord(input.state.domain, kind, phrases)} ${displayName(input.state)}: ${input.reason}`
      : phrases.headline[kind](headlineParts({ ...input, kind }, phrases));
  if (input.confirmation) line += `; ${confirmationText(input.confirmation, phrases)}`;
  if (input.afterMaintenance) {
    // A silence's window name already says what it was ("silenced by … until …").
    const window = input.afterMaintenance.window;
    line += `; ${isSilenceWindow(window) ? phrases.afterSilence(window) : phrases.afterMaintenance(window)}`;
  }
  return line;
}

function headlineParts(input: ComposeInput & { kind: EngineAlertKind }, phrases: Phrases): HeadlineParts {
  const { kind, state, timezone } = input;
  const at = new Date(input.ts);
  const of = Math.max(input.regionCount, input.regions.length);
  const parts: HeadlineParts = {
    domain: state.domain,
    word: phrases.verdicts[state.domain][kind],
    name: displayName(state),
    prefix: input.stoppedFlapping ? phrases.stoppedFlapping : '',
    cause: input.cause ?? 'error',
    reason: input.reason,
    fromRegions: state.domain === 'uptime' ? phrases.fromRegions(input.regions.length, of) : '',
    since: formatClock(new Date(input.since), timezone, at, phrases.months),
    lasted: formatDuration(at.getTime() - Date.parse(input.since), phrases.units),
    incidentId: input.incidentId,
    stoppedFlapping: input.stoppedFlapping === true,
  };
  if (input.downtimeMs !== undefined) parts.downtime = formatDuration(input.downtimeMs, phrases.units);
  if (kind === 'recovered' && state.status === 'degraded') parts.stillDegraded = input.reason;
  if (input.flapping) {
    const f = input.flapping;
    parts.flapping = { transitions: f.transitions, window: formatDuration(f.windowMs, phrases.units), status: phrases.statuses[state.status] };
  }
  return parts;
}

export function composeAlert(input: ComposeInput, severity: Severity, freshnessMs?: number): AlertEvent {
  const locales = localesOf(input.language);
  const headlines = locales.map((locale) => headlineIn(input, phrasesFor(locale)));
  const message = headlines[0]!;
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
    body: composeBody(input, headlines, phrasesFor(locales[0]!), freshnessMs),
  };
  if (input.state.label !== undefined) event.label = input.state.label;
  if (input.downtimeMs !== undefined) event.downtimeMs = input.downtimeMs;
  if (input.confirmation) event.confirmation = input.confirmation;
  if (headlines.length > 1) event.altMessage = headlines[1]!;
  if (locales[0] !== 'en') event.locale = locales[0]!;
  if (input.contact?.owner) event.owner = input.contact.owner;
  if (input.contact?.runbook) event.runbook = input.contact.runbook;
  if (input.budgetLeft !== undefined) event.budgetLeft = input.budgetLeft;
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
