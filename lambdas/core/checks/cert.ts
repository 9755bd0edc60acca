import { createHash, X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import type { CertInfo } from '../types';

/** Reading the leaf certificate a server presented, and naming why it was rejected. */

const DAY_MS = 86_400_000;

/** "CN=kpu.go.id, O=KPU" from node's parsed subject / issuer object. */
function distinguishedName(name: Record<string, string | string[]> | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`)
    .join(', ');
}

/** Node prints validity as "Nov 24 03:00:00 2026 GMT", which Date parses. */
function isoDate(text: string): string {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : new Date(ms).toISOString();
}

/** Days left until `validTo`, fractional, to the thousandth of a day (~1.5 min). */
export function daysUntil(validTo: string, now: Date): number {
  const ms = Date.parse(validTo);
  if (Number.isNaN(ms)) return 0;
  return Math.round(((ms - now.getTime()) / DAY_MS) * 1000) / 1000;
}

/** CertInfo from `socket.getPeerCertificate()`; null when the peer sent none. */
export function toCertInfo(peer: PeerCertificate | Record<string, never> | undefined, now: Date): CertInfo | null {
  if (!peer || !('valid_to' in peer) || !peer.valid_to) return null;
  const validTo = isoDate(peer.valid_to);
  return {
    subject: distinguishedName(peer.subject as unknown as Record<string, string | string[]>),
    issuer: distinguishedName(peer.issuer as unknown as Record<string, string | string[]>),
    fingerprint256: peer.fingerprint256,
    validFrom: isoDate(peer.valid_from),
    validTo,
    daysLeft: daysUntil(validTo, now),
  };
}

/** Plain words for the OpenSSL / node verification codes seen in practice. */
const VERIFY_TEXT: Record<string, string> = {
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate (incomplete chain?)',
  UNABLE_TO_GET_ISSUER_CERT: 'issuer certificate not found',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'issuer certificate not trusted',
  CERT_UNTRUSTED: 'certificate not trusted',
  CERT_REVOKED: 'certificate revoked',
  CERT_SIGNATURE_FAILURE: 'certificate signature failure',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate does not match the host name',
};

/** "TLS certificate rejected: DEPTH_ZERO_SELF_SIGNED_CERT (self-signed certificate)". */
export function verificationReason(code: string, hostname: string): string {
  const text = VERIFY_TEXT[code];
  const forHost = code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? ` ${hostname}` : '';
  return `TLS certificate rejected: ${code}${text ? ` (${text}${forHost})` : ''}`;
}

/**
 * What the security patrol reads of a handshake beyond CertInfo: the leaf's key hash and names,
 * and the protocol and cipher agreed. Transient (handed to the patrol, not stored in results).
 */
export interface TlsDetails {
  fingerprint256: string;
  issuer: string;
  /** SHA-256 of the leaf's SubjectPublicKeyInfo, base64 (the form HPKP pins use). */
  spki256?: string;
  /** DNS names and IP addresses of the subjectAltName extension. */
  sans: string[];
  subjectCn?: string;
  protocol?: string;
  cipher?: string;
  /** Size of the leaf's RSA key in bits (absent for EC keys, whose sizes are all strong). */
  rsaBits?: number;
  /** The leaf is signed with SHA-1 (sha1WithRSAEncryption or ecdsa-with-SHA1). */
  sha1Signature?: boolean;
}

/** DER of the SHA-1 signature algorithm OIDs (1.2.840.113549.1.1.5, 1.2.840.10045.4.1). */
const SHA1_SIGNATURE_OIDS = [Buffer.from('06092a864886f70d010105', 'hex'), Buffer.from('06072a8648ce3d0401', 'hex')];

/**
 * Whether the certificate names a SHA-1 signature algorithm. Node does not expose the algorithm;
 * its OID appears in the DER twice (tbsCertificate.signature and signatureAlgorithm) and an OID
 * of that exact encoding has no business anywhere else in a leaf.
 */
function signedWithSha1(raw: Buffer | undefined): boolean {
  return Boolean(raw && SHA1_SIGNATURE_OIDS.some((oid) => raw.includes(oid)));
}

/** `DNS:a.example, IP Address:1.2.3.4` → ['a.example', '1.2.3.4']. */
function altNames(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(/,\s*/)
    .map((entry) => /^(?:DNS|IP Address):(.+)$/.exec(entry.trim())?.[1])
    .filter((n): n is string => Boolean(n));
}

export function toTlsDetails(peer: PeerCertificate | Record<string, never> | undefined, protocol: string | null, cipher: string | undefined): TlsDetails | null {
  if (!peer || !('fingerprint256' in peer) || !peer.fingerprint256) return null;
  const cn = (peer.subject as unknown as Record<string, string | string[]> | undefined)?.CN;
  return {
    fingerprint256: peer.fingerprint256,
    issuer: distinguishedName(peer.issuer as unknown as Record<string, string | string[]>),
    ...(peer.pubkey ? { spki256: createHash('sha256').update(spkiOf(peer as PeerCertificate)).digest('base64') } : {}),
    sans: altNames(peer.subjectaltname),
    ...(cn ? { subjectCn: Array.isArray(cn) ? cn[0]! : cn } : {}),
    ...(protocol ? { protocol } : {}),
    ...(cipher ? { cipher } : {}),
    ...(peer.modulus && peer.bits ? { rsaBits: peer.bits } : {}),
    ...(signedWithSha1(peer.raw) ? { sha1Signature: true } : {}),
  };
}

/** The DER SubjectPublicKeyInfo of the leaf (node gives the raw key only for RSA/EC in `pubkey`). */
function spkiOf(peer: PeerCertificate): Buffer {
  try {
    return new X509Certificate(peer.raw).publicKey.export({ type: 'spki', format: 'der' });
  } catch {
    return peer.pubkey!;
  }
}
