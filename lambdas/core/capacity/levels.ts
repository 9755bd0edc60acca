import type { Observation } from '../alerting/types';
import type { AlertRules } from '../config';
import type { CapacityReading, CapacitySource, CapacityThresholds, CapacityUnit } from './types';
import { humanHours, isStorage } from './forecast';

/**
 * Capacity levels and the observations the alert engine receives. A capacity resource is one
 * more subject for the SAME engine as the uptime targets (`capacity:<site>/<resource>`):
 * - critical (utilisation ≥ criticalPct) or a failed read → ok=false (pages like DOWN);
 * - forecast (full within forecastHours) or warn (≥ warnPct) → degraded=true;
 * - otherwise ok. A source that cannot be read at all is its own subject,
 *   `capacity:<site>/source:<source id>`, so it alerts and recovers like an uptime target.
 */

export type CapacityLevel = 'ok' | 'warn' | 'forecast' | 'critical' | 'failed';

export const DEFAULT_THRESHOLDS: CapacityThresholds = { warnPct: 80, criticalPct: 90, forecastHours: 72 };

export function capacityLevel(reading: CapacityReading, thresholds: CapacityThresholds): CapacityLevel {
  if (reading.utilisation >= thresholds.criticalPct) return 'critical';
  if (
    reading.hoursToExhaustion !== null &&
    reading.hoursToExhaustion <= thresholds.forecastHours &&
    forecastAlerts(reading, thresholds)
  ) {
    return 'forecast';
  }
  if (reading.utilisation >= thresholds.warnPct) return 'warn';
  return 'ok';
}

/** Whether a forecast on this resource may raise its level (see CapacityThresholds.forecastAlerts). */
export function forecastAlerts(reading: Pick<CapacityReading, 'resource' | 'unit'>, thresholds: CapacityThresholds): boolean {
  const mode = thresholds.forecastAlerts ?? 'storage';
  return mode === 'all' || (mode === 'storage' && isStorage(reading.resource, reading.unit));
}

/**
 * Alert rules for capacity subjects (sources carry no alerting section). Two readings in a row
 * before DOWN/DEGRADED: one CPU spike above 90 % is not a page, two minutes of it are. One
 * region (the capacity Lambda runs in the home region only).
 */
export function capacityAlertRules(source: Pick<CapacitySource, 'intervalMs'>): AlertRules {
  return {
    failureThreshold: 2,
    successThreshold: 2,
    renotifyMinutes: 60,
    quorum: 1,
    freshnessMs: 3 * source.intervalMs,
    flapping: { transitions: 6, windowMs: 60 * 60_000 },
  };
}

export const resourceSubject = (site: string, resource: string): string => `capacity:${site}/${resource}`;
export const sourceSubject = (source: Pick<CapacitySource, 'site' | 'id'>): string => `capacity:${source.site}/source:${source.id}`;

/** The word an on-call engineer uses for the resource: "storage on …", "cpu on …". */
export function resourceKind(resource: string, unit: CapacityUnit): string {
  const prefix = resource.split(':')[0]!;
  if (prefix === 'filesystem') return 'storage';
  if (prefix === 'network') return 'network';
  if (prefix === 'cpu' || prefix === 'memory') return prefix;
  switch (unit) {
    case 'bytes':
      return 'storage';
    case 'bps':
      return 'bandwidth';
    case 'watts':
      return 'power';
    case 'cores':
      return 'compute';
    case 'percent':
    case 'units':
      return 'capacity';
  }
}

const pct = (v: number): string => `${v < 10 ? v.toFixed(1) : Math.round(v)} %`;

export function levelReason(reading: CapacityReading, level: CapacityLevel, thresholds: CapacityThresholds): string {
  const what = `${resourceKind(reading.resource, reading.unit)} on ${reading.site}/${reading.resource}`;
  const full =
    reading.hoursToExhaustion !== null
      ? reading.hoursToExhaustion === 0
        ? 'full now'
        : `full in ${humanHours(reading.hoursToExhaustion)} at the current rate`
      : null;
  switch (level) {
    case 'critical':
      return `${what} at ${pct(reading.utilisation)} (critical ≥ ${thresholds.criticalPct} %)${full ? `, ${full}` : ''}`;
    case 'forecast':
      return `${what} ${full} (now ${pct(reading.utilisation)})`;
    case 'warn':
      return `${what} at ${pct(reading.utilisation)} (warning ≥ ${thresholds.warnPct} %)`;
    case 'ok':
    case 'failed':
      return `${what} at ${pct(reading.utilisation)}${full ? `, ${full}` : ''}`;
  }
}

export function readingObservation(
  source: Pick<CapacitySource, 'site' | 'severity' | 'thresholds'>,
  reading: CapacityReading,
  region: string,
): { observation: Observation; level: CapacityLevel } {
  const level = capacityLevel(reading, source.thresholds);
  return {
    level,
    observation: {
      subject: resourceSubject(reading.site, reading.resource),
      domain: 'capacity',
      app: reading.site,
      severity: source.severity,
      ok: level !== 'critical',
      degraded: level === 'warn' || level === 'forecast',
      error: level === 'critical' ? 'critical' : null,
      reason: levelReason(reading, level, source.thresholds),
      region,
      ts: reading.ts,
      label: `${reading.site}/${reading.resource}`,
    },
  };
}

/** A resource whose value could not be read (metric missing, bad JMESPath result …): a failure, never a zero. */
export function resourceFailureObservation(
  source: Pick<CapacitySource, 'site' | 'severity'>,
  resource: string,
  reason: string,
  ts: string,
  region: string,
): Observation {
  return {
    subject: resourceSubject(source.site, resource),
    domain: 'capacity',
    app: source.site,
    severity: source.severity,
    ok: false,
    degraded: false,
    error: 'source',
    reason: `capacity probe failed on ${source.site}/${resource}: ${reason}`,
    region,
    ts,
    label: `${source.site}/${resource}`,
  };
}

/** The source as a whole: ok when it answered and parsed, a failure when it could not be read. */
export function sourceObservation(
  source: Pick<CapacitySource, 'site' | 'severity' | 'id'>,
  failure: string | null,
  ts: string,
  region: string,
): Observation {
  return {
    subject: sourceSubject(source),
    domain: 'capacity',
    app: source.site,
    severity: source.severity,
    ok: failure === null,
    degraded: false,
    error: failure === null ? null : 'source',
    reason: failure === null ? `capacity source ${source.id} read` : `capacity source ${source.id} on ${source.site} failed: ${failure}`,
    region,
    ts,
    label: `${source.site} source ${source.id}`,
  };
}
