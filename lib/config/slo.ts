import { DAY_MS, DEFAULT_SLO, type SloConfig, type SloSpec } from '../../lambdas/core/slo/types';
import type { Path, Problems } from './problems';
import { sloSchema, type RawAppSlo } from './slo-schema';

/** Longest SLO window: CloudWatch keeps 5-minute data 63 days, the dashboards read whole days. */
const MAX_WINDOW_DAYS = 90;

/**
 * Resolves `slo:` onto every app that has targets: built-in defaults < `slo:` < `slo.apps.<app>`.
 * Apps named in `slo.apps` or `slo.critical` must be apps of the config.
 */
export function resolveSlo(raw: unknown, apps: readonly string[], problems: Problems): SloConfig | undefined {
  const parsed = sloSchema.safeParse(raw ?? {}, { reportInput: true });
  if (!parsed.success) {
    problems.addZod(['slo'], parsed.error);
    return undefined;
  }
  const { critical = [], apps: overrides = {}, ...defaults } = parsed.data;
  const known = new Set(apps);
  const unknown = (app: string) => `${JSON.stringify(app)} is not an app of this config — use one of ${[...known].join(', ') || '(no apps yet)'}`;
  critical.forEach((app, i) => {
    if (!known.has(app)) problems.add(['slo', 'critical', i], unknown(app));
  });
  for (const app of Object.keys(overrides)) if (!known.has(app)) problems.add(['slo', 'apps', app], unknown(app));

  const base = merge(DEFAULT_SLO, defaults, ['slo'], problems);
  const resolved: Record<string, SloSpec> = {};
  for (const app of apps) resolved[app] = merge(base, overrides[app] ?? {}, ['slo', 'apps', app], problems);
  return { apps: resolved, critical: [...new Set(critical)] };
}

function merge(base: SloSpec, raw: RawAppSlo, path: Path, problems: Problems): SloSpec {
  const windowMs = raw.window ?? base.windowMs;
  if (raw.window !== undefined && (windowMs % DAY_MS !== 0 || windowMs > MAX_WINDOW_DAYS * DAY_MS)) {
    problems.add([...path, 'window'], `must be whole days up to ${MAX_WINDOW_DAYS}d — use e.g. 30d or 28d`);
  }
  return {
    availability: raw.availability ?? base.availability,
    latency: { ...base.latency, ...definedOnly(raw.latency ?? {}) },
    windowMs,
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
