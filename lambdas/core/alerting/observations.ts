import type { CheckResult } from '../types';
import type { Observation } from './types';
import type { AlertContact } from './contact';

/**
 * Check results → alert engine observations (the uptime side of the generic engine).
 */

/** The host (and port) of a target URL, for message text: "pemilu2024.kpu.go.id". */
export function labelOf(url: string): string | undefined {
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}

/**
 * `regionImpaired`: this run's region was judged impaired (core/alerting/impairment.ts);
 * `contact`: the target's owner and runbook, for the alert text.
 */
export function observationFromResult(result: CheckResult, regionImpaired = false, contact?: AlertContact): Observation {
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
  if (contact) obs.contact = contact;
  return obs;
}
