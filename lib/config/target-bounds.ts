import type { AlertRules, FailureRate } from '../../lambdas/core/config';
import type { Expectation } from '../../lambdas/core/types';
import { formatDuration } from './duration';
import type { Path, Problems } from './problems';
import type { TargetFields } from './schema';
import { TARGET_DEFAULTS } from './target-defaults';

/**
 * A target's timing and alert settings after merging, with the built-in defaults filled in and
 * checked against each other: a timeout that outlasts the interval, a soft bound above its hard
 * one, a failure rate that could never fire.
 */

/** Where a merged setting was written (the target, its app or `defaults:`). */
export type Where = (key: string) => Path;

export interface TargetTiming {
  intervalMs: number;
  timeoutMs: number;
  freshnessMs: number;
}

export function resolveTiming(
  fields: TargetFields,
  own: TargetFields,
  path: Path,
  where: Where,
  known: (...keys: string[]) => boolean,
  problems: Problems,
): TargetTiming {
  const intervalMs = fields.interval ?? TARGET_DEFAULTS.intervalMs;
  const timeoutMs = fields.timeout ?? Math.min(TARGET_DEFAULTS.timeoutMs, Math.floor(intervalMs / 2));
  if (timeoutMs >= intervalMs && known('timeout', 'interval')) {
    const at = own.timeout !== undefined || own.interval !== undefined ? [...path, 'timeout'] : where('timeout');
    problems.add(at, `${formatDuration(timeoutMs)} must be shorter than interval ${formatDuration(intervalMs)} — lower timeout or raise interval`);
  }
  const freshnessMs = fields.freshness ?? TARGET_DEFAULTS.freshnessIntervals * intervalMs;
  if (freshnessMs < intervalMs && known('freshness', 'interval')) {
    const at = own.freshness !== undefined || own.interval !== undefined ? [...path, 'freshness'] : where('freshness');
    problems.add(at, `${formatDuration(freshnessMs)} is shorter than interval ${formatDuration(intervalMs)}, so no region would ever count as fresh — raise freshness (default 3 × interval)`);
  }
  return { intervalMs, timeoutMs, freshnessMs };
}

/** The alert rule knobs, defaults filled in. */
export function resolveAlertRules(fields: TargetFields, freshnessMs: number, where: Where, problems: Problems): AlertRules {
  return {
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
}

export function checkExpectationBounds(
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
  where: Where,
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
