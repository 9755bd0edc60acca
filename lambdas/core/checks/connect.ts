import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';
import type { CertInfo } from '../types';
import { toCertInfo, verificationReason } from './cert';
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
 * built once per distinct CA bundle and shared by every connection that uses it.
 */
const contextsByCa = new Map<string, tls.SecureContext>();
function secureContextFor(caPem: string): tls.SecureContext {
  let context = contextsByCa.get(caPem);
  if (!context) {
    context = tls.createSecureContext({ ca: [...tls.rootCertificates, caPem] });
    contextsByCa.set(caPem, context);
  }
  return context;
}

export function openConnection(endpoint: Endpoint, ctx: CheckContext): Promise<OpenedConnection> {
  const host = bareHost(endpoint.host);
  const label = endpointLabel(host, endpoint.port);
  const isLiteral = net.isIP(host) !== 0;
  const { deadline, phases } = ctx;
  const started = monotonicMs();
  let resolvedAt = started;

  // Wrapping the resolver times the DNS phase exactly; net skips it for IP literals (dns: null).
  const timedLookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, options, (err, address, family) => {
      resolvedAt = monotonicMs();
      phases.add('dns', resolvedAt - started);
      if (!err) deadline.phase = 'connect';
      (callback as (e: NodeJS.ErrnoException | null, a: string | dns.LookupAddress[], f?: number) => void)(err, address, family);
    });
  };

  deadline.phase = isLiteral ? 'connect' : 'dns';
  return underDeadline<OpenedConnection>(deadline.signal, (resolve, reject) => {
    const base = { host, port: endpoint.port, ...(isLiteral ? {} : { lookup: timedLookup }) };
    const tlsSettings = endpoint.tls;
    const serverName = tlsSettings?.serverName ?? (isLiteral ? undefined : host);
    const socket: net.Socket = tlsSettings
      ? tls.connect({
          ...base,
          servername: serverName,
          ...(tlsSettings.caPem ? { secureContext: secureContextFor(tlsSettings.caPem) } : {}),
          // Verified below by hand, so a rejected certificate is still reported in the result.
          rejectUnauthorized: false,
          ...(tlsSettings.alpnProtocols ? { ALPNProtocols: tlsSettings.alpnProtocols } : {}),
        })
      : net.connect(base);
    let connectedAt = started;

    socket.on('error', (err) => {
      socket.destroy();
      const { error, reason } = classifyError(err, { phase: deadline.phase, endpoint: label });
      reject(new CheckFailure(error, reason));
    });
    socket.once('connect', () => {
      connectedAt = monotonicMs();
      phases.add('connect', connectedAt - resolvedAt);
      if (!tlsSettings) {
        resolve({ socket, cert: null });
        return;
      }
      deadline.phase = 'tls';
    });
    if (tlsSettings) {
      const tlsSocket = socket as tls.TLSSocket;
      tlsSocket.once('secureConnect', () => {
        phases.add('tls', monotonicMs() - connectedAt);
        const cert = toCertInfo(tlsSocket.getPeerCertificate(), ctx.now());
        if (cert) ctx.certs.push(cert);
        if (!tlsSettings.insecureSkipVerify && !tlsSocket.authorized) {
          socket.destroy();
          const code = String(tlsSocket.authorizationError ?? 'CERT_UNTRUSTED');
          reject(new CheckFailure('tls', verificationReason(code, serverName ?? host), cert ? { cert } : {}));
          return;
        }
        resolve({ socket, cert });
      });
    }
    return () => socket.destroy();
  });
}
