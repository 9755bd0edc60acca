import { isIP } from 'node:net';
import type { KindSettings } from '../../types';
import { dnsCheck } from '../dns';
import type { CheckKindDescriptor, ParsedKindUrl } from './descriptor';
import { isIpv6Literal, validHost } from './endpoint';

type DnsType = NonNullable<KindSettings['dnsType']>;

/** `resolver=` must be an IP literal with an optional port: the check asks that server itself. */
export function resolverProblem(value: string): string | null {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+))(?::(\d{1,5}))?$/.exec(value);
  const ip = m?.[1] ?? m?.[2];
  const port = m?.[3] === undefined ? 53 : Number(m[3]);
  if (!m || !ip || isIP(ip) === 0 || (m[1] !== undefined && isIP(ip) !== 6)) {
    return `resolver ${JSON.stringify(value)} is not IP:PORT — write e.g. resolver=10.0.0.2:53 or resolver=[::1]:5353`;
  }
  if (port < 1 || port > 65535) return `resolver port ${m[3]} is outside 1–65535 — use the resolver's port, e.g. resolver=${m[1] !== undefined ? `[${ip}]` : ip}:53`;
  return null;
}

/** `1.2.3.4` → `1.2.3.4:53`, `[::1]` → `[::1]:53`, `[::1]:5353` stays. */
export function normaliseResolver(value: string): string {
  return /:\d+$/.test(value) && !/^[0-9a-fA-F:]+$/.test(value) ? value : `${value}:53`;
}

/** `?type=A|AAAA|CNAME&resolver=IP[:PORT]`, nothing else. */
function dnsSettings(params: URLSearchParams): { settings: KindSettings } | { problem: string } {
  let dnsType: DnsType = 'A';
  let dnsResolver: string | undefined;
  for (const [key, raw] of params) {
    if (key === 'type') {
      const type = raw.toUpperCase();
      if (type !== 'A' && type !== 'AAAA' && type !== 'CNAME') {
        return { problem: `DNS type ${JSON.stringify(raw)} is not supported — use type=A, type=AAAA or type=CNAME` };
      }
      dnsType = type;
    } else if (key === 'resolver') {
      const problem = resolverProblem(raw);
      if (problem) return { problem };
      dnsResolver = normaliseResolver(raw);
    } else {
      return { problem: `unknown query parameter ${JSON.stringify(key)} in a dns:// URL — only resolver=IP:PORT and type=A|AAAA|CNAME` };
    }
  }
  return { settings: { dnsType, ...(dnsResolver ? { dnsResolver } : {}) } };
}

function parseDnsUrl(url: URL, written: string): ParsedKindUrl {
  if (!url.hostname || !validHost(url.hostname) || isIpv6Literal(url.hostname)) {
    return { ok: false, problem: `${JSON.stringify(written)} names no host to resolve — write dns://name, e.g. dns://kpu.go.id?type=A` };
  }
  if (url.port || (url.pathname !== '' && url.pathname !== '/') || url.hash) {
    return { ok: false, problem: `${JSON.stringify(written)} has a port or path — write dns://name?resolver=IP:PORT&type=A` };
  }
  const read = dnsSettings(url.searchParams);
  return 'problem' in read ? { ok: false, problem: read.problem } : { ok: true, host: url.hostname, settings: read.settings };
}

/** dns://name?resolver=IP:PORT&type=A|AAAA|CNAME: one query, its answers checked against expect.values. */
export const dnsKind: CheckKindDescriptor = {
  schemes: { dns: 53 },
  label: 'dns://',
  parseUrl: parseDnsUrl,
  configFields: [],
  expectFields: ['maxLatencyMs', 'warnLatencyMs', 'values', 'allow'],
  reportsCertificate: () => false,
  metricNames: () => ['DnsMs'],
  async run(target, _input, ctx) {
    return { answers: await dnsCheck(target, ctx) };
  },
};
