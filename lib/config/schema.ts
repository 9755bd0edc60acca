import { z } from 'zod';
import { formatDuration, parseDuration } from './duration';
import { parseByteSize } from './byte-size';
import { headerNameProblem, headerValueProblem } from '../../lambdas/core/checks/header-guard';
import { DURATION_LIMITS, durationTooLong, formatBytes, MAX_BODY_BYTES_CEILING, type DurationLimit } from './limits';
import { allowedKeysMessage, describeZodIssue, KNOWN_FIELD_NAMES, type PathStep } from './problems';
import {
  checkE164,
  checkEmail,
  checkHttpsUrl,
  checkHttpUrl,
  checkId,
  checkJmesPath,
  checkLabelMatcher,
  checkRegex,
  checkRegion,
  checkTagKey,
  checkTagValue,
  checkTimeZone,
  type Check,
} from './validators';

/**
 * The zod schemas for the YAML file, section by section. They check shapes and single values
 * (types, units, URLs, regexes, JMESPath, e-mail addresses …) and turn durations into ms; the
 * resolvers (targets.ts, alerting.ts, maintenance.ts, capacity.ts) then merge defaults and check
 * what spans several fields. Every object is strict: an unknown key is an error, because a
 * misspelt `timout:` would otherwise be silently ignored.
 */

/** A strict object whose field names feed the "did you mean …?" hint for unknown keys. */
function strict<T extends z.core.$ZodLooseShape>(shape: T) {
  for (const key of Object.keys(shape)) KNOWN_FIELD_NAMES.add(key);
  const allowed = allowedKeysMessage(Object.keys(shape));
  return z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? allowed : undefined) });
}

type Report = (message: string, path?: PathStep[]) => void;

/**
 * A value checked by hand: `fn` reports problems with exact sub-paths (e.g. the 3rd item of a
 * list) instead of zod's generic union messages.
 */
function custom<T>(fn: (value: unknown, report: Report) => T) {
  return z.any().transform((value, ctx): T => {
    let failed = false;
    const out = fn(value, (message, path = []) => {
      failed = true;
      ctx.addIssue({ code: 'custom', message, path, input: value });
    });
    return failed ? (z.NEVER as T) : out;
  });
}

/** Runs a zod schema inside `custom` and forwards its problems with their sub-paths. */
function forward<S extends z.ZodType>(schema: S, value: unknown, report: Report): z.output<S> | undefined {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    for (const p of describeZodIssue(issue)) report(p.message, p.path);
  }
  return undefined;
}

function checked(check: (value: string) => Check) {
  return z.string().superRefine((value, ctx) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  });
}

// ---------------------------------------------------------------------------------------------
// Scalars

export function duration(opts: { min?: number; allowZero?: boolean; max?: DurationLimit } = {}) {
  return custom((value, report) => {
    const parsed = parseDuration(value);
    if (!parsed.ok) {
      report(parsed.problem);
      return 0;
    }
    if (parsed.ms === 0 && !opts.allowZero) report(`${String(value)} is zero — use a positive duration such as 30s`);
    else if (opts.min !== undefined && parsed.ms < opts.min) {
      report(`${String(value)} is below the ${formatDuration(opts.min)} minimum — use ${formatDuration(opts.min)} or more`);
    } else if (opts.max) {
      const problem = durationTooLong(value, parsed.ms, opts.max);
      if (problem) report(problem);
    }
    return parsed.ms;
  });
}

const nonEmpty = z.string().trim().min(1);
const id = checked((v) => checkId(v));
const appId = checked((v) => checkId(v, 'app id'));
const severity = z.enum(['critical', 'high', 'low']);
const wholeNumber = (min: number, max: number) => z.number().int().min(min).max(max);

/** A header / tag value: YAML may type `1` or `true`; both mean the text. */
const scalarText = custom((value, report) => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  report(`expected text, got ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value} — quote the value, e.g. "1"`);
  return '';
});

/** One text or a list of texts → a list. */
function textList(check?: (value: string) => Check) {
  return custom((value, report) => {
    const items = Array.isArray(value) ? value : [value];
    const out: string[] = [];
    items.forEach((item, i) => {
      const at = Array.isArray(value) ? [i] : [];
      if (typeof item !== 'string' || item === '') {
        report(`expected non-empty text, got ${item === null || item === undefined ? 'nothing' : JSON.stringify(item)} — write e.g. "KPU"`, at);
        return;
      }
      const problem = check?.(item);
      if (problem) report(problem, at);
      out.push(item);
    });
    return out;
  });
}

const tagMap = z.record(z.string(), scalarText).superRefine((tags, ctx) => {
  for (const [key, value] of Object.entries(tags)) {
    const problem = checkTagKey(key) ?? checkTagValue(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `${problem}`, path: [key] });
  }
});

/** Literal request headers: only what HTTP/1.1 can carry, never re-encoded (header-guard.ts). */
const headerMap = z.record(z.string(), scalarText).superRefine((headers, ctx) => {
  for (const [name, value] of Object.entries(headers)) {
    const problem = headerNameProblem(name) ?? headerValueProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [name] });
  }
});

