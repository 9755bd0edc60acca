/**
 * What the security patrol reports about one check: the findings it raised and which kinds it
 * judged. A kind judged and not raised is a clean bill for that kind (an open finding of it
 * resolves); a kind not judged this time (the crawler's copy is fetched only every few checks)
 * says nothing either way. JSON field names are a contract (`pantau patrol --json`, alerts).
 */

export const FINDING_KINDS = [
  // content integrity (http targets)
  'defacement',
  'gambling_content',
  'content_changed',
  'marker_missing',
  'injected_link',
  'cloaking',
  'sitemap_injection',
  // DNS integrity
  'dns_unexpected',
  'dns_ns_changed',
  // certificate integrity
  'cert_changed',
  'cert_name_mismatch',
  'weak_tls',
  // low severity, sent in the daily digest (`security_digest`), never paged
  'missing_security_header',
  'version_leak',
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

/** `page`: a `security` alert through the alert engine; `digest`: one line in the daily `security_digest`. */
export type FindingSeverity = 'page' | 'digest';

export interface SecurityFinding {
  finding: FindingKind;
  severity: FindingSeverity;
  /**
   * What was seen and where, short enough for an SMS after the subject (≤ 160 chars):
   * `"slot gacor" in hidden div (body > div#promo)`, `203.0.113.9 not in expect.allow`.
   */
  evidence: string;
  /** Longer evidence for email and the JSON line (a diff excerpt, every matched term); optional. */
  detail?: string;
}

export interface PatrolVerdict {
  /** Finding kinds this check judged (raised or clean). */
  judged: FindingKind[];
  findings: SecurityFinding[];
  /** Recorded, not paged: "certificate renewed by the same issuer", "baseline learned (3/3)". */
  notes?: string[];
}

export function isFindingKind(value: string): value is FindingKind {
  return (FINDING_KINDS as readonly string[]).includes(value);
}
