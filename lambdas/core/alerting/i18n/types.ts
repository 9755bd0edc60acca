import type { AlertDomain, EngineAlertKind } from '../types';
import type { AlertStatus } from '../state';

/**
 * The languages of alert text. `alerting.language` picks one (`id`, `en`) or `both`; with both,
 * Bahasa Indonesia comes first (the on-call staff read it first) and English follows it where
 * there is room (e-mail and chat; an SMS carries the first language only, to stay within two
 * segments).
 */
export type Locale = 'en' | 'id';
export type Language = Locale | 'both';

export const LANGUAGES: readonly Language[] = ['id', 'en', 'both'];

/** What a headline says, already worded in the table's language except the headline frame. */
export interface HeadlineParts {
  domain: AlertDomain;
  /** "DOWN", "PULIH" … */
  word: string;
  /** "Sirekap (pemilu2024.kpu.go.id)". */
  name: string;
  /** "stopped flapping; " or "" (worded). */
  prefix: string;
  /** The failure class ("timeout"), or "error". */
  cause: string;
  /** The observation's one-line reason (as the check wrote it: not translated). */
  reason: string;
  /** " from 2/3 regions" for uptime, "" otherwise (worded). */
  fromRegions: string;
  /** "10:42 WIB" or "23 Nov 10:42 WIB". */
  since: string;
  /** How long the condition has lasted so far ("12 min" / "12 menit"). */
  lasted: string;
  /** RECOVERED: the downtime of the closed outage, when there was one. */
  downtime?: string;
  incidentId?: string | null;
  /** RECOVERED while DEGRADED: the degradation's reason. */
  stillDegraded?: string;
  stoppedFlapping: boolean;
  /** FLAPPING: transitions, window and the status it is in now. */
  flapping?: { transitions: number; window: string; status: string };
}

/** Words of a duration: "3 h 5 min" / "3 jam 5 menit". */
export interface DurationUnits {
  s: string;
  min: string;
  h: string;
  d: string;
}

/** Labels of the details under the headline in an e-mail body. */
export interface BodyLabels {
  subject: Record<AlertDomain, string>;
  appSeverity(app: string, severity: string): string;
  status: string;
  /** "DOWN since 2026-11-24 10:42:07 WIB" */
  statusSince(status: string, since: string): string;
  cause: string;
  reason: string;
  incident: string;
  downtime: string;
  regions: string;
  maintenance: string;
  note: string;
  time: string;
  alertId: string;
  owner: string;
  runbook: string;
  /** Per-region verdicts: ok, FAIL, DEGRADED, IMPAIRED, [stale]. */
  region: { ok: string; fail: string; degraded: string; impaired: string; stale: string };
}

/**
 * One language's wording of alerts. `headline` is the translation table per alert kind: a new
 * kind adds one entry here (each language's table then fails to compile until it has it).
 */
export interface Phrases {
  locale: Locale;
  verdicts: Record<AlertDomain, Record<EngineAlertKind, string>>;
  /** A status as a word: UP, DOWN, DEGRADED. */
  statuses: Record<AlertStatus, string>;
  /** The verdict of an acknowledgement (`pantau ack`): ACKNOWLEDGED / DITANGANI. */
  acknowledged: string;
  headline: Record<EngineAlertKind, (p: HeadlineParts) => string>;
  /** " from 2/3 regions" */
  fromRegions(seen: number, of: number): string;
  stoppedFlapping: string;
  /** "confirmed by 1 of 2 regions" */
  confirmedBy(by: number, of: number): string;
  silentFor(region: string, forText: string | null): string;
  impaired(region: string): string;
  afterMaintenance(window: string): string;
  /** After a silence, whose name says who and until when: "after silenced by ana until 21:16 WIB". */
  afterSilence(silence: string): string;
  /** Short labels in the SMS / chat text. */
  ownerShort: string;
  runbookShort: string;
  units: DurationUnits;
  /** Month abbreviations for "23 Nov 10:42 WIB". */
  months: readonly string[];
  body: BodyLabels;
  /** The first lines of storm messages (storm-text.ts); their bodies are English. */
  storm: StormPhrases;
}

/** What a storm headline is built from. */
export interface StormParts {
  verdict: string;
  /** How many members the line counts. */
  count: number;
  appName: string;
  domain: AlertDomain;
  /** " (timeout)" or "". */
  causeText: string;
  /** The first names, already listed. */
  names: string;
  /** Names beyond those listed (0: none). */
  more: number;
}

export interface StormPhrases {
  grouped(p: StormParts): string;
  opening(p: StormParts): string;
  digest(p: StormParts & { total: number; since: string }): string;
}
