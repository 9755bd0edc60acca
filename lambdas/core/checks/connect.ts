import type { X509Certificate } from 'node:crypto';
import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';
import type { CertInfo } from '../types';
import { commonName, toCertInfo, toTlsDetails, verificationReason } from './cert';
import { CheckFailure, classifyError } from './classify';
import { monotonicMs, underDeadline, type CheckContext } from './timing';

/**
 * Opens one fresh TCP (and optionally TLS) connection, timing DNS, connect and the TLS handshake
 * separately. Shared by the tcp://, tls:// and HTTP(S) checks. Never pooled: reusing a connection
 * would hide exactly the phases a probe exists to measure.
 */

export interface TlsSettings {
  /** SNI and the name the certificate must match; default: the URL host unless it is an IP. */
  serverName?: string;
  /** Extra trusted CA certificates (PEM), added to the system roots. */
  caPem?: string;
  insecureSkipVerify: boolean;
  /** ALPN offer; the HTTP check offers only http/1.1 (node's client speaks nothing else). */
  alpnProtocols?: string[];
}

export interface Endpoint {
  /** Host name or IP literal (IPv6 with or without brackets). */
  host: string;
  port: number;
  tls?: TlsSettings;
}

export interface OpenedConnection {
  socket: net.Socket;
  /** Leaf certificate, when the connection is TLS. */
  cert: CertInfo | null;
}

/** URL hosts keep IPv6 literals in brackets; sockets want them bare. */
export function bareHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

export function endpointLabel(host: string, port: number): string {
  const bare = bareHost(host);
  return net.isIPv6(bare) ? `[${bare}]:${port}` : `${bare}:${port}`;
}

/**
 * Parsing the ~140 system roots costs milliseconds, so a secure context with an extra CA is
 * built once per distinct CA bundle and shared by every connection that uses it. Without an
 * extra CA, tls.connect would build a fresh context (a new SSL_CTX) for every check: one
 * default context is shared instead. A shared context carries no session: a check never resumes
 * one (no `session` option, no agent), so every check still makes a full handshake.
 */
const contextsByCa = new Map<string, tls.SecureContext>();
const SYSTEM_ROOTS = '';
function secureContextFor(caPem: string | undefined): tls.SecureContext {
  const key = caPem ?? SYSTEM_ROOTS;
  let context = contextsByCa.get(key);
  if (!context) {
    context = caPem ? tls.createSecureContext({ ca: [...tls.rootCertificates, caPem] }) : tls.createSecureContext();
    contextsByCa.set(key, context);
  }
  return context;
}

/** When each phase ended: a phase's time is the gap since the one before it. */
interface PhaseClock {
  started: number;
  resolvedAt: number;
  connectedAt: number;
}

interface Dial {
  host: string;
  port: number;
  /** Absent for an IP literal: there is no name to resolve. */
  lookup?: net.LookupFunction;
}

export function openConnection(endpoint: Endpoint, ctx: CheckContext): Promise<OpenedConnection> {
  const host = bareHost(endpoint.host);
  const label = endpointLabel(host, endpoint.port);
  const isLiteral = net.isIP(host) !== 0;
  const { deadline, phases } = ctx;
  const started = monotonicMs();
  const clock: PhaseClock = { started, resolvedAt: started, connectedAt: started };
  const target: Dial = { host, port: endpoint.port, ...(isLiteral ? {} : { lookup: timedLookup(ctx, clock) }) };

  deadline.phase = isLiteral ? 'connect' : 'dns';
  return underDeadline<OpenedConnection>(deadline, (resolve, reject) => {
    const tlsSettings = endpoint.tls;
    const serverName = tlsSettings?.serverName ?? (isLiteral ? undefined : host);
    const socket = dial(target, tlsSettings, serverName);

    socket.on('error', (err) => {
      socket.destroy();
      const { error, reason } = classifyError(err, { phase: deadline.phase, endpoint: label });
      reject(new CheckFailure(error, reason));
    });
    socket.once('connect', () => {
      clock.connectedAt = monotonicMs();
      phases.add('connect', clock.connectedAt - clock.resolvedAt);
      if (!tlsSettings) {
        resolve({ socket, cert: null });
        return;
      }
      deadline.phase = 'tls';
    });
    if (tlsSettings) {
      const verify = { settings: tlsSettings, serverName: serverName ?? host, clock, ctx };
      verifyHandshake(socket as tls.TLSSocket, verify, resolve, reject);
    }
    return () => socket.destroy();
  });
}

