import type { AlertRules } from '../config';
import type { Severity } from '../types';
import type { Observation } from './types';

/**
 * Pantau's own CloudWatch alarms (dead-man per shard, Lambda Errors, dropped events) as
 * observations of the alert engine, so that they reach on-call exactly like target alerts: same
 * topics, same message attributes (filter policies), exactly once, one recovery with the
 * downtime. A CloudWatch alarm action would publish a bare JSON document without attributes,
 * which no filtered subscription accepts.
 *
 * The relay reads everything it needs from the EventBridge event itself, no lookup: the alarm
 * description starts with a tag `[<project> <severity>]` (written by the CDK constructs with
 * `alarmDescription` below), followed by the one-line summary that becomes the message's reason.
 */

/** The part of EventBridge's "CloudWatch Alarm State Change" event the relay reads. */
export interface AlarmStateChangeEvent {
  'detail-type'?: string;
  source?: string;
  /** Region of the alarm. */
  region?: string;
  /** Time EventBridge recorded the change (ISO). */
  time?: string;
  detail?: {
    alarmName?: string;
    configuration?: { description?: string };
    state?: { value?: string; reason?: string; timestamp?: string };
    previousState?: { value?: string };
  };
}

/**
 * Rules for relayed alarms: CloudWatch has already done the counting (datapoints to alarm), so
 * one ALARM is DOWN and one OK is recovered, in a quorum of the alarm's own region. Freshness is
 * long because an alarm reports only on change: its ALARM stays true until the OK arrives.
 * No reminders: a state change is the only observation, so a reminder could only ride on it.
 */
export const ALARM_RULES: AlertRules = {
  failureThreshold: 1,
  successThreshold: 1,
  renotifyMinutes: 0,
  quorum: 1,
  freshnessMs: 30 * 24 * 3_600_000,
  flapping: { transitions: 6, windowMs: 30 * 60_000 },
};

const SEVERITIES: readonly Severity[] = ['critical', 'high', 'low'];
const TAG = /^\[(\S+) (critical|high|low)(?: app=(\S+))?\]\s*/;

/**
 * The description of an alarm the relay understands: `[<project> <severity>] <summary>`, then
 * the details for whoever opens the alarm in the console. CloudWatch allows 1024 characters.
 */
export function alarmDescription(project: string, severity: Severity, summary: string, details = '', app?: string): string {
  if (/[\r\n]/.test(summary)) throw new Error(`alarm summary must be one line: ${JSON.stringify(summary)}`);
  // An alarm about one monitored app (an SLO burn) names it, so its alert carries that app.
  const appTag = app ? ` app=${app}` : '';
  const text = `[${project} ${severity}${appTag}] ${summary}${details ? `\n${details}` : ''}`;
  return text.length <= 1024 ? text : `${text.slice(0, 1021)}...`;
}

export interface ParsedAlarmDescription {
  project: string;
  severity: Severity;
  summary: string;
  /** The monitored app the alarm is about; absent for Pantau's own alarms. */
  app?: string;
}

export function parseAlarmDescription(description: string | undefined): ParsedAlarmDescription | null {
  const match = TAG.exec(description ?? '');
  if (!match || !SEVERITIES.includes(match[2] as Severity)) return null;
  const summary = (description ?? '').slice(match[0].length).split('\n')[0]!.trim();
  return { project: match[1]!, severity: match[2] as Severity, summary, ...(match[3] ? { app: match[3] } : {}) };
}

/** `alarm:<alarmName>`: the engine subject of one alarm. */
export function alarmSubject(alarmName: string): string {
  return `alarm:${alarmName}`;
}

export type AlarmMapping =
  | { observation: Observation; alarmName: string }
  | { ignored: string };

/**
 * One alarm state change → one observation, or why it is ignored: not an alarm event, another
 * project's (or a foreign) alarm, INSUFFICIENT_DATA (neither up nor down: a new alarm, or a
 * metric that has not reported yet — a dead-man treats missing data as breaching, so it never
 * rests there).
 */
export function alarmObservation(event: AlarmStateChangeEvent, project: string): AlarmMapping {
  if (event.source !== 'aws.cloudwatch' || event['detail-type'] !== 'CloudWatch Alarm State Change') {
    return { ignored: `not a CloudWatch alarm state change (source ${event.source}, detail-type ${event['detail-type']})` };
  }
  const alarmName = event.detail?.alarmName;
  if (!alarmName) return { ignored: 'alarm state change without detail.alarmName' };
  const tag = parseAlarmDescription(event.detail?.configuration?.description);
  if (!tag || tag.project !== project) return { ignored: `${alarmName} is not a ${project} alarm (no "[${project} <severity>]" description tag)` };
  const state = event.detail?.state?.value;
  if (state !== 'ALARM' && state !== 'OK') return { ignored: `${alarmName} went to ${state ?? 'an unknown state'}` };
  const ts = isoTime(event.detail?.state?.timestamp ?? event.time);
  if (!ts) return { ignored: `${alarmName}: no readable state timestamp` };
  const ok = state === 'OK';
  return {
    alarmName,
    observation: {
      subject: alarmSubject(alarmName),
      domain: 'ops',
      // The project is the app of Pantau's own alarms (a filter `app: [pantau]` selects them);
      // an SLO alarm names the monitored app, so the app's subscribers hear of it.
      app: tag.app ?? project,
      severity: tag.severity,
      ok,
      degraded: false,
      error: ok ? null : 'alarm',
      reason: tag.summary || event.detail?.state?.reason || alarmName,
      region: event.region ?? 'unknown',
      ts,
      label: shortName(alarmName, project),
    },
  };
}

/** `pantau-deadman-…` → `deadman-…`: the project is already in every message's `[Pantau]`. */
function shortName(alarmName: string, project: string): string {
  return alarmName.startsWith(`${project}-`) ? alarmName.slice(project.length + 1) : alarmName;
}

/**
 * CloudWatch writes state timestamps as `2026-11-24T03:42:00.123+0000`; the engine compares ISO
 * strings, so normalise to `toISOString()` (UTC, `Z`).
 */
export function isoTime(value: string | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
