import { createHash, type KeyObject, X509Certificate } from 'node:crypto';
import type { CertInfo } from '../types';

/** Reading the leaf certificate a server presented, and naming why it was rejected. */

const DAY_MS = 86_400_000;

/**
 * The attributes of a distinguished name as X509Certificate prints it: one "KEY=value" a line,
 * RFC 2253 specials escaped with a backslash and control bytes as "\XX" — undone here, so the
 * values read as getPeerCertificate()'s parsed object had them (same order, same keys).
 */
function nameAttributes(printed: string | undefined): Array<[string, string]> {
  if (!printed) return [];
  // One RDN a line; a multi-valued RDN joins its attributes with " + " (a "+" in a value is "\+").
  return printed.split(/\n| \+ /).flatMap((line): Array<[string, string]> => {
    const eq = line.indexOf('=');
    return eq > 0 ? [[line.slice(0, eq), unescapeValue(line.slice(eq + 1))]] : [];
  });
}

function unescapeValue(value: string): string {
  if (!value.includes('\\')) return value;
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const hex = value[i] === '\\' ? /^[0-9A-Fa-f]{2}/.exec(value.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else {
      if (value[i] === '\\') i++;
      if (i < value.length) bytes.push(...Buffer.from(value[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** "CN=kpu.go.id, O=KPU": a repeated attribute joined with "+" at its first place, as before. */
function distinguishedName(printed: string | undefined): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of nameAttributes(printed)) grouped.set(key, [...(grouped.get(key) ?? []), value]);
  return [...grouped].map(([key, values]) => `${key}=${values.join('+')}`).join(', ');
}

/** The subject's first CN, the name node's own hostname check falls back to without DNS SANs. */
export function commonName(x509: X509Certificate): string | undefined {
  return nameAttributes(x509.subject).find(([key]) => key === 'CN')?.[1];
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

/** CertInfo from the leaf (`socket.getPeerX509Certificate()`); null when the peer sent none. */
export function toCertInfo(x509: X509Certificate | undefined, now: Date): CertInfo | null {
  if (!x509) return null;
  const validTo = isoDate(x509.validTo);
  return {
    subject: distinguishedName(x509.subject),
    issuer: distinguishedName(x509.issuer),
    fingerprint256: x509.fingerprint256,
    validFrom: isoDate(x509.validFrom),
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

export function toTlsDetails(x509: X509Certificate | undefined, protocol: string | null, cipher: string | undefined): TlsDetails | null {
  if (!x509) return null;
  const cn = commonName(x509);
  // Each read of x509.publicKey builds a new KeyObject: read it once for both the hash and the size.
  const key = publicKeyOf(x509);
  const spki256 = key ? spkiHash(key) : undefined;
  const rsaBits = key ? rsaBitsOf(key) : undefined;
  return {
    fingerprint256: x509.fingerprint256,
    issuer: distinguishedName(x509.issuer),
    ...(spki256 ? { spki256 } : {}),
    sans: altNames(x509.subjectAltName),
    ...(cn ? { subjectCn: cn } : {}),
    ...(protocol ? { protocol } : {}),
    ...(cipher ? { cipher } : {}),
    ...(rsaBits ? { rsaBits } : {}),
    ...(signedWithSha1(x509.raw) ? { sha1Signature: true } : {}),
  };
}

/** The leaf's public key; undefined for a key node cannot read. */
function publicKeyOf(x509: X509Certificate): KeyObject | undefined {
  try {
    return x509.publicKey;
  } catch {
    return undefined;
  }
}

/** The RSA modulus size of the key; undefined for EC and other keys (their sizes are all strong). */
function rsaBitsOf(key: KeyObject): number | undefined {
  return key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss' ? key.asymmetricKeyDetails?.modulusLength : undefined;
}

/** SHA-256 of the key's DER SubjectPublicKeyInfo; absent for a key node cannot export. */
function spkiHash(key: KeyObject): string | undefined {
  try {
    return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('base64');
  } catch {
    return undefined;
  }
}
