import { describe, expect, it } from 'vitest';
import { cadenceFor } from '../../../../lambdas/core/schedule/cadence';
import { roundBudget, SINK_MARGIN_MS } from '../../../../lambdas/core/schedule/budget';
import { budgetProblems, formatPlanSummary, planShards, type Shard } from '../../../../lambdas/core/schedule/shard-plan';
import { makeTarget } from '../../../support/config-fixture';

/** Targets with the loader's default timeout, min(10 s, interval ÷ 2), unless given. */
const t = (id: string, intervalMs: number, timeoutMs = Math.min(10_000, intervalMs / 2), secret = false) =>
  makeTarget({
    id,
    url: `https://${id}.example/`,
    intervalMs,
    timeoutMs,
    ...(secret ? { secretHeaders: { authorization: { ssm: `/pantau/${id}` } } } : {}),
  });

describe('cadenceFor: schedule period and round offsets', () => {
  it.each([
    [10_000, 1, [0, 10_000, 20_000, 30_000, 40_000, 50_000]],
    [15_000, 1, [0, 15_000, 30_000, 45_000]],
    [20_000, 1, [0, 20_000, 40_000]],
    [30_000, 1, [0, 30_000]],
    [40_000, 2, [0, 40_000, 80_000]],
    [45_000, 3, [0, 45_000, 90_000, 135_000]],
    [50_000, 5, [0, 50_000, 100_000, 150_000, 200_000, 250_000]],
  ])('%i ms → rate(%i minutes), rounds at %j', (intervalMs, periodMinutes, offsetsMs) => {
    expect(cadenceFor(intervalMs)).toEqual({ periodMinutes, offsetsMs, meanIntervalMs: intervalMs, exact: true });
  });

  it('25 s runs 12 rounds every 5 minutes', () => {
    const c = cadenceFor(25_000);
    expect([c.periodMinutes, c.offsetsMs.length, c.offsetsMs.at(-1), c.exact]).toEqual([5, 12, 275_000, true]);
  });

  it('35 s has no whole-minute period up to 5: the closest mean not slower, 240 s ÷ 7 rounds', () => {
    const c = cadenceFor(35_000);
    expect(c).toMatchObject({ periodMinutes: 4, meanIntervalMs: 240_000 / 7, exact: false });
    expect(c.offsetsMs).toEqual([0, 34_286, 68_571, 102_857, 137_143, 171_429, 205_714]);
  });

  it('55 s and 7 s: the closest a period up to 5 minutes allows, 50 s and 300 s ÷ 43', () => {
    expect(cadenceFor(55_000)).toMatchObject({ periodMinutes: 5, meanIntervalMs: 50_000, exact: false });
    expect(cadenceFor(7_000)).toMatchObject({ periodMinutes: 5, meanIntervalMs: 300_000 / 43, exact: false });
  });

  it('minute intervals run one round per period, rounded down to whole minutes', () => {
    expect(cadenceFor(60_000)).toEqual({ periodMinutes: 1, offsetsMs: [0], meanIntervalMs: 60_000, exact: true });
    expect(cadenceFor(300_000)).toMatchObject({ periodMinutes: 5, offsetsMs: [0], exact: true });
    expect(cadenceFor(90_000)).toMatchObject({ periodMinutes: 1, offsetsMs: [0], meanIntervalMs: 60_000, exact: false });
  });
});

/**
 * Simulates two hours of a shard: an invocation every period, rounds at the offsets, each round
 * taking its full worst case. Returns the start times of every round.
 */
function simulate(shard: Shard, hours = 2): { starts: number[]; busy: Array<[number, number]> } {
  const periodMs = shard.rateMinutes * 60_000;
  const starts: number[] = [];
  const busy: Array<[number, number]> = [];
  for (let invocation = 0; invocation * periodMs < hours * 3_600_000; invocation++) {
    let free = invocation * periodMs; // rounds of one invocation run one after the other
    for (const offset of shard.offsetsMs) {
      const start = Math.max(invocation * periodMs + offset, free);
      starts.push(start);
      busy.push([start, start + shard.round.totalMs]);
      free = start + shard.round.totalMs;
    }
  }
  return { starts, busy };
}

