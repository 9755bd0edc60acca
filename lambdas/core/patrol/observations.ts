import type { TopicName } from '../config';
import type { CheckResult } from '../types';
import type { Observation } from '../alerting/types';
import { labelOf } from '../alerting/observations';
import { securitySubjectId } from '../alerting/security';
import type { FindingKind, SecurityFinding } from './finding';

/**
 * Check results → observations of security subjects, one per (target, finding kind) the patrol
 * judged: a kind judged with a `page` finding fails, judged without one passes (an open finding
 * resolves through the engine's success threshold), and a kind not judged this time says nothing.
 * `digest` findings are never paged: they go to the daily digest (digestFindings).
 */

/** Kinds that are low severity by nature: always digest, never a security subject. */
export const DIGEST_KINDS: ReadonlySet<FindingKind> = new Set<FindingKind>(['missing_security_header', 'version_leak']);

export interface SecurityRouting {
  /** `alerting.security.topic`: every security alert goes there instead of the target's route. */
  topic?: TopicName;
}

const isDigest = (f: SecurityFinding) => f.severity === 'digest' || DIGEST_KINDS.has(f.finding);

/** The findings of this check that belong in the daily digest. */
export function digestFindings(result: CheckResult): SecurityFinding[] {
  return (result.patrol?.findings ?? []).filter(isDigest);
}

/** The finding kinds this check judged that can page, with the page findings of each. */
function judgedPageKinds(result: CheckResult): Map<FindingKind, SecurityFinding[]> {
  const verdict = result.patrol;
  const kinds = new Map<FindingKind, SecurityFinding[]>();
  if (!verdict) return kinds;
  for (const kind of verdict.judged) if (!DIGEST_KINDS.has(kind)) kinds.set(kind, []);
  for (const f of verdict.findings) {
    if (isDigest(f)) continue;
    kinds.set(f.finding, [...(kinds.get(f.finding) ?? []), f]);
  }
  return kinds;
}

/** One line for the SMS (the first finding, and how many more), the rest for the detail. */
export function evidenceOf(findings: SecurityFinding[]): { evidence: string; detail?: string } {
  const [first, ...others] = findings;
  if (!first) return { evidence: 'clean' };
  const evidence = others.length > 0 ? `${first.evidence} (+${others.length} more)` : first.evidence;
  const details = findings.length > 1 ? findings.map((f) => `- ${f.evidence}${f.detail ? `: ${f.detail}` : ''}`) : first.detail ? [first.detail] : [];
  return details.length > 0 ? { evidence, detail: details.join('\n') } : { evidence };
}

/** `regionImpaired`: the run's region was judged impaired (its observations do not count). */
export function securityObservations(result: CheckResult, regionImpaired = false, routing: SecurityRouting = {}): Observation[] {
  const label = labelOf(result.url);
  return [...judgedPageKinds(result)].map(([finding, findings]) => {
    const failing = findings.length > 0;
    const { evidence, detail } = evidenceOf(findings);
    const obs: Observation = {
      subject: securitySubjectId(result.target, finding),
      domain: 'security',
      app: result.app,
      severity: result.severity,
      ok: !failing,
      degraded: false,
      error: failing ? finding : null,
      reason: evidence,
      region: result.region,
      ts: result.ts,
      security: { target: result.target, finding, ...(detail ? { detail } : {}), ...(routing.topic ? { topic: routing.topic } : {}) },
    };
    if (label) obs.label = label;
    if (regionImpaired) obs.regionImpaired = true;
    return obs;
  });
}
