import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AlertRules, FailureRate } from '../../lambdas/core/config';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_REDIRECTS,
  type CheckKind,
  type Expectation,
  type TargetSpec,
  type TlsOptions,
} from '../../lambdas/core/types';
import { formatDuration } from './duration';
import { type Path, Problems } from './problems';
import { appsSchema, foldBody, targetFieldsSchema, targetSchema, type RawTarget, type TargetFields } from './schema';
import { parseLenient } from './lenient-parse';
import { parseTargetUrl } from './target-url';
import { looksSecret, secretHeaderFix } from './validators';
import { bodyMemoryProblem } from './limits';

/**
 * Targets: built-in defaults < `defaults:` < `apps.<app>:` < the target itself. Maps (tags,
 * headers, secretHeaders, expect, tls, flapping) merge key by key; everything else is replaced.
 */

export const TARGET_DEFAULTS = {
  intervalMs: 60_000,
  /** The default timeout, capped at half the interval so `interval: 1s` works without a timeout. */
  timeoutMs: 10_000,
  severity: 'high',
  metrics: 'app',
  method: 'GET',
  maxRedirects: DEFAULT_MAX_REDIRECTS,
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  failureThreshold: 3,
  successThreshold: 2,
  renotifyMinutes: 30,
  /** freshness = this × interval unless set. */
  freshnessIntervals: 3,
  flapping: { transitions: 6, windowMs: 30 * 60_000 },
  /** Intermittent failures: 5 failed of a region's last 10 checks → DOWN, 3 → DEGRADED. */
  failureRate: { of: 10, atLeast: 5, then: 'down', warnAtLeast: 3 },
} as const;

/** One level of settings (defaults, an app, a target) with where it sits in the file. */
interface Level {
  fields: TargetFields;
  path: Path;
  /** PEM read from `tls.ca` at this level. */
  caPem?: string;
}

export interface TargetsInput {
  rawDefaults: unknown;
  rawApps: unknown;
  rawTargets: unknown;
  /** Probe regions, when the regions section is valid (for the quorum check). */
  regions: string[] | undefined;
  /** Folder `tls.ca` paths are relative to (the config file's). */
  baseDir: string;
  /** Top-level concurrency and shardSize: how many bodies one probe Lambda may hold at once. */
  inFlight?: { concurrency: number; shardSize: number };
}

const MERGED_MAPS = ['tags', 'headers', 'secretHeaders', 'expect', 'tls', 'flapping', 'failureRate'] as const;

/** Expectation fields each check kind can evaluate. */
type ExpectField = keyof Expectation | 'body';

const EXPECT_BY_KIND: Record<CheckKind, ReadonlySet<ExpectField>> = {
  http: new Set<ExpectField>([
    'status', 'body', 'bodyContains', 'bodyNotContains', 'bodyMatches', 'bodyNotMatches', 'json', 'headers',
    'maxLatencyMs', 'warnLatencyMs', 'minCertDays', 'warnCertDays',
  ]),
  tls: new Set<ExpectField>(['maxLatencyMs', 'warnLatencyMs', 'minCertDays', 'warnCertDays']),
  tcp: new Set<ExpectField>(['maxLatencyMs', 'warnLatencyMs']),
  dns: new Set<ExpectField>(['maxLatencyMs', 'warnLatencyMs', 'values']),
};

/** Request fields only an http(s) check uses. */
const HTTP_ONLY = ['method', 'headers', 'secretHeaders', 'body', 'maxRedirects', 'maxBodyBytes'] as const;

