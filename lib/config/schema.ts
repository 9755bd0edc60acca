import { z } from 'zod';
import { LOG_RETENTION_DAYS } from '../../lambdas/contracts/defaults';
import { DURATION_LIMITS } from './limits';
import { runbookUrl } from './contact-schema';
import { checkJmesPath, checkRegex, checkRegion } from './validators';
import { certPlanFields, dnsAllowList, patrolBlock } from './patrol-schema';
import { strict, custom, forward, checked, duration, nonEmpty, id, appId, severity, wholeNumber, textList, tagMap, headerMap, statusList, quorum, byteSize, secretHeaderMap, secretRef } from './schema-kit';

/** The target, defaults, apps, regions and top-level schemas; the other sections live beside it and are re-exported here. */
export { duration } from './schema-kit';
export * from './alerting-schema';
export * from './capacity-schema';
export * from './slo-schema';

const tlsOptions = strict({
  /** Path to a PEM file of extra CA certificates, relative to the config file. */
  ca: nonEmpty.optional(),
  insecureSkipVerify: z.boolean().optional(),
  /** Sent as SNI and verified against the certificate: a DNS name in ASCII (IDNs as punycode). */
  serverName: checked((v) =>
    /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\.?$/.test(v)
      ? null
      : `${JSON.stringify(v)} is not a host name TLS can send — use letters, digits, "-" and "." (an international name as punycode, xn--…), e.g. sirekap.internal`,
  ).optional(),
  ...certPlanFields,
});

const jsonAssertion = strict({
  path: checked(checkJmesPath),
  equals: z.unknown().optional(),
  exists: z.boolean().optional(),
  matches: checked(checkRegex).optional(),
}).superRefine((a, ctx) => {
  const given = (['equals', 'exists', 'matches'] as const).filter((k) => k in a);
  if (given.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message: given.length === 0
        ? 'says nothing about the value — add one of equals, exists or matches'
        : `has ${given.join(' and ')} — use exactly one of equals, exists or matches per assertion`,
    });
  }
});

/** The long form of `expect.body`: keywords and regexes that must (not) be in the body. */
const bodyChecks = strict({
  contains: textList().optional(),
  notContains: textList().optional(),
  matches: textList(checkRegex).optional(),
  notMatches: textList(checkRegex).optional(),
});

/**
 * `expect.body`: a keyword or a list of keywords that must all appear (the common case, as in
 * Gatus and Uptime Kuma), or `{ contains, notContains, matches, notMatches }`. It folds into
 * bodyContains / bodyNotContains / bodyMatches / bodyNotMatches, which may also be written directly.
 */
const bodyShorthand = custom((value, report) => {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return forward(bodyChecks, value, report) ?? {};
  if (typeof value !== 'string' && !Array.isArray(value)) {
    report(`expected a keyword, a list of keywords or { contains, notContains, matches, notMatches }, got ${JSON.stringify(value ?? null)} — e.g. body: KPU`);
    return {};
  }
  return { contains: forward(textList(), value, report) ?? [] };
});

export function foldBody<T extends { body?: z.output<typeof bodyChecks>; bodyContains?: string[]; bodyNotContains?: string[]; bodyMatches?: string[]; bodyNotMatches?: string[] }>(
  e: T,
): Omit<T, 'body'> {
  const { body, ...rest } = e;
  if (!body) return rest;
  const join = (a: string[] | undefined, b: string[] | undefined) => (a || b ? [...(a ?? []), ...(b ?? [])] : undefined);
  const folded = {
    bodyContains: join(rest.bodyContains, body.contains),
    bodyNotContains: join(rest.bodyNotContains, body.notContains),
    bodyMatches: join(rest.bodyMatches, body.matches),
    bodyNotMatches: join(rest.bodyNotMatches, body.notMatches),
  };
  return { ...rest, ...Object.fromEntries(Object.entries(folded).filter(([, v]) => v !== undefined)) };
}

/**
 * `expect.json`: a list of `{ path, equals | exists | matches }`, or the short map form
 * `{ <path>: <value> }` where each value must equal what the path selects.
 */
const jsonAssertions = custom((value, report) => {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const list = Object.entries(value).map(([path, equals]) => ({ path, equals }));
    const parsed = forward(z.array(jsonAssertion), list, (message, at = []) =>
      report(message, typeof at[0] === 'number' ? [list[at[0]]!.path, ...at.slice(2)] : at),
    );
    return parsed ?? [];
  }
  return forward(z.array(jsonAssertion), value, report) ?? [];
});

