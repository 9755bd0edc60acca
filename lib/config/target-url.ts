import { CHECK_KINDS, descriptorFor, kindOf, type CheckKindRegistry } from '../../lambdas/core/checks/kinds/registry';
import type { CheckKind, KindSettings } from '../../lambdas/core/types';
import { authorityProblem } from './url-authority';
import { redactUserinfo } from './validators';

/**
 * The check kind follows the URL scheme (as in Gatus); each kind's descriptor reads the rest:
 *   http:// https://          → http
 *   tcp://host:port           → tcp   (port required)
 *   tls://host:port           → tls   (port required)
 *   dns://name?resolver=IP:PORT&type=A|AAAA|CNAME → dns (resolver and type optional; type A)
 * What every URL must be (one line, an authority, no credentials) is checked here first.
 */

export type TargetUrl = { ok: true; kind: CheckKind; host: string; tlsCapable: boolean } & KindSettings;
export type ParsedTargetUrl = TargetUrl | { ok: false; problem: string };

/** The kind's own settings the URL carried (dnsType, dnsResolver …), for the target spec. */
export function kindSettingsOf(url: TargetUrl): KindSettings {
  const { ok: _ok, kind: _kind, host: _host, tlsCapable: _tlsCapable, ...settings } = url;
  return settings;
}

/** "is not an http(s) URL (nor tcp://, tls:// or dns://)": every registered kind, the primary first. */
function notAUrl(value: string, kinds: CheckKindRegistry): string {
  const [primary, ...others] = Object.values(kinds).map((d) => d.label);
  const nor = others.length > 1 ? `${others.slice(0, -1).join(', ')} or ${others.at(-1)}` : (others[0] ?? '');
  const alternatives = nor ? ` (nor ${nor})` : '';
  return `${JSON.stringify(value)} is not an ${primary!.replace(/:\/\/$/, '')} URL${alternatives} — use https://host/path`;
}

export function parseTargetUrl(value: string, kinds: CheckKindRegistry = CHECK_KINDS): ParsedTargetUrl {
  const authority = authorityProblem(value, kinds);
  if (authority) return { ok: false, problem: authority };
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, problem: notAUrl(value, kinds) };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      problem: `${JSON.stringify(redactUserinfo(value))} carries credentials — remove user:password@ and put the credential in secretHeaders`,
    };
  }
  const kind = kindOf(url.href, kinds);
  if (kind === undefined) return { ok: false, problem: notAUrl(value, kinds) };
  const descriptor = descriptorFor(kind, kinds);
  const parsed = descriptor.parseUrl(url, value);
  if (!parsed.ok) return { ok: false, problem: parsed.problem ?? notAUrl(value, kinds) };
  const tlsCapable = descriptor.reportsCertificate({ url: value.trim() });
  return { ok: true, kind, host: parsed.host, tlsCapable, ...parsed.settings };
}
