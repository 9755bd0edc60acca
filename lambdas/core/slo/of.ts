import type { ResolvedConfig } from '../config';
import type { Severity } from '../types';
import { DEFAULT_SLO, type SloSpec } from './types';

/** The objective of one app: the configured one, else the default. */
export function sloOf(config: Pick<ResolvedConfig, 'slo'>, app: string): SloSpec {
  return config.slo?.apps[app] ?? DEFAULT_SLO;
}

const RANK: Record<Severity, number> = { critical: 0, high: 1, low: 2 };

/** The most severe severity among the app's targets: what its SLO pages carry. */
export function appSeverity(config: Pick<ResolvedConfig, 'targets'>, app: string): Severity {
  let best: Severity = 'low';
  for (const target of config.targets) if (target.app === app && RANK[target.severity] < RANK[best]) best = target.severity;
  return best;
}

/**
 * The apps of the "election-critical apps" composite alarm: the configured list
 * (`slo.critical`), else every app with a critical target.
 */
export function criticalApps(config: Pick<ResolvedConfig, 'slo' | 'targets'>): string[] {
  if (config.slo && config.slo.critical.length > 0) return config.slo.critical;
  return [...new Set(config.targets.filter((t) => t.severity === 'critical').map((t) => t.app))];
}
