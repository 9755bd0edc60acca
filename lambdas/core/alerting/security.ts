import type { FindingKind } from '../patrol/finding';
import type { AlertEvent, Observation } from './types';
import type { SecurityFacts } from './state';
import { subjectLine, type ComposeInput } from './messages';
import { formatDuration } from './timezone';

/**
 * Security subjects in the alert engine. Each (target, finding kind) is its own subject
 * (`security:<target>/<finding>`, domain `security`), so thresholds, exactly-once delivery,
 * flapping, maintenance windows and reminders apply as to any outage. The engine decides as
 * usual (DOWN, STILL DOWN, RECOVERED …); this module turns its decision into the `security`
 * alert: `state` open or resolved, the finding and its evidence first in the short text, where
 * an SMS still shows the matched keyword or address.
 */

export const securitySubjectId = (target: string, finding: FindingKind): string => `security:${target}/${finding}`;

/** The alert state's record of the finding: the latest failing observation's evidence wins. */
export function securityFacts(previous: SecurityFacts | undefined, obs: Observation): SecurityFacts | undefined {
  if (!obs.security) return previous;
  const { target, finding, detail } = obs.security;
  if (obs.ok) return previous ?? { target, finding, evidence: '' };
  return { target, finding, evidence: obs.reason, ...(detail ? { detail } : {}) };
}

/** What a RESOLVED says cleared, per finding (the page is clean again, the answer is back inside the allow-list …). */
const CLEARED: Partial<Record<FindingKind, string>> = {
  defacement: 'page clean again',
  gambling_content: 'page clean again',
  content_changed: 'page text back within the baseline',
  marker_missing: 'required markers back',
  injected_link: 'injected links gone',
  cloaking: "crawler's copy matches the browser's again",
  sitemap_injection: 'sitemap clean again',
  dns_unexpected: 'answers back inside expect.allow',
  dns_ns_changed: 'NS records back to the known set',
  cert_changed: 'certificate accepted or restored',
  cert_name_mismatch: 'certificate covers the host again',
  weak_tls: 'handshake strong again',
};

export function clearedText(finding: FindingKind): string {
  return CLEARED[finding] ?? 'no longer seen';
}

/**
 * The short line. The evidence comes right after the finding and host so that the 140-character
 * SMS cut keeps it: `SECURITY gambling_content kpu.go.id: "slot gacor" in hidden div (div#promo)`.
 */
export function securityLine(input: ComposeInput, facts: SecurityFacts): string {
  const host = input.state.label ?? facts.target;
  const head = `${facts.finding} ${host}`;
  const elapsed = formatDuration(Math.max(0, Date.parse(input.ts) - Date.parse(input.since)));
  let line: string;
  if (input.kind === 'recovered') {
    line = `SECURITY RESOLVED ${head}: ${clearedText(facts.finding)} after ${formatDuration(input.downtimeMs ?? 0)} (was: ${facts.evidence})`;
  } else if (input.kind === 'reminder') {
    line = `SECURITY STILL OPEN ${head}: ${facts.evidence}; open for ${elapsed}`;
  } else if (input.kind === 'flapping' && input.flapping) {
    const f = input.flapping;
    line = `SECURITY FLAPPING ${head}: ${f.transitions} changes in ${formatDuration(f.windowMs)}; alerts paused until stable (${facts.evidence})`;
  } else {
    line = `SECURITY ${head}: ${facts.evidence}`;
  }
  if (input.afterMaintenance) line += `; after maintenance "${input.afterMaintenance.window}"`;
  return line;
}

/** The engine's decision on a security subject, as the `security` alert. */
export function asSecurityAlert(event: AlertEvent, input: ComposeInput, obs: Observation): AlertEvent {
  const facts = input.state.security;
  if (!facts) return event;
  const message = securityLine(input, facts);
  const state = input.kind === 'recovered' ? 'resolved' : 'open';
  const secured: AlertEvent = {
    ...event,
    kind: 'security',
    target: facts.target,
    topic: obs.security?.topic ?? event.topic,
    subject: subjectLine(message),
    message,
    cause: facts.finding,
    finding: facts.finding,
    evidence: facts.evidence,
    state,
    body: securityBody(message, state, facts, event.body),
  };
  if (facts.detail) secured.detail = facts.detail;
  return secured;
}

/** The email body: the finding, its evidence and detail, then the engine's status and region lines. */
function securityBody(message: string, state: string, facts: SecurityFacts, engineBody: string | undefined): string {
  const rest = (engineBody ?? '').split('\n').slice(2).filter((l) => !/^(Cause|Reason):/.test(l));
  const lines = [message, '', `Finding:  ${facts.finding} (${state})`, `Target:   ${facts.target}`, `Evidence: ${facts.evidence}`];
  if (facts.detail) lines.push('Detail:', ...facts.detail.split('\n').map((l) => `  ${l}`));
  if (state === 'resolved') lines.push(`Cleared:  ${clearedText(facts.finding)}`);
  return [...lines, ...rest.filter((l) => !l.startsWith('Target:'))].join('\n');
}
