import { isIP } from 'node:net';
import type { TlsDetails } from '../checks/cert';
import type { FindingKind, SecurityFinding } from './finding';
import { finding, type CertBaseline, type JudgeOutcome } from './state';

/**
 * Certificate integrity: the leaf a server presents against the one learned (or the planned
 * rotation written in config: `tls.expectIssuer`, `tls.pins`), its names against the host, and
 * the handshake's protocol and cipher. A renewal by the same issuer is a note; a certificate from
 * another issuer, or with a key outside the pins, is a finding until it is accepted.
 */

export interface CertPlan {
  /** The issuer must contain this text (e.g. "Let's Encrypt", "O=Sectigo"). */
  expectIssuer?: string;
  /** Accepted SPKI SHA-256 hashes, base64 (as HPKP and `openssl … | base64` print them). */
  pins?: string[];
}

const WEAK_PROTOCOLS = new Set(['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1']);
/** Broken or export-grade ciphers, and CBC suites with a SHA-1 MAC (OpenSSL names ending in "-SHA"). */
const WEAK_CIPHER = /RC4|3DES|DES-CBC|NULL|EXPORT|EXP-|MD5|anon|IDEA|SEED|-SHA$/i;
/** RSA keys below this many bits are factorable by a motivated attacker. */
const MIN_RSA_BITS = 2048;
/**
 * What a failed handshake says when the server speaks only protocols the client refuses (Node
 * refuses everything below TLS 1.2): evidence of a weak server, not only an outage.
 */
const LEGACY_ONLY_HANDSHAKE = /alert protocol version|unsupported protocol|no protocols available|wrong version number|version too low/i;

/** A weak_tls finding when the check's failed handshake shows the server offers only TLS below 1.2. */
export function judgeRefusedHandshake(reason: string): JudgeOutcome<never> | null {
  if (!LEGACY_ONLY_HANDSHAKE.test(reason)) return null;
  const evidence = `weak handshake: the server offers only TLS below 1.2 (refused: ${reason.slice(0, 95)})`;
  return { judged: ['weak_tls'], findings: [finding('weak_tls', evidence)], notes: [] };
}

/** RFC 6125 matching: exact, or one wildcard as the whole left-most label. */
export function nameCovers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (p === h) return true;
  if (!p.startsWith('*.')) return false;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === p.slice(2) && isIP(h) === 0;
}

function planProblem(details: TlsDetails, plan: CertPlan): string | null {
  if (plan.pins && plan.pins.length > 0 && (!details.spki256 || !plan.pins.includes(details.spki256))) {
    return `key sha256/${details.spki256 ?? '?'} not in tls.pins`;
  }
  if (plan.expectIssuer && !details.issuer.toLowerCase().includes(plan.expectIssuer.toLowerCase())) {
    return `issuer "${details.issuer}" is not the expected "${plan.expectIssuer}"`;
  }
  return null;
}

function handshakeFindings(details: TlsDetails, host: string): { judged: FindingKind[]; findings: SecurityFinding[] } {
  const judged: FindingKind[] = ['weak_tls'];
  const findings: SecurityFinding[] = [];
  const names: string[] = details.sans.length > 0 ? details.sans : details.subjectCn ? [details.subjectCn] : [];
  if (names.length > 0) {
    judged.push('cert_name_mismatch');
    if (!names.some((n) => nameCovers(n, host))) {
      findings.push(finding('cert_name_mismatch', `certificate names ${names.slice(0, 4).join(', ')} do not cover ${host}`));
    }
  }
  const weak = [
    ...(details.protocol && WEAK_PROTOCOLS.has(details.protocol) ? [details.protocol] : []),
    ...(details.cipher && WEAK_CIPHER.test(details.cipher) ? [details.cipher] : []),
    ...(details.rsaBits !== undefined && details.rsaBits < MIN_RSA_BITS ? [`RSA ${details.rsaBits}-bit key`] : []),
    ...(details.sha1Signature ? ['SHA-1 signature'] : []),
  ];
  if (weak.length > 0) findings.push(finding('weak_tls', `weak handshake: ${weak.join(', ')}`));
  return { judged, findings };
}

export function judgeCert(details: TlsDetails, host: string, stored: CertBaseline | undefined, plan: CertPlan): JudgeOutcome<CertBaseline> {
  const { judged, findings } = handshakeFindings(details, host);
  judged.push('cert_changed');
  const notes: string[] = [];
  const current: CertBaseline = { fingerprint256: details.fingerprint256, issuer: details.issuer, ...(details.spki256 ? { spki256: details.spki256 } : {}) };
  const problem = planProblem(details, plan);
  if (problem) return { judged, findings: [...findings, finding('cert_changed', problem)], notes };
  if (!stored) return { judged, findings, notes: ['certificate learned'], next: current };
  if (stored.fingerprint256 === details.fingerprint256) return { judged, findings, notes };
  const planned = Boolean(plan.expectIssuer || plan.pins?.length);
  if (stored.issuer === details.issuer || planned) {
    notes.push(`certificate renewed by ${planned ? 'the planned issuer/key' : 'the same issuer'} (${details.issuer})`);
    return { judged, findings, notes, next: current };
  }
  const keyNote = stored.spki256 && stored.spki256 !== details.spki256 ? ', new key' : '';
  findings.push(
    finding(
      'cert_changed',
      `issuer changed: "${stored.issuer}" → "${details.issuer}"${keyNote}`,
      `fingerprint ${stored.fingerprint256} → ${details.fingerprint256}`,
    ),
  );
  return { judged, findings, notes };
}
