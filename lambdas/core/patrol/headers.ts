import type { FindingKind } from './finding';
import { finding, type JudgeOutcome } from './state';

/**
 * Security headers of an HTML response: the ones a browser needs to refuse downgrades, framing,
 * MIME sniffing and injected scripts, and the banners that tell an attacker which version to
 * exploit. Low severity: digest findings, never pages.
 */

type Headers = Record<string, string | string[] | undefined>;

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

/** A banner carries a version when it has a number after a name: "nginx/1.18.0", "PHP/7.4.3", "Apache 2.4". */
const VERSIONED = /[A-Za-z][\w.-]*[/ ]v?\d+(?:\.\d+)+/;

export function judgeHeaders(headers: Headers, https: boolean): JudgeOutcome<never> {
  const judged: FindingKind[] = ['missing_security_header', 'version_leak'];
  const findings = [];
  const contentType = header(headers, 'content-type') ?? '';
  const html = contentType === '' || /html/i.test(contentType);
  const csp = header(headers, 'content-security-policy') ?? '';
  const missing: string[] = [];
  if (https && !/max-age=\s*[1-9]/i.test(header(headers, 'strict-transport-security') ?? '')) missing.push('Strict-Transport-Security');
  if (html) {
    if (!csp) missing.push('Content-Security-Policy');
    if (!/nosniff/i.test(header(headers, 'x-content-type-options') ?? '')) missing.push('X-Content-Type-Options');
    if (!header(headers, 'x-frame-options') && !/frame-ancestors/i.test(csp)) missing.push('X-Frame-Options (or CSP frame-ancestors)');
  }
  if (missing.length > 0) findings.push(finding('missing_security_header', `missing ${missing.join(', ')}`, undefined, 'digest'));
  const leaks = ['server', 'x-powered-by', 'x-aspnet-version', 'x-generator']
    .map((name) => [name, header(headers, name)] as const)
    .filter(([, value]) => value !== undefined && VERSIONED.test(value))
    .map(([name, value]) => `${name}: ${value!.slice(0, 60)}`);
  if (leaks.length > 0) findings.push(finding('version_leak', leaks.join('; '), undefined, 'digest'));
  return { judged, findings, notes: [] };
}
