import { z } from 'zod';
import type { StatusPageConfig } from '../../lambdas/core/status/types';
import { DEFAULT_STATUS_PAGE } from '../../lambdas/core/status/defaults';
import type { Problems } from './problems';
import { appId, checked, nonEmpty, strict } from './schema-kit';

/**
 * `statusPage:` and `apps.<app>.displayName`: the public status page. Every app is on it unless
 * listed in `hide`; `statusPage: false` deploys no page at all.
 */

const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
/** CloudFront takes certificates from us-east-1 only, whatever the stack's region. */
const CERTIFICATE_ARN = /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/;

const statusPageSchema = z.union([
  z.literal(false),
  strict({
    enabled: z.boolean().optional(),
    hide: z.array(appId).optional(),
    title: nonEmpty.max(80).optional(),
    domain: checked((v) => (HOST.test(v) ? null : `${JSON.stringify(v)} is not a host name — write it lower-case without https://, e.g. status.kpu.go.id`)).optional(),
    certificateArn: checked((v) =>
      CERTIFICATE_ARN.test(v)
        ? null
        : `${JSON.stringify(v)} is not an ACM certificate ARN in us-east-1 — CloudFront only uses certificates from us-east-1: request one there, e.g. arn:aws:acm:us-east-1:123456789012:certificate/…`,
    ).optional(),
  }),
]);

const displayName = nonEmpty.max(60);

/** The fields of an `apps.<app>:` block that belong to the status page, not to its targets. */
export const APP_STATUS_FIELDS = ['displayName'] as const;

/** An `apps.<app>:` block without the status page's fields, for the target-level parser. */
export function withoutStatusFields(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const rest: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const field of APP_STATUS_FIELDS) delete rest[field];
  return rest;
}

/** The page's settings; undefined when the config says nothing about it (the default page: every app, by id). */
export function resolveStatusPage(raw: unknown, rawApps: unknown, apps: Set<string>, problems: Problems): StatusPageConfig | undefined {
  const displayNames = resolveDisplayNames(rawApps, problems);
  if (raw === undefined || raw === null) return Object.keys(displayNames).length > 0 ? { ...DEFAULT_STATUS_PAGE, displayNames } : undefined;
  const parsed = statusPageSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    problems.addZod(['statusPage'], parsed.error);
    return { ...DEFAULT_STATUS_PAGE, displayNames };
  }
  if (parsed.data === false) return { ...DEFAULT_STATUS_PAGE, enabled: false, displayNames };
  const { enabled, hide = [], title, domain, certificateArn } = parsed.data;
  hide.forEach((app, i) => {
    if (!apps.has(app)) {
      problems.add(['statusPage', 'hide', i], `${JSON.stringify(app)} is not an app of any target — use one of ${[...apps].sort().join(', ')}`);
    }
  });
  if (domain && !certificateArn) {
    problems.add(['statusPage', 'domain'], 'needs certificateArn too — add certificateArn: the ARN of an ACM certificate for this name in us-east-1');
  }
  if (certificateArn && !domain) {
    problems.add(['statusPage', 'certificateArn'], 'is used only with a domain — add domain: the name the certificate covers, e.g. status.kpu.go.id');
  }
  return {
    enabled: enabled ?? true,
    hide,
    displayNames,
    ...(title ? { title } : {}),
    ...(domain ? { domain } : {}),
    ...(certificateArn ? { certificateArn } : {}),
  };
}

function resolveDisplayNames(rawApps: unknown, problems: Problems): Record<string, string> {
  if (rawApps === null || typeof rawApps !== 'object' || Array.isArray(rawApps)) return {};
  const names: Record<string, string> = {};
  for (const [app, block] of Object.entries(rawApps as Record<string, unknown>)) {
    if (block === null || typeof block !== 'object' || !('displayName' in block)) continue;
    const parsed = displayName.safeParse((block as Record<string, unknown>).displayName);
    if (parsed.success) names[app] = parsed.data;
    else problems.add(['apps', app, 'displayName'], 'must be a name of 1 to 60 characters, as the public knows the app — e.g. displayName: Sirekap');
  }
  return names;
}