/** HTTP status codes: 200, "200-299", or a list of both. */
const statusList = custom((value, report) => {
  const items = Array.isArray(value) ? value : [value];
  const codes = new Set<number>();
  items.forEach((item, i) => {
    const at = Array.isArray(value) ? [i] : [];
    const range = typeof item === 'string' ? /^\s*(\d{3})\s*-\s*(\d{3})\s*$/.exec(item) : null;
    const [from, to] = range ? [Number(range[1]), Number(range[2])] : typeof item === 'number' ? [item, item] : [NaN, NaN];
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 100 || to > 599 || from > to) {
      report(`${JSON.stringify(item)} is not an HTTP status — write a code 100-599 or a range "200-299"`, at);
      return;
    }
    for (let code = from; code <= to; code++) codes.add(code);
  });
  return [...codes].sort((a, b) => a - b);
});

const quorum = custom((value, report): number | null => {
  if (value === 'majority') return null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  report(`${JSON.stringify(value)} is not a quorum — write a whole number of regions ≥ 1, or majority`);
  return null;
});

const byteSize = custom((value, report) => {
  const parsed = parseByteSize(value);
  if (!parsed.ok) report(parsed.problem);
  else if (parsed.bytes > MAX_BODY_BYTES_CEILING) {
    report(`${String(value)} is above the ${formatBytes(MAX_BODY_BYTES_CEILING)} maximum (a kept body becomes one string in a 512 MB Lambda) — use ${formatBytes(MAX_BODY_BYTES_CEILING)} or less; a check needs the start of a body, not all of it`);
  }
  return parsed.ok ? parsed.bytes : 0;
});

/** secretHeaders: the values come from a store at run time, but the names go on the wire as written. */
function secretHeaderMap<V extends z.ZodType>(ref: V) {
  return z.record(z.string(), ref).superRefine((headers, ctx) => {
    for (const name of Object.keys(headers)) {
      const problem = headerNameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [name] });
    }
  });
}

const secretRef = z.union(
  [strict({ ssm: nonEmpty }), strict({ secretsManager: nonEmpty, jsonKey: nonEmpty.optional() })],
  { error: 'expected { ssm: <parameter name> } or { secretsManager: <secret id>, jsonKey: <key> } — e.g. { ssm: /pantau/sirekap/token }' },
);

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
};

export const targetFieldsSchema = strict(targetFieldShape);
export type TargetFields = z.output<typeof targetFieldsSchema>;

export const targetSchema = strict({
  id,
  url: nonEmpty,
  app: appId.optional(),
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
  shardSize: wholeNumber(1, 500).optional(),
  concurrency: wholeNumber(1, 1_000).optional(),
  tags: tagMap.optional(),
  defaults: z.unknown().optional(),
  apps: z.unknown().optional(),
  alerting: z.unknown().optional(),
  maintenance: z.unknown().optional(),
  targets: z.unknown().optional(),
  capacity: z.unknown().optional(),
});

const region = checked(checkRegion);

export const regionsSchema = strict({
  home: region.optional(),
  probes: z.array(region).min(1).optional(),
  controls: z.array(nonEmpty).max(10).optional(),
});

// ---------------------------------------------------------------------------------------------
// Alerting

const topicName = z.enum(['critical', 'warning', 'info']);

export const FILTER_KEYS = ['severity', 'app', 'target', 'kind', 'region'] as const;

const subscription = strict({
  protocol: z.enum(['email', 'sms', 'https']),
  endpoint: nonEmpty,
  filter: z.partialRecord(z.enum(FILTER_KEYS), textList()).optional(),
}).superRefine((s, ctx) => {
  const problem = s.protocol === 'email' ? checkEmail(s.endpoint) : s.protocol === 'sms' ? checkE164(s.endpoint) : checkHttpsUrl(s.endpoint);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['endpoint'] });
});
export type RawSubscription = z.output<typeof subscription>;

const topic = strict({ subscriptions: z.array(subscription).optional() });

export const alertingSchema = strict({
  routes: strict({ critical: topicName.optional(), high: topicName.optional(), low: topicName.optional() }).optional(),
  topics: strict({ critical: topic.optional(), warning: topic.optional(), info: topic.optional() }).optional(),
  // threshold 0 or 1 turns grouping off (every alert goes out on its own).
  storm: strict({ threshold: wholeNumber(0, 10_000).optional(), window: duration({ min: 1_000, max: DURATION_LIMITS.stormWindow }).optional() }).optional(),
  timezone: checked(checkTimeZone).optional(),
});
export type RawAlerting = z.output<typeof alertingSchema>;

// ---------------------------------------------------------------------------------------------
// Maintenance windows

export const maintenanceSchema = strict({
  name: nonEmpty,
  targets: z.array(nonEmpty).optional(),
  apps: z.array(nonEmpty).optional(),
  timezone: checked(checkTimeZone).optional(),
  start: nonEmpty.optional(),
  end: nonEmpty.optional(),
  cron: nonEmpty.optional(),
  weekdays: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).min(1).optional(),
  at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'is not a time of day — write "HH:MM" in 24-hour form, e.g. "02:00"' }).optional(),
  duration: duration({ min: 60_000 }).optional(),
});
export type RawMaintenance = z.output<typeof maintenanceSchema>;