/** Wrapping the resolver times the DNS phase exactly; net skips it for IP literals (dns: null). */
function timedLookup(ctx: CheckContext, clock: PhaseClock): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, options, (err, address, family) => {
      clock.resolvedAt = monotonicMs();
      ctx.phases.add('dns', clock.resolvedAt - clock.started);
      if (!err) ctx.deadline.phase = 'connect';
      (callback as (e: NodeJS.ErrnoException | null, a: string | dns.LookupAddress[], f?: number) => void)(err, address, family);
    });
  };
}

/** A plain TCP socket, or a TLS one whose certificate is checked by hand once the handshake ends. */
function dial(target: Dial, tlsSettings: TlsSettings | undefined, serverName: string | undefined): net.Socket {
  if (!tlsSettings) return net.connect(target);
  const socket: tls.TLSSocket = tls.connect({
    ...target,
    servername: serverName,
    secureContext: secureContextFor(tlsSettings.caPem),
    // Verified below by hand, so a rejected certificate is still reported in the result.
    rejectUnauthorized: false,
    ...(tlsSettings.alpnProtocols ? { ALPNProtocols: tlsSettings.alpnProtocols } : {}),
    checkServerIdentity: (hostname) => checkIdentity(socket, hostname),
  });
  skipDetailedChainRead(socket);
  return socket;
}

/** The leaf the identity check read, kept for the certificate record (each read copies it anew). */
const leafRead = new WeakMap<tls.TLSSocket, X509Certificate>();

/**
 * Node's hostname check, fed from the leaf's X509Certificate instead of the detailed chain:
 * `tls.checkServerIdentity` itself decides (same rules, same ERR_TLS_CERT_ALTNAME_INVALID), and
 * reads only `subjectaltname` and `subject.CN` of what it is given.
 */
function checkIdentity(socket: tls.TLSSocket, hostname: string): Error | undefined {
  const x509 = socket.getPeerX509Certificate();
  if (x509) leafRead.set(socket, x509);
  if (!x509) return tls.checkServerIdentity(hostname, {} as tls.PeerCertificate);
  const cn = commonName(x509);
  const names = { subjectaltname: x509.subjectAltName, subject: cn === undefined ? {} : { CN: cn } };
  return tls.checkServerIdentity(hostname, names as unknown as tls.PeerCertificate);
}

/**
 * After a chain that verified, node reads the whole detailed chain (`getPeerCertificate(true)`,
 * ~0.35 ms: every certificate with its fingerprints, key and extensions) only to pass it to
 * `checkServerIdentity`, and ours does not look at it. For that one call the socket answers an
 * empty object; the method is node's own again for anyone after it (see docs/decisions.md).
 */
function skipDetailedChainRead(socket: tls.TLSSocket): void {
  const own = socket as unknown as { getPeerCertificate?: unknown };
  own.getPeerCertificate = (detailed?: boolean) => {
    delete own.getPeerCertificate;
    return detailed ? {} : socket.getPeerCertificate(detailed);
  };
  socket.once('secureConnect', () => delete own.getPeerCertificate);
}

interface HandshakeCheck {
  settings: TlsSettings;
  /** The name the certificate must match (for the failure reason). */
  serverName: string;
  clock: PhaseClock;
  ctx: CheckContext;
}

/** Times the TLS handshake, records the leaf certificate, and fails an untrusted one unless told not to. */
function verifyHandshake(
  socket: tls.TLSSocket,
  { settings, serverName, clock, ctx }: HandshakeCheck,
  resolve: (opened: OpenedConnection) => void,
  reject: (error: unknown) => void,
): void {
  socket.once('secureConnect', () => {
    ctx.phases.add('tls', monotonicMs() - clock.connectedAt);
    // The leaf is read once, as an X509Certificate: by the identity check, or here when that did not run.
    const x509 = leafRead.get(socket) ?? socket.getPeerX509Certificate();
    const cert = toCertInfo(x509, ctx.now());
    if (cert) ctx.certs.push(cert);
    const details = ctx.handshakes ? toTlsDetails(x509, socket.getProtocol(), socket.getCipher()?.name) : null;
    if (details) ctx.handshakes!.push(details);
    if (!settings.insecureSkipVerify && !socket.authorized) {
      socket.destroy();
      const code = String(socket.authorizationError ?? 'CERT_UNTRUSTED');
      reject(new CheckFailure('tls', verificationReason(code, serverName), cert ? { cert } : {}));
      return;
    }
    resolve({ socket, cert });
  });
}
