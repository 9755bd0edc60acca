import { evaluate, type EngineContext } from '../../lambdas/core/alerting/engine';
import type { AlertState, RegionState } from '../../lambdas/core/alerting/state';
import { emptyState, observe } from '../../lambdas/core/alerting/steps/observe';
import type { Turn } from '../../lambdas/core/alerting/steps/turn';
import type { AlertEvent, Observation } from '../../lambdas/core/alerting/types';
import type { AlertRules } from '../../lambdas/core/config';
import type { ActiveWindow } from '../../lambdas/core/alerting/maintenance';

/**
 * The state machine, table-driven. A script is one string per region, one character per minute:
 *   .  passing   x  failing (timeout)   d  passing but degraded   i  failing from an impaired region
 *   -  no observation from that region this minute
 * Minute 0 is 2026-11-24 10:00 WIB (03:00Z). Expected events are "minute:kind".
 */

export const T0 = Date.parse('2026-11-24T03:00:00.000Z');
export const at = (minute: number, second = 0) => new Date(T0 + minute * 60_000 + second * 1000).toISOString();

export function rules(over: Partial<AlertRules> = {}): AlertRules {
  return {
    failureThreshold: 3,
    successThreshold: 2,
    renotifyMinutes: 0,
    quorum: null,
    freshnessMs: 180_000,
    flapping: { transitions: 0, windowMs: 30 * 60_000 },
    ...over,
  };
}

export function ctx(over: Partial<EngineContext> = {}): EngineContext {
  return {
    rules: rules(),
    regionCount: 1,
    timezone: 'Asia/Jakarta',
    routes: { critical: 'critical', high: 'warning', low: 'info' },
    maintenance: null,
    ...over,
  };
}

export function observation(minute: number, region: string, c: string, second = 0): Observation {
  const ok = c === '.' || c === 'd';
  return {
    subject: 'sirekap-web',
    domain: 'uptime',
    app: 'sirekap',
    severity: 'critical',
    ok,
    degraded: c === 'd',
    error: ok ? null : 'timeout',
    reason: ok ? (c === 'd' ? 'latency 2300 ms over warning 2000 ms' : 'ok') : 'timeout after 5000 ms waiting for headers',
    region,
    ts: at(minute, second),
    label: 'pemilu2024.kpu.go.id',
    ...(c === 'i' ? { regionImpaired: true } : {}),
  };
}

export interface Run {
  events: Array<AlertEvent & { minute: number }>;
  state: AlertState | undefined;
  log: string[];
  /** Evaluations that were not quiet: the state writes a store would send. */
  writes: number;
}

export function simulate(
  scripts: Record<string, string>,
  engine: Partial<EngineContext> = {},
  maintenanceAt?: (minute: number) => ActiveWindow | null,
): Run {
  const regions = Object.keys(scripts);
  const length = Math.max(...Object.values(scripts).map((s) => s.length));
  let state: AlertState | undefined;
  let writes = 0;
  const events: Run['events'] = [];
  for (let minute = 0; minute < length; minute++) {
    regions.forEach((region, i) => {
      const c = scripts[region]![minute] ?? '-';
      if (c === '-' || c === ' ') return;
      const out = evaluate(state, observation(minute, region, c, i), {
        ...ctx(engine),
        regionCount: engine.regionCount ?? engine.regions?.length ?? regions.length,
        maintenance: maintenanceAt?.(minute) ?? null,
      });
      // As the alert cycle does: a quiet evaluation is not written, so the stored state stays.
      if (!out.quiet) {
        state = out.state;
        writes++;
      }
      for (const e of out.events) events.push({ ...e, minute });
    });
  }
  return { events, state, log: events.map((e) => `${e.minute}:${e.kind}`), writes };
}

// ---------------------------------------------------------------------------------------------
// Small states for calling the engine's steps one at a time

export const J = 'ap-southeast-3';
export const S = 'ap-southeast-1';

/** A region's entry: passing cleanly for a while (last seen at minute 0) unless told otherwise. */
export function regionState(over: Partial<RegionState> = {}): RegionState {
  return {
    ok: true,
    degraded: false,
    error: null,
    reason: 'ok',
    ts: at(0),
    impaired: false,
    consecutiveFailures: 0,
    consecutiveSuccesses: 5,
    consecutiveDegraded: 0,
    consecutiveClean: 5,
    ...over,
  };
}

/** A region that has timed out `count` times in a row since `fromMinute`, last at `lastMinute`. */
export function failingRegion(count: number, fromMinute: number, lastMinute: number): RegionState {
  return regionState({
    ok: false,
    error: 'timeout',
    reason: 'timeout after 5000 ms waiting for headers',
    ts: at(lastMinute),
    consecutiveFailures: count,
    consecutiveSuccesses: 0,
    consecutiveClean: 0,
    failingSince: at(fromMinute),
  });
}

/** The subject's state: UP since minute 0 with no regions unless told otherwise. */
export function alertState(over: Partial<AlertState> = {}): AlertState {
  return { ...emptyState(observation(0, J, '.')), ...over };
}

/** The turn the engine's steps share for one observation on top of `previous` (the observe step). */
export function turnFor(previous: AlertState, obs: Observation, engine: Partial<EngineContext> = {}): Turn {
  return observe(previous, obs, ctx(engine));
}