export function resolveTargets(input: TargetsInput, problems: Problems): TargetSpec[] {
  const defaults = parseLevel(input.rawDefaults ?? {}, ['defaults'], input, problems);
  const apps = parseApps(input.rawApps, input, problems);

  if (input.rawTargets === undefined || input.rawTargets === null) return [];
  if (!Array.isArray(input.rawTargets)) {
    problems.add(['targets'], 'expected a list of targets — write targets: [{ id: kpu-www, url: https://www.kpu.go.id/ }]');
    return [];
  }
  const rawTargets: unknown[] = input.rawTargets;
  reportDuplicateIds(rawTargets, problems);
  reportUnusedApps(rawTargets, apps, problems);

  const specs: TargetSpec[] = [];
  rawTargets.forEach((raw, i) => {
    const path = ['targets', i];
    if (typeof raw === 'string') {
      problems.add(path, `${JSON.stringify(raw)} is a bare value — write a target as { id: <name>, url: ${raw} }`);
      return;
    }
    const parsed = parseLenient(targetSchema, raw, path, problems);
    if (!parsed) return;
    const spec = resolveTarget(parsed.data, parsed.dropped, path, defaults, apps, input, problems);
    if (spec) specs.push(spec);
  });
  return specs;
}

function parseApps(rawApps: unknown, input: TargetsInput, problems: Problems): Map<string, Level> {
  const apps = new Map<string, Level>();
  if (rawApps === undefined) return apps;
  const parsed = appsSchema.safeParse(rawApps, { reportInput: true });
  if (!parsed.success) {
    problems.addZod(['apps'], parsed.error);
    return apps;
  }
  for (const [app, raw] of Object.entries(parsed.data)) {
    const level = parseLevel(raw ?? {}, ['apps', app], input, problems);
    if (level) apps.set(app, level);
  }
  return apps;
}

/** Parses `defaults:` or one `apps.<id>:` block and checks what can be checked at that level. */
function parseLevel(raw: unknown, path: Path, input: TargetsInput, problems: Problems): Level | undefined {
  const parsed = parseLenient(targetFieldsSchema, raw, path, problems);
  if (!parsed) return undefined;
  return checkLevel({ fields: parsed.data, path }, path[0] === 'defaults' ? 'defaults' : String(path[1]), input, problems);
}

/** Checks shared by every level: inline secrets, the CA file, quorum against the regions. */
function checkLevel(level: Level, owner: string, input: TargetsInput, problems: Problems): Level {
  const { fields, path } = level;
  for (const [name, value] of Object.entries(fields.headers ?? {})) {
    if (looksSecret(name, value)) problems.add([...path, 'headers', name], secretHeaderFix(name, owner));
    if (fields.secretHeaders?.[name]) {
      problems.add([...path, 'headers', name], `is also in secretHeaders — keep ${name} in one of them`);
    }
  }
  if (fields.tls?.ca) {
    const caPem = readCa(fields.tls.ca, [...path, 'tls', 'ca'], input.baseDir, problems);
    if (caPem) level.caPem = caPem;
  }
  if (typeof fields.quorum === 'number' && input.regions && fields.quorum > input.regions.length) {
    const n = input.regions.length;
    problems.add(
      [...path, 'quorum'],
      `${fields.quorum} is more than the ${n} probe region${n === 1 ? '' : 's'} (${input.regions.join(', ')}) — lower quorum to ≤ ${n} or add regions.probes`,
    );
  }
  return level;
}

function readCa(file: string, path: Path, baseDir: string, problems: Problems): string | undefined {
  const full = resolve(baseDir, file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problems.add(path, `cannot read ${JSON.stringify(file)} (${code === 'ENOENT' ? `no such file: ${full}` : code ?? 'error'}) — give a PEM file path relative to the config file`);
    return undefined;
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    problems.add(path, `${JSON.stringify(file)} holds no PEM certificate (no -----BEGIN CERTIFICATE----- line) — point tls.ca at the CA bundle in PEM form`);
    return undefined;
  }
  return text;
}