describe('cadence over two hours of schedules', () => {
  it.each([10, 15, 20, 25, 30, 40, 45, 35, 50, 55, 7])('a %i s target is probed on its interval and rounds never overlap', (s) => {
    const intervalMs = s * 1000;
    const [shard] = planShards([t('a', intervalMs), t('b', intervalMs)], 25, 50);
    expect(budgetProblems([shard!])).toEqual([]);
    const { starts, busy } = simulate(shard!);

    const gaps = starts.slice(1).map((start, i) => start - starts[i]!);
    // Mean over whole periods: the simulated time divided by the rounds run in it.
    const invocations = Math.ceil((2 * 3_600_000) / (shard!.rateMinutes * 60_000));
    const mean = (invocations * shard!.rateMinutes * 60_000) / starts.length;
    const cadence = cadenceFor(intervalMs);
    if (cadence.exact) {
      expect(mean).toBe(intervalMs);
      expect(new Set(gaps)).toEqual(new Set([intervalMs]));
    } else {
      // Never slower than asked; the rule's mean, each gap within a millisecond of it.
      expect(mean).toBeLessThanOrEqual(intervalMs);
      expect(mean).toBeCloseTo(cadence.meanIntervalMs, 9);
      gaps.forEach((gap) => expect(Math.abs(gap - cadence.meanIntervalMs)).toBeLessThanOrEqual(1));
    }
    // Each round (at its worst case) ends before the next starts, across invocations too.
    busy.slice(1).forEach(([start], i) => expect(start).toBeGreaterThanOrEqual(busy[i]![1]));
  });
});

describe('shard budget', () => {
  it('is last offset + waves × (longest timeout + secret look-up) + sink margin', () => {
    const targets = [t('a', 30_000, 4_000, true), ...Array.from({ length: 4 }, (_, i) => t(`b${i}`, 30_000, 6_000))];
    const [shard] = planShards(targets, 25, 2);
    expect(shard!.round).toEqual({
      targets: 5,
      concurrency: 2,
      waves: 3,
      timeoutMs: 6_000,
      secretMs: 2_000,
      sinkMarginMs: SINK_MARGIN_MS,
      totalMs: 3 * (6_000 + 2_000) + 3_000,
    });
    expect(shard!.budgetMs).toBe(30_000 + 27_000);
    expect(shard!.limitMs).toBe(60_000);
  });

  it('counts no secret allowance without secretHeaders, and caps it at the timeout', () => {
    expect(roundBudget([t('a', 60_000, 10_000)], 50)).toMatchObject({ waves: 1, secretMs: 0, totalMs: 13_000 });
    expect(roundBudget([t('a', 60_000, 1_500, true)], 50)).toMatchObject({ secretMs: 1_500, totalMs: 6_000 });
  });

  it('names the shard, its figures and a timeout that would fit when rounds overrun their spacing', () => {
    // 50 s + (5 s + 2 s) + 3 s = 60 s: exactly the period, so it fits.
    expect(budgetProblems(planShards([t('fast', 10_000, 5_000, true)], 25, 50))).toEqual([]);
    const [line] = budgetProblems(planShards([t('fast', 10_000, 6_000, true)], 25, 50));
    expect(line).toBe(
      'shard 10s-01: worst case 61 s = last round at +50 s + 1 wave (1 target, concurrency 50) × (6 s timeout + 2 s secret look-up) + 3 s sink margin, over its 1-minute schedule period (60 s) — lower timeout to ≤ 5 s, or use a longer interval (the shortest that fits: 12 s)',
    );
  });

  it('suggests one wave when a shard needs several, and checks Lambda\'s 900 s for long periods', () => {
    const many = Array.from({ length: 100 }, (_, i) => t(`m${i}`, 30 * 60_000, 10_000));
    const [line] = budgetProblems(planShards(many, 100, 1));
    expect(line).toBe(
      "shard 30m-01: worst case 1003 s = 100 waves (100 targets, concurrency 1) × (10 s timeout) + 3 s sink margin, over Lambda's 900 s maximum (899 s after the 1 s start slack) — lower timeout to ≤ 8.96 s, or raise concurrency to 100 or lower shardSize to 1 (one wave)",
    );
    const [minute] = budgetProblems(planShards(many.slice(0, 6).map((x) => ({ ...x, intervalMs: 60_000 })), 25, 1));
    expect(minute).toMatch(/^shard 1m-01: worst case 63 s = 6 waves .* over its 1-minute schedule period \(60 s\) — lower timeout to ≤ 9\.5 s, or raise concurrency to 6 or lower shardSize to 1 \(one wave\)/);
  });

  it('passes the defaults for every interval from 6 s up, and refuses 1 s', () => {
    for (const s of [6, 10, 25, 30, 45, 59, 60, 300]) {
      expect(budgetProblems(planShards([t('a', s * 1000)], 25, 50)), `${s} s`).toEqual([]);
    }
    expect(budgetProblems(planShards([t('a', 1_000)], 25, 50))[0]).toMatch(/^shard 1s-01: worst case 62.5 s = last round at \+59 s .* — use a longer interval \(the shortest that fits: 4 s\)$/);
  });
});

describe('formatPlanSummary', () => {
  it('lists shards per interval with their periods, the Lambda timeout and the tightest shard', () => {
    const shards = planShards([t('a', 45_000), t('b', 60_000), t('c', 60_000), t('d', 300_000)], 1, 50);
    expect(formatPlanSummary(shards)).toBe(
      'probe shards: 4 (45s ×1 every 3 min, 4 rounds; 1m ×2 every 1 min; 5m ×1 every 5 min); Lambda timeout 149 s; tightest 45s-01: worst case 148 s of 180 s',
    );
  });
});
