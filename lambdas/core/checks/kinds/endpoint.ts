import { isIP } from 'node:net';
import type { ProbeMetricName } from '../../metrics';
import type { ParsedKindUrl } from './descriptor';

/** What the kinds that open a connection to a host (http, tcp, tls) and dns share. */

// Hostnames of non-special schemes are opaque to the WHATWG parser, so check them ourselves.
const HOSTNAME = /^(?=.{1,253}$)(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV6_LITERAL = /^\[[0-9a-fA-F:.]+\]$/;

export function isIpv6Literal(host: string): boolean {
  return IPV6_LITERAL.test(host);
}

export function validHost(host: string): boolean {
  return HOSTNAME.test(host) || isIpv6Literal(host);
}

/** `scheme://host:port` and nothing else: the URL of a kind that only opens a connection. */
export function parseHostPortUrl(url: URL, written: string, examplePort: number): ParsedKindUrl {
  const scheme = url.protocol.slice(0, -1);
  if (!url.hostname || !validHost(url.hostname)) return { ok: false };
  if (!url.port) {
    return {
      ok: false,
      problem: `${JSON.stringify(written)} has no port — write ${scheme}://host:port, e.g. ${scheme}://${url.hostname}:${examplePort}`,
    };
  }
  if ((url.pathname !== '' && url.pathname !== '/') || url.search || url.hash) {
    return { ok: false, problem: `${JSON.stringify(written)} has a path or query — a ${scheme}:// target is only ${scheme}://host:port` };
  }
  return { ok: true, host: url.hostname, settings: {} };
}

/**
 * The phases of opening a connection: DnsMs unless the host is an IP literal (no lookup),
 * ConnectMs always, TlsMs when the connection is TLS.
 */
export function connectionMetrics(url: string, tls: boolean): ProbeMetricName[] {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return [...(isIP(host) === 0 ? (['DnsMs'] as const) : []), 'ConnectMs', ...(tls ? (['TlsMs'] as const) : [])];
}