// ---------------------------------------------------------------------------------------------
// Capacity

const capacityUnit = z.enum(['bytes', 'percent', 'cores', 'bps', 'watts', 'units']);
const promMetricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, {
  error: 'is not a Prometheus metric name — use letters, digits, _ and :, e.g. node_memory_MemTotal_bytes',
});
const labelMatchers = z.record(z.string(), custom((value, report) => {
  const text = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
  if (typeof text !== 'string') {
    report(`expected a label value or ~regex, got ${JSON.stringify(value)} — e.g. mountpoint: / or fstype: "~^(ext4|xfs)$"`);
    return '';
  }
  const problem = checkLabelMatcher(text);
  if (problem) report(problem);
  return text;
}));

const selectorObject = strict({
  metric: promMetricName,
  labels: labelMatchers.optional(),
  notLabels: labelMatchers.optional(),
  aggregate: z.enum(['sum', 'max', 'min', 'avg']).optional(),
  scale: z.number().positive().optional(),
});

/** A selector: `metric_name` shorthand or { metric, labels, notLabels, aggregate, scale }. */
const promSelector = z.preprocess((v) => (typeof v === 'string' ? { metric: v } : v), selectorObject);

const promTotal = custom((value, report) => {
  if (typeof value === 'number') {
    if (!(value > 0)) report(`${value} is not a positive total — write the capacity, e.g. 10000000000 for a 10 Gbit/s link`);
    return value;
  }
  return forward(promSelector, value, report);
});

const promResource = strict({
  name: nonEmpty,
  unit: capacityUnit,
  used: promSelector.optional(),
  free: promSelector.optional(),
  total: promTotal,
  rate: z.boolean().optional(),
});

const jsonResource = strict({
  name: nonEmpty,
  unit: capacityUnit,
  used: checked(checkJmesPath).optional(),
  free: checked(checkJmesPath).optional(),
  total: custom((value, report) => {
    if (typeof value === 'number') {
      if (!(value > 0)) report(`${value} is not a positive total — write a number or a JMESPath expression such as capacity.total`);
      return value;
    }
    if (typeof value !== 'string') {
      report(`expected a number or a JMESPath expression, got ${JSON.stringify(value ?? null)} — e.g. total: capacity.total`);
      return 0;
    }
    const problem = checkJmesPath(value);
    if (problem) report(problem);
    return value;
  }),
});

const cloudWatchResource = strict({
  name: nonEmpty,
  unit: capacityUnit,
  namespace: nonEmpty,
  metric: nonEmpty,
  dimensions: z.record(z.string(), scalarText).optional(),
  stat: z.string().regex(/^(Average|Sum|Minimum|Maximum|SampleCount|[pP]\d{1,2}(\.\d+)?|(tm|wm|tc|ts|TM|WM|TC|TS)\d{1,2}(\.\d+)?|IQM)$/, {
    error: 'is not a CloudWatch statistic — use Average, Sum, Minimum, Maximum, SampleCount or a percentile such as p99',
  }).optional(),
  meaning: z.enum(['used', 'free']).optional(),
  total: z.number().positive(),
  period: duration({ min: 1_000, max: DURATION_LIMITS.cloudwatchPeriod }).optional(),
});

export const capacitySourceSchema = z.discriminatedUnion('type', [
  strict({
    type: z.literal('prometheus'),
    url: checked(checkHttpUrl),
    preset: z.enum(['node-exporter']).optional(),
    linkSpeedBps: z.number().positive().optional(),
    resources: z.array(promResource).optional(),
  }),
  strict({
    type: z.literal('http-json'),
    url: checked(checkHttpUrl),
    headers: headerMap.optional(),
    secretHeaders: secretHeaderMap(secretRef).optional(),
    resources: z.array(jsonResource).min(1),
  }),
  strict({
    type: z.literal('cloudwatch'),
    region: region.optional(),
    resources: z.array(cloudWatchResource).min(1),
  }),
]);
export type RawCapacitySource = z.output<typeof capacitySourceSchema>;

export const capacitySchema = strict({
  site: checked((v) => checkId(v, 'site name')),
  id: checked((v) => (/^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/.test(v) ? null : `${JSON.stringify(v)} is not a valid id — use letters, digits, ".", "_", "/" or "-"`)).optional(),
  interval: duration({ min: 1_000, max: DURATION_LIMITS.capacityInterval }).optional(),
  timeout: duration({ max: DURATION_LIMITS.timeout }).optional(),
  severity: severity.optional(),
  warnPct: z.number().gt(0).lt(100).optional(),
  criticalPct: z.number().gt(0).max(100).optional(),
  forecastHours: z.number().positive().optional(),
  forecastAlerts: z.enum(['storage', 'all', 'none']).optional(),
  lookback: duration({ min: 60_000, max: DURATION_LIMITS.lookback }).optional(),
  source: capacitySourceSchema,
});
export type RawCapacity = z.output<typeof capacitySchema>;
