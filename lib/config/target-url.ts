import type { CheckKind } from '../../lambdas/core/types';
import { authorityProblem } from './url-authority';
import { checkHostPort, normaliseResolver, redactUserinfo } from './validators';

/**
 * The check kind follows the URL scheme (as in Gatus):
 *   http:// https://          → http
 *   tcp://host:port           → tcp   (port required)
 *   tls://host:port           → tls   (port required)
 *   dns://name?resolver=IP:PORT&type=A|AAAA|CNAME → dns (resolver and type optional; type A)
 */

export type DnsType = 'A' | 'AAAA' | 'CNAME';

export type ParsedTargetUrl =
  | { ok: true; kind: CheckKind; host: string; tlsCapable: boolean; dnsType?: DnsType; dnsResolver?: string }
  | { ok: false; problem: string };

const NOT_A_URL = (value: string): string =>
  `${JSON.stringify(value)} is not an http(s) URL (nor tcp://, tls:// or dns://) — use https://host/path`;

// Hostnames of non-special schemes are opaque to the WHATWG parser, so check them ourselves.
const HOSTNAME = /^(?=.{1,253}$)(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV6_LITERAL = /^\[[0-9a-fA-F:.]+\]$/;

function validHost(host: string): boolean {
  return HOSTNAME.test(host) || IPV6_LITERAL.test(host);
}

export function parseTargetUrl(value: string): ParsedTargetUrl {
  const authority = authorityProblem(value);
  if (authority) return { ok: false, problem: authority };
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, problem: NOT_A_URL(value) };
  }
  const scheme = url.protocol.slice(0, -1);
  if (url.username || url.password) {
    return {
      ok: false,
      problem: `${JSON.stringify(redactUserinfo(value))} carries credentials — remove user:password@ and put the credential in secretHeaders`,
    };
  }

  if (scheme === 'http' || scheme === 'https') {
    if (!url.hostname) return { ok: false, problem: NOT_A_URL(value) };
    return { ok: true, kind: 'http', host: url.hostname, tlsCapable: scheme === 'https' };
  }

  if (scheme === 'tcp' || scheme === 'tls') {
    if (!url.hostname || !validHost(url.hostname)) return { ok: false, problem: NOT_A_URL(value) };
    if (!url.port) {
      return {
        ok: false,
        problem: `${JSON.stringify(value)} has no port — write ${scheme}://host:port, e.g. ${scheme}://${url.hostname}:${scheme === 'tls' ? 443 : 5432}`,
      };
    }
    if ((url.pathname !== '' && url.pathname !== '/') || url.search || url.hash) {
      return { ok: false, problem: `${JSON.stringify(value)} has a path or query — a ${scheme}:// target is only ${scheme}://host:port` };
    }
    return { ok: true, kind: scheme, host: url.hostname, tlsCapable: scheme === 'tls' };
  }

  if (scheme === 'dns') {
    if (!url.hostname || !validHost(url.hostname) || IPV6_LITERAL.test(url.hostname)) {
      return { ok: false, problem: `${JSON.stringify(value)} names no host to resolve — write dns://name, e.g. dns://kpu.go.id?type=A` };
    }
    if (url.port || (url.pathname !== '' && url.pathname !== '/') || url.hash) {
      return { ok: false, problem: `${JSON.stringify(value)} has a port or path — write dns://name?resolver=IP:PORT&type=A` };
    }
    let dnsType: DnsType = 'A';
    let dnsResolver: string | undefined;
    for (const [key, raw] of url.searchParams) {
      if (key === 'type') {
        const type = raw.toUpperCase();
        if (type !== 'A' && type !== 'AAAA' && type !== 'CNAME') {
          return { ok: false, problem: `DNS type ${JSON.stringify(raw)} is not supported — use type=A, type=AAAA or type=CNAME` };
        }
        dnsType = type;
      } else if (key === 'resolver') {
        const problem = checkHostPort(raw);
        if (problem) return { ok: false, problem };
        dnsResolver = normaliseResolver(raw);
      } else {
        return { ok: false, problem: `unknown query parameter ${JSON.stringify(key)} in a dns:// URL — only resolver=IP:PORT and type=A|AAAA|CNAME` };
      }
    }
    return { ok: true, kind: 'dns', host: url.hostname, tlsCapable: false, dnsType, ...(dnsResolver ? { dnsResolver } : {}) };
  }

  return { ok: false, problem: NOT_A_URL(value) };
}
