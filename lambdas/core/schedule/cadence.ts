/**
 * How often a shard's schedule fires and when its rounds start inside one invocation.
 *
 * EventBridge schedules fire at most once a minute, so a sub-minute interval runs as several
 * rounds inside one invocation. Rounds at a fixed spacing inside a 1-minute invocation can only
 * honour intervals that divide 60 s (10, 15, 20, 30 s); a 45 s target would get one round a
 * minute. So the period P is chosen per interval:
 *
 * - interval < 1 min: the smallest P of 1…MAX_SUB_MINUTE_PERIOD_MINUTES whole minutes that the
 *   interval divides exactly (45 s → 3 min, rounds at 0/45/90/135 s; 40 s → 2 min; 25 s → 5 min).
 *   When none does (35 s, 55 s, 7 s …), P and a round count n = ceil(P ÷ interval) are chosen so
 *   the mean interval P ÷ n is the closest to the asked one without being longer (ties: the
 *   shorter P); rounds are then evenly spaced at P ÷ n, rounded to the millisecond.
 * - interval ≥ 1 min: one round per invocation every floor(interval ÷ 1 min) minutes (never
 *   slower than asked; 90 s runs every minute).
 *
 * Pure: no AWS SDK, no CDK — the CDK app, the config loader and the probe handler share it.
 */

/**
 * The longest period used for sub-minute intervals. An invocation lives about P (it sleeps
 * between rounds), a crashed invocation loses up to P of rounds, and the shard's dead-man alarm
 * watches one period: 5 minutes keeps all three short while giving every whole-second interval
 * that divides 300 s (…, 20, 25, 30, 50 s and their divisors) its exact cadence.
 */
export const MAX_SUB_MINUTE_PERIOD_MINUTES = 5;

export interface Cadence {
  /** The schedule period in whole minutes: rate(P minutes). */
  periodMinutes: number;
  /** When each round starts, ms from the invocation's start; the first is 0. */
  offsetsMs: number[];
  /** Mean time between rounds over the schedule: P ÷ rounds. */
  meanIntervalMs: number;
  /** True when the mean equals the interval asked for. */
  exact: boolean;
}

export function cadenceFor(intervalMs: number): Cadence {
  if (!(intervalMs > 0)) throw new Error(`interval: ${intervalMs} ms must be above 0`);
  if (intervalMs >= 60_000) {
    const periodMinutes = Math.floor(intervalMs / 60_000);
    return { periodMinutes, offsetsMs: [0], meanIntervalMs: periodMinutes * 60_000, exact: intervalMs % 60_000 === 0 };
  }
  let best = { periodMinutes: 1, rounds: Math.ceil(60_000 / intervalMs) };
  for (let periodMinutes = 1; periodMinutes <= MAX_SUB_MINUTE_PERIOD_MINUTES; periodMinutes++) {
    const periodMs = periodMinutes * 60_000;
    const rounds = Math.ceil(periodMs / intervalMs);
    // Compare P ÷ n across candidates by cross-multiplying: integers, no float ties.
    if (periodMs * best.rounds > best.periodMinutes * 60_000 * rounds) best = { periodMinutes, rounds };
    if (periodMs % intervalMs === 0) break;
  }
  const periodMs = best.periodMinutes * 60_000;
  return {
    periodMinutes: best.periodMinutes,
    offsetsMs: Array.from({ length: best.rounds }, (_, i) => Math.round((i * periodMs) / best.rounds)),
    meanIntervalMs: periodMs / best.rounds,
    exact: periodMs === intervalMs * best.rounds,
  };
}
