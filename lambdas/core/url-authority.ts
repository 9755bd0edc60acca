import { CHECK_KINDS, usualPortOf, type CheckKindRegistry } from './checks/kinds/registry';

/**
 * What the WHATWG URL parser forgives but a monitor must not: it reads `http:///path` as host
 * "path", `http:/x` and `http:x` as host "x", drops tabs and newlines, and throws one generic
 * error for port 65536. Checked on the text as written, before `new URL`, so each of those is
 * refused with what is actually wrong.
 */

const SCHEME_AND_AUTHORITY = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/)?([^/?#\\]*)/;

/**
 * A usable port is 1–65535; the fix shows the scheme's usual service port. Only schemes a check
 * kind takes are checked here: the caller's own "is not a URL" lists those.
 */
export function authorityProblem(value: string, kinds: CheckKindRegistry = CHECK_KINDS): string | null {
  const text = value.trim();
  // eslint-disable-next-line no-control-regex -- a URL with a control character is what this looks for.
  const control = /[\u0000-\u001f\u007f]/.exec(text);
  if (control) {
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return `${JSON.stringify(value)} has a control character (${code}) at ${control.index} — remove it (a URL is one line without tabs)`;
  }
  const m = SCHEME_AND_AUTHORITY.exec(text);
  if (!m) return null; // not scheme:…; the caller's own "is not a URL" says so
  const scheme = m[1]!.toLowerCase();
  const usualPort = usualPortOf(scheme, kinds);
  if (usualPort === undefined) return null;
  if (!m[2]) return `${JSON.stringify(value)} has no // after ${scheme}: — write ${scheme}://host/path`;
  const authority = m[3]!.replace(/^.*@/, '');
  const hostPort = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(authority);
  const host = hostPort?.[1] ?? '';
  const port = hostPort?.[2];
  if (host === '') {
    const rest = scheme.startsWith('http') ? '/' : '';
    return `${JSON.stringify(value)} has no host — write ${scheme}://host${port ? `:${port}` : ''}${rest}, e.g. ${scheme}://www.kpu.go.id${port ? `:${port}` : ''}${rest}`;
  }
  if (port !== undefined && port !== '') {
    const fix = `use the service's port, e.g. ${scheme}://${host}:${usualPort}`;
    if (!/^\d+$/.test(port)) return `port ${JSON.stringify(port)} is not a number — ${fix}`;
    const n = Number(port);
    if (n < 1 || n > 65535) return `port ${port} is outside 1–65535 — ${fix}`;
  }
  return null;
}