const expectation = strict({
  status: statusList.optional(),
  body: bodyShorthand.optional(),
  bodyContains: textList().optional(),
  bodyNotContains: textList().optional(),
  bodyMatches: textList(checkRegex).optional(),
  bodyNotMatches: textList(checkRegex).optional(),
  json: jsonAssertions.optional(),
  headers: z.record(z.string(), custom((value, report) => {
    const text = value === null ? '' : typeof value === 'string' ? value : undefined;
    if (text === undefined) report(`expected a regex as text ('' = header present), got ${JSON.stringify(value)} — quote it`);
    else {
      const problem = checkRegex(text);
      if (problem) report(problem);
    }
    return text ?? '';
  })).optional(),
  maxLatencyMs: z.number().positive().optional(),
  warnLatencyMs: z.number().positive().optional(),
  minCertDays: z.number().min(0).optional(),
  warnCertDays: z.number().min(0).optional(),
  values: textList().optional(),
  allow: dnsAllowList.optional(),
});

// ---------------------------------------------------------------------------------------------
// Targets, defaults, apps

/**
 * Intermittent failures: `{ of, atLeast, then, warnAtLeast }` (merged key by key across
 * defaults / app / target), or `off` / `false` to judge only failures in a row.
 */
const failureRate = z.union([
  z.literal(false),
  z.literal('off'),
  strict({
    of: wholeNumber(2, 100).optional(),
    atLeast: wholeNumber(2, 100).optional(),
    then: z.enum(['down', 'degraded']).optional(),
    warnAtLeast: wholeNumber(0, 100).optional(),
  }),
]);

/** Fields a target may set, and `defaults:` / `apps.<id>:` may set for many targets. */
const targetFieldShape = {
  interval: duration({ min: 1_000, max: DURATION_LIMITS.interval }).optional(),
  timeout: duration({ max: DURATION_LIMITS.timeout }).optional(),
  severity: severity.optional(),
  owner: nonEmpty.optional(),
  runbook: runbookUrl.optional(),
  tags: tagMap.optional(),
  metrics: z.enum(['app', 'detailed']).optional(),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).optional(),
  headers: headerMap.optional(),
  secretHeaders: secretHeaderMap(secretRef).optional(),
  body: z.string().optional(),
  maxRedirects: wholeNumber(0, 20).optional(),
  maxBodyBytes: byteSize.optional(),
  tls: tlsOptions.optional(),
  expect: expectation.optional(),
  failureThreshold: wholeNumber(1, 100).optional(),
  successThreshold: wholeNumber(1, 100).optional(),
  renotifyMinutes: wholeNumber(0, 10_080).optional(),
  quorum: quorum.optional(),
  flapping: strict({ transitions: wholeNumber(2, 1_000).optional(), window: duration({ min: 1_000, max: DURATION_LIMITS.flappingWindow }).optional() }).optional(),
  freshness: duration({ min: 1_000, max: DURATION_LIMITS.freshness }).optional(),
  failureRate: failureRate.optional(),
  patrol: patrolBlock.optional(),
};

export const targetFieldsSchema = strict(targetFieldShape);
export type TargetFields = z.output<typeof targetFieldsSchema>;

export const targetSchema = strict({
  id,
  url: nonEmpty,
  app: appId.optional(),
  /** Reached only inside the VPC (implied for private addresses and `vpc.privateZones` names). */
  private: z.boolean().optional(),
  /** The URL follows a naming rule but was never seen answering (the generated regional catalogue). */
  unconfirmed: z.boolean().optional(),
  ...targetFieldShape,
});
export type RawTarget = z.output<typeof targetSchema>;

export const appsSchema = z.record(appId, z.unknown());

// ---------------------------------------------------------------------------------------------
// Top level

export const topLevelSchema = strict({
  project: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,31}$/, {
    error: 'is not a valid project name — use up to 32 letters, digits and "-", starting with a letter (it prefixes stack names)',
  }).optional(),
  regions: z.unknown().optional(),
  metricsNamespace: z.string().regex(/^(?!AWS\/)[A-Za-z0-9_.\-/#:]{1,255}$/, {
    error: 'is not a usable CloudWatch namespace — use letters, digits and . - _ / # : (not starting with AWS/), e.g. Pantau',
  }).optional(),
  historyDays: wholeNumber(1, 3_650).optional(),
  historySampleMinutes: wholeNumber(1, 1_440).optional(),
  logRetentionDays: z.union(LOG_RETENTION_DAYS.map((days) => z.literal(days)), {
    error: `is not a CloudWatch Logs retention — use one of ${LOG_RETENTION_DAYS.join(', ')} (days)`,
  }).optional(),
  shardSize: wholeNumber(1, 500).optional(),
  concurrency: wholeNumber(1, 1_000).optional(),
  tags: tagMap.optional(),
  defaults: z.unknown().optional(),
  apps: z.unknown().optional(),
  alerting: z.unknown().optional(),
  maintenance: z.unknown().optional(),
  targets: z.unknown().optional(),
  capacity: z.unknown().optional(),
  vpc: z.unknown().optional(),
  slo: z.unknown().optional(),
  oncall: z.unknown().optional(),
  statusPage: z.unknown().optional(),
});

const region = checked(checkRegion);

export const regionsSchema = strict({
  home: region.optional(),
  probes: z.array(region).min(1).optional(),
  controls: z.array(nonEmpty).max(10).optional(),
});

