import { CHECK_KINDS, type CheckKindRegistry } from '../../lambdas/core/checks/kinds/registry';
import type { Expectation, TargetSpec, TlsOptions } from '../../lambdas/core/types';
import { type Path, Problems } from './problems';
import { foldBody, targetSchema, type RawTarget, type TargetFields } from './schema';
import { parseLenient } from './lenient-parse';
import { kindSettingsOf, parseTargetUrl, type TargetUrl } from './target-url';
import { bodyMemoryProblem } from './limits';
import { TARGET_DEFAULTS } from './target-defaults';
import { resolvePatrol } from './patrol-schema';
import { checkLevel, merge, parseApps, parseLevel, type Level, type LevelContext } from './target-levels';
import { checkKindFields, usableExpect } from './target-fields';
import { checkExpectationBounds, resolveAlertRules, resolveTiming, type TargetTiming } from './target-bounds';

/**
 * Targets: built-in defaults < `defaults:` < `apps.<app>:` < the target itself (target-levels.ts
 * merges them), checked against the target's check kind (target-fields.ts) and against itself
 * (target-bounds.ts), then turned into the TargetSpec the probe engine receives.
 */

export { TARGET_DEFAULTS } from './target-defaults';

export interface TargetsInput extends LevelContext {
  rawDefaults: unknown;
  rawApps: unknown;
  rawTargets: unknown;
  /** Top-level concurrency and shardSize: how many bodies one probe Lambda may hold at once. */
  inFlight?: { concurrency: number; shardSize: number };
  /** The check kinds (default CHECK_KINDS; a test passes a copy with an extra kind). */
  kinds?: CheckKindRegistry;
}

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
    const spec = resolveTarget(parsed.data, parsed.dropped, path, { defaults, apps }, input, problems);
    if (spec) specs.push(spec);
  });
  return specs;
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

/** The levels above one target: `defaults:` and the apps, parsed once for every target. */
interface Inherited {
  defaults: Level | undefined;
  apps: Map<string, Level>;
}

function resolveTarget(
  raw: RawTarget,
  dropped: ReadonlySet<string>,
  path: Path,
  inherited: Inherited,
  input: TargetsInput,
  problems: Problems,
): TargetSpec | undefined {
  const before = problems.list.length;
  const kinds = input.kinds ?? CHECK_KINDS;
  const url = parseTargetUrl(raw.url, kinds);
  if (!url.ok) problems.add([...path, 'url'], url.problem);
  const kind = url.ok ? kinds[url.kind] : undefined;

  // `private` is placement, judged with the VPC (vpc.ts), not a probe setting.
  const { id, url: rawUrl, app: rawApp, private: _placement, unconfirmed, ...own } = raw;
  const app = rawApp ?? id;
  const targetLevel = checkLevel({ fields: own, path }, id, input, problems);
  const levels = [inherited.defaults, inherited.apps.get(app), targetLevel].filter((l): l is Level => l !== undefined);
  const { fields, origin, caPem } = merge(levels);
  // A problem is reported where the value was written: on the target when it sets it, else on
  // the defaults/app block it came from.
  const where = (key: string): Path => origin.get(key) ?? [...path, key];
  // A field left out for being invalid is already reported; comparing its default would mislead.
  const known = (...keys: string[]) => keys.every((k) => !dropped.has(k));
  const timing = resolveTiming(fields, own, path, where, known, problems);

  if (kind?.configFields.includes('maxBodyBytes') && fields.maxBodyBytes !== undefined && input.inFlight) {
    const problem = bodyMemoryProblem(fields.maxBodyBytes, input.inFlight);
    if (problem) problems.add(where('maxBodyBytes'), problem);
  }
  if (kind) checkKindFields(kind, own, path, problems);
  const expect: Expectation = foldBody(usableExpect(kind, fields.expect));
  if (known('timeout')) checkExpectationBounds(expect, origin, path, timing.timeoutMs, own.expect?.maxLatencyMs !== undefined, problems);

  if (problems.list.length > before || !url.ok) return undefined;
  const alerting = resolveAlertRules(fields, timing.freshnessMs, where, problems);
  if (problems.list.length > before) return undefined;
  const spec = { ...targetSpec(id, app, rawUrl, url, fields, timing, tlsOptions(fields, caPem)), expect, alerting };
  return unconfirmed ? { ...spec, unconfirmed: true } : spec;
}

function tlsOptions(fields: TargetFields, caPem: string | undefined): TlsOptions {
  const tls: TlsOptions = { insecureSkipVerify: fields.tls?.insecureSkipVerify ?? false };
  if (caPem) {
    tls.caPem = caPem;
    tls.caFile = fields.tls?.ca;
  }
  if (fields.tls?.serverName) tls.serverName = fields.tls.serverName;
  if (fields.tls?.expectIssuer) tls.expectIssuer = fields.tls.expectIssuer;
  if (fields.tls?.pins) tls.pins = fields.tls.pins;
  return tls;
}

/** The spec up to its expectations and alert rules, defaults filled in, in the contract's field order. */
function targetSpec(
  id: string,
  app: string,
  rawUrl: string,
  url: TargetUrl,
  fields: TargetFields,
  timing: TargetTiming,
  tls: TlsOptions,
): Omit<TargetSpec, 'expect' | 'alerting'> {
  return {
    id,
    app,
    url: rawUrl.trim(),
    kind: url.kind,
    intervalMs: timing.intervalMs,
    timeoutMs: timing.timeoutMs,
    severity: fields.severity ?? TARGET_DEFAULTS.severity,
    ...(fields.owner ? { owner: fields.owner } : {}),
    ...(fields.runbook ? { runbook: fields.runbook } : {}),
    tags: fields.tags ?? {},
    metrics: fields.metrics ?? TARGET_DEFAULTS.metrics,
    method: fields.method ?? TARGET_DEFAULTS.method,
    headers: fields.headers ?? {},
    secretHeaders: fields.secretHeaders ?? {},
    ...(fields.body !== undefined ? { body: fields.body } : {}),
    maxRedirects: fields.maxRedirects ?? TARGET_DEFAULTS.maxRedirects,
    maxBodyBytes: fields.maxBodyBytes ?? TARGET_DEFAULTS.maxBodyBytes,
    tls,
    ...kindSettingsOf(url),
    ...(fields.patrol !== undefined ? { patrol: resolvePatrol(fields.patrol) } : {}),
  };
}
