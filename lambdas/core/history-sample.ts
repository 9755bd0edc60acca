import type { CheckResult } from './types';

/**
 * Which check results become history items (`historySampleMinutes`). Every result that says
 * something is kept: a failure, a pass with warnings (degraded), a paging patrol finding (digest
findings, such as a missing security header, repeat on every check and go out daily anyway). Of the plain
 * passes a target keeps about one per `sampleMinutes` per region: the one whose start falls in
 * the first `intervalMs` of each sample window (UTC-aligned), so the choice needs no state and
 * two regions keep their samples at the same minutes. 1 (or a target checked less often than the
 * window) keeps every result.
 *
 * Availability never comes from these items (the daily counters count every check:
 * core/status/days.ts); the history shows latency and failures over time, which a
 * one-in-five sample of the healthy minutes still does.
 */
export function sampleHistory(results: readonly CheckResult[], intervalMsOf: (target: string) => number, sampleMinutes: number): CheckResult[] {
  if (sampleMinutes <= 1) return [...results];
  const windowMs = sampleMinutes * 60_000;
  return results.filter((r) => saysSomething(r) || Date.parse(r.ts) % windowMs < intervalMsOf(r.target));
}

function saysSomething(r: CheckResult): boolean {
  return !r.ok || r.warnings.length > 0 || (r.patrol?.findings.some((f) => f.severity === 'page') ?? false);
}