function reportDuplicateIds(rawTargets: unknown[], problems: Problems): void {
  const firstIndex = new Map<string, number>();
  rawTargets.forEach((raw, i) => {
    const id = (raw as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    const first = firstIndex.get(id);
    if (first === undefined) firstIndex.set(id, i);
    else problems.add(['targets', i, 'id'], `${JSON.stringify(id)} is already used by targets[${first}] — give every target a unique id`);
  });
}

function reportUnusedApps(rawTargets: unknown[], apps: Map<string, Level>, problems: Problems): void {
  const used = new Set<string>();
  for (const raw of rawTargets) {
    const t = raw as { id?: unknown; app?: unknown } | null;
    const app = typeof t?.app === 'string' ? t.app : t?.id;
    if (typeof app === 'string') used.add(app);
  }
  for (const app of apps.keys()) {
    if (!used.has(app)) {
      problems.add(['apps', app], `no target has app ${JSON.stringify(app)} — set app: ${app} on its targets, fix the spelling, or remove this entry`);
    }
  }
}

function merge(levels: Level[]): { fields: TargetFields; origin: Map<string, Path>; caPem?: string } {
  const fields: Record<string, unknown> = {};
  const origin = new Map<string, Path>();
  let caPem: string | undefined;
  for (const level of levels) {
    for (const [key, value] of Object.entries(level.fields)) {
      if (value === undefined) continue;
      if ((MERGED_MAPS as readonly string[]).includes(key) && typeof value === 'object' && value !== null) {
        // A map after `failureRate: off` turns it back on, from the built-in defaults.
        const inherited = typeof fields[key] === 'object' ? (fields[key] as object) : {};
        fields[key] = { ...inherited, ...(value as object) };
        for (const sub of Object.keys(value as object)) origin.set(`${key}.${sub}`, [...level.path, key, sub]);
      } else {
        fields[key] = value;
      }
      origin.set(key, [...level.path, key]);
    }
    if (level.caPem) caPem = level.caPem;
  }
  return { fields: fields as TargetFields, origin, ...(caPem ? { caPem } : {}) };
}

function resolveTarget(
  raw: RawTarget,
  dropped: ReadonlySet<string>,
  path: Path,
  defaults: Level | undefined,
  apps: Map<string, Level>,
  input: TargetsInput,
  problems: Problems,
): TargetSpec | undefined {
  const before = problems.list.length;
  const url = parseTargetUrl(raw.url);
  if (!url.ok) problems.add([...path, 'url'], url.problem);

  const { id, url: rawUrl, app: rawApp, ...own } = raw;
  const app = rawApp ?? id;
  const targetLevel = checkLevel({ fields: own, path }, id, input, problems);
  const levels = [defaults, apps.get(app), targetLevel].filter((l): l is Level => l !== undefined);
  const { fields, origin, caPem } = merge(levels);
  // A problem is reported where the value was written: on the target when it sets it, else on
  // the defaults/app block it came from.
  const where = (key: string): Path => origin.get(key) ?? [...path, key];

  const intervalMs = fields.interval ?? TARGET_DEFAULTS.intervalMs;
  const timeoutMs = fields.timeout ?? Math.min(TARGET_DEFAULTS.timeoutMs, Math.floor(intervalMs / 2));
  // A field left out for being invalid is already reported; comparing its default would mislead.
  const known = (...keys: string[]) => keys.every((k) => !dropped.has(k));
  if (timeoutMs >= intervalMs && known('timeout', 'interval')) {
    const at = own.timeout !== undefined || own.interval !== undefined ? [...path, 'timeout'] : where('timeout');
    problems.add(at, `${formatDuration(timeoutMs)} must be shorter than interval ${formatDuration(intervalMs)} — lower timeout or raise interval`);
  }
  const freshnessMs = fields.freshness ?? TARGET_DEFAULTS.freshnessIntervals * intervalMs;
  if (freshnessMs < intervalMs && known('freshness', 'interval')) {
    const at = own.freshness !== undefined || own.interval !== undefined ? [...path, 'freshness'] : where('freshness');
    problems.add(at, `${formatDuration(freshnessMs)} is shorter than interval ${formatDuration(intervalMs)}, so no region would ever count as fresh — raise freshness (default 3 × interval)`);
  }

  if (url.ok && url.kind === 'http' && fields.maxBodyBytes !== undefined && input.inFlight) {
    const problem = bodyMemoryProblem(fields.maxBodyBytes, input.inFlight);
    if (problem) problems.add(where('maxBodyBytes'), problem);
  }

  const merged = { ...fields.expect };
  if (url.ok) {
    checkKindFields(url.kind, own, path, problems);
    // Inherited fields the kind cannot use (a body keyword from defaults on a tcp:// target) are dropped.
    for (const key of Object.keys(merged) as ExpectField[]) {
      if (!EXPECT_BY_KIND[url.kind].has(key)) delete merged[key];
    }
  }
  const expect: Expectation = foldBody(merged);
  if (known('timeout')) checkExpectationBounds(expect, origin, path, timeoutMs, own.expect?.maxLatencyMs !== undefined, problems);

  if (problems.list.length > before || !url.ok) return undefined;

  const tls: TlsOptions = { insecureSkipVerify: fields.tls?.insecureSkipVerify ?? false };
  if (caPem) {
    tls.caPem = caPem;
    tls.caFile = fields.tls?.ca;
  }
  if (fields.tls?.serverName) tls.serverName = fields.tls.serverName;

  const alerting: AlertRules = {
    failureThreshold: fields.failureThreshold ?? TARGET_DEFAULTS.failureThreshold,
    successThreshold: fields.successThreshold ?? TARGET_DEFAULTS.successThreshold,
    renotifyMinutes: fields.renotifyMinutes ?? TARGET_DEFAULTS.renotifyMinutes,
    quorum: fields.quorum ?? null,
    freshnessMs,
    flapping: {
      transitions: fields.flapping?.transitions ?? TARGET_DEFAULTS.flapping.transitions,
      windowMs: fields.flapping?.window ?? TARGET_DEFAULTS.flapping.windowMs,
    },
    failureRate: resolveFailureRate(fields.failureRate, where, problems),
  };
  if (problems.list.length > before) return undefined;

  return {
    id,
    app,
    url: rawUrl.trim(),
    kind: url.kind,
    intervalMs,
    timeoutMs,
    severity: fields.severity ?? TARGET_DEFAULTS.severity,
    ...(fields.owner ? { owner: fields.owner } : {}),
    tags: fields.tags ?? {},
    metrics: fields.metrics ?? TARGET_DEFAULTS.metrics,
    method: fields.method ?? TARGET_DEFAULTS.method,
    headers: fields.headers ?? {},
    secretHeaders: fields.secretHeaders ?? {},
    ...(fields.body !== undefined ? { body: fields.body } : {}),
    maxRedirects: fields.maxRedirects ?? TARGET_DEFAULTS.maxRedirects,
    maxBodyBytes: fields.maxBodyBytes ?? TARGET_DEFAULTS.maxBodyBytes,
    tls,
    ...(url.dnsType ? { dnsType: url.dnsType } : {}),
    ...(url.dnsResolver ? { dnsResolver: url.dnsResolver } : {}),
    expect,
    alerting,
  };
}

/** Fields written on the target itself that its check kind cannot use are mistakes: say so. */
function checkKindFields(kind: CheckKind, own: TargetFields, path: Path, problems: Problems): void {
  const scheme = kind === 'http' ? 'http(s)://' : `${kind}://`;
  if (kind !== 'http') {
    for (const key of HTTP_ONLY) {
      if (own[key] !== undefined) problems.add([...path, key], `a ${scheme} target sends no HTTP request — remove ${key} or use an https:// URL`);
    }
  }
  if (own.tls !== undefined && (kind === 'tcp' || kind === 'dns')) {
    problems.add([...path, 'tls'], `a ${scheme} target has no TLS — remove tls or use a tls://host:port or https:// URL`);
  }
  for (const key of Object.keys(own.expect ?? {}) as ExpectField[]) {
    if (EXPECT_BY_KIND[kind].has(key)) continue;
    const allowed = [...EXPECT_BY_KIND[kind]].join(', ');
    problems.add([...path, 'expect', key], `a ${scheme} target cannot check ${key} — remove it (${scheme} targets check ${allowed})`);
  }
}

function checkExpectationBounds(
  expect: Expectation,
  origin: Map<string, Path>,
  path: Path,
  timeoutMs: number,
  ownMaxLatency: boolean,
  problems: Problems,
): void {
  const at = (key: keyof Expectation): Path => origin.get(`expect.${key}`) ?? [...path, 'expect', key];
  // A pair that conflicts is reported where the later (more specific) of the two was written.
  const rank = (p: Path): number => (p[0] === 'targets' ? 3 : p[0] === 'apps' ? 2 : 1);
  const later = (a: keyof Expectation, b: keyof Expectation): Path => (rank(at(b)) > rank(at(a)) ? at(b) : at(a));
  if (expect.warnLatencyMs !== undefined && expect.maxLatencyMs !== undefined && expect.warnLatencyMs >= expect.maxLatencyMs) {
    problems.add(
      later('warnLatencyMs', 'maxLatencyMs'),
      `warnLatencyMs ${expect.warnLatencyMs} must be below maxLatencyMs ${expect.maxLatencyMs} — the soft bound warns before the hard one fails`,
    );
  }
  // Only when the target itself sets maxLatencyMs: a bound inherited from defaults onto a target
  // with a short timeout is harmless (the timeout fails first) and not worth an error.
  if (ownMaxLatency && expect.maxLatencyMs !== undefined && expect.maxLatencyMs >= timeoutMs) {
    problems.add(at('maxLatencyMs'), `${expect.maxLatencyMs} ms is not below timeout ${formatDuration(timeoutMs)}, so it can never fail — lower maxLatencyMs or raise timeout`);
  }
  if (expect.warnCertDays !== undefined && expect.minCertDays !== undefined && expect.warnCertDays <= expect.minCertDays) {
    problems.add(
      later('warnCertDays', 'minCertDays'),
      `warnCertDays ${expect.warnCertDays} must be above minCertDays ${expect.minCertDays} — the warning comes before the failure`,
    );
  }
}

/** `failureRate` after merging: the built-in defaults under what the config set, checked as a whole. */
function resolveFailureRate(
  value: TargetFields['failureRate'],
  where: (key: string) => Path,
  problems: Problems,
): FailureRate | null {
  if (value === false || value === 'off') return null;
  const d = TARGET_DEFAULTS.failureRate;
  const rate: { of: number; atLeast: number; then: FailureRate['then']; warnAtLeast: number } = {
    of: value?.of ?? d.of,
    atLeast: value?.atLeast ?? d.atLeast,
    then: value?.then ?? d.then,
    warnAtLeast: value?.warnAtLeast ?? d.warnAtLeast,
  };
  if (rate.atLeast > rate.of) {
    problems.add(where('failureRate.atLeast'), `${rate.atLeast} is more than the window of ${rate.of} checks, so it could never fire — lower atLeast or raise of`);
  }
  // The default warning level gives way to a lower atLeast the config chose.
  if (value?.warnAtLeast === undefined && rate.warnAtLeast >= rate.atLeast) rate.warnAtLeast = 0;
  if (rate.warnAtLeast === 1) {
    problems.add(where('failureRate.warnAtLeast'), '1 would alert on a single blip — use 2 or more, or 0 for no DEGRADED level');
  } else if (rate.warnAtLeast >= rate.atLeast) {
    problems.add(where('failureRate.warnAtLeast'), `${rate.warnAtLeast} is not below atLeast ${rate.atLeast} — lower it, or 0 for no DEGRADED level`);
  }
  return { of: rate.of, atLeast: rate.atLeast, then: rate.then, warnAtLeast: rate.warnAtLeast > 0 ? rate.warnAtLeast : null };
}
