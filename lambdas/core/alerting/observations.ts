import type { CheckResult } from '../types';
import type { Observation } from './types';

/**
 * Check results → alert engine observations (the uptime side of the generic engine).
 */

/** Fewer checks than this in one run say nothing about the prober's own network. */
export const IMPAIRED_MIN_TARGETS = 3;

/**
 * A probe region is impaired when every check it ran in one run failed (at least
 * IMPAIRED_MIN_TARGETS of them): diverse targets failing together from one place points at the
 * prober's network, not at the targets. With a single probe region there is no other vantage
 * point, so nothing is discounted: a real all-targets outage must still page.
 */
export function isRegionImpaired(results: CheckResult[], configuredRegions: number): boolean {
  return configuredRegions > 1 && results.length >= IMPAIRED_MIN_TARGETS && results.every((r) => !r.ok);
}

/** The host (and port) of a target URL, for message text: "pemilu2024.kpu.go.id". */
export function labelOf(url: string): string | undefined {
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}

export function observationFromResult(result: CheckResult, regionImpaired = false): Observation {
  const degraded = result.ok && result.warnings.length > 0;
  const obs: Observation = {
    subject: result.target,
    domain: 'uptime',
    app: result.app,
    severity: result.severity,
    ok: result.ok,
    degraded,
    error: result.ok ? null : result.error,
    reason: degraded ? result.warnings.join('; ') : result.reason,
    region: result.region,
    ts: result.ts,
  };
  const label = labelOf(result.url);
  if (label) obs.label = label;
  if (regionImpaired) obs.regionImpaired = true;
  return obs;
}
