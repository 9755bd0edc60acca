import { describe, expect, it } from 'vitest';
import { BURN_RULES, burnSeverity, judgeBurnRules, windowLabel } from '../../../../lambdas/core/slo/burn-rules';
import { attainment, availabilityStatus, budgetRemaining, burnRate, burnRateWithin, countsWithin, errorBudget, type TimedEvent } from '../../../../lambdas/core/slo/math';
import { DEFAULT_SLO } from '../../../../lambdas/core/slo/types';

const MINUTE = 60_000;

/**
 * Six hours of one check a minute (events at minutes 1…360, "now" = minute 360), with six failures
 * at minutes 100–105 and a burst of three at minutes 340–342 that ended 18 minutes ago.
 */
function series(): TimedEvent[] {
  const failed = new Set([100, 101, 102, 103, 104, 105, 340, 341, 342]);
  return Array.from({ length: 360 }, (_, i) => ({ at: (i + 1) * MINUTE, good: !failed.has(i + 1) }));
}
const NOW = 360 * MINUTE;

describe('SLO arithmetic', () => {
  it('attainment, budget and burn rate from counts', () => {
    expect(attainment({ good: 999, total: 1000 })).toBeCloseTo(0.999, 12);
    expect(attainment({ good: 0, total: 0 })).toBeNull();
    expect(errorBudget(99.9)).toBeCloseTo(0.001, 12);
    // 2 bad of 1000 against a 0.1 % budget: twice as fast as allowed, the budget overspent by 100 %
    expect(burnRate({ good: 998, total: 1000 }, 99.9)).toBeCloseTo(2, 9);
    expect(budgetRemaining({ good: 998, total: 1000 }, 99.9)).toBeCloseTo(-1, 9);
    expect(budgetRemaining({ good: 9_996, total: 10_000 }, 99.9)).toBeCloseTo(0.6, 9);
    expect(burnRate({ good: 0, total: 0 }, 99.9)).toBeNull();
  });

  it('counts a rolling window as (now − window, now]', () => {
    const events = series();
    expect(countsWithin(events, NOW, 5 * MINUTE)).toEqual({ good: 5, total: 5 });
    expect(countsWithin(events, NOW, 30 * MINUTE)).toEqual({ good: 27, total: 30 });
    expect(countsWithin(events, NOW, 60 * MINUTE)).toEqual({ good: 57, total: 60 });
    expect(countsWithin(events, NOW, 360 * MINUTE)).toEqual({ good: 351, total: 360 });
    // minute 300 is outside the last hour, minute 301 inside
    expect(countsWithin([{ at: 300 * MINUTE, good: false }, { at: 301 * MINUTE, good: false }], NOW, 60 * MINUTE).total).toBe(1);
  });

  it('burn rates of the known series, by hand (objective 99.9 %: budget 0.001)', () => {
    const events = series();
    // 5 min: 0 of 5 bad → 0
    expect(burnRateWithin(events, NOW, 5 * MINUTE, 99.9)).toBe(0);
    // 30 min: 3 of 30 bad = 0.1 → 0.1 / 0.001 = 100
    expect(burnRateWithin(events, NOW, 30 * MINUTE, 99.9)).toBeCloseTo(100, 9);
    // 1 h: 3 of 60 = 0.05 → 50
    expect(burnRateWithin(events, NOW, 60 * MINUTE, 99.9)).toBeCloseTo(50, 9);
    // 6 h: 9 of 360 = 0.025 → 25
    expect(burnRateWithin(events, NOW, 360 * MINUTE, 99.9)).toBeCloseTo(25, 9);
  });

  it('multi-window rules: the fast page has reset (5 clean minutes), the slow page still fires', () => {
    const verdicts = judgeBurnRules(series(), NOW, 99.9);
    expect(verdicts.map((v) => [v.rule.name, v.fires])).toEqual([
      ['fast', false],
      ['slow', true],
      // 3 d holds only these 6 hours: 9 of 360 → 25 > 1, and 6 h → 25 > 1
      ['ticket', true],
    ]);
    expect(verdicts[0]!.long).toBeCloseTo(50, 9);
    expect(verdicts[0]!.short).toBe(0);
    // at 99 % (budget 0.01) the same series burns 10× less: 6 h = 2.5, 30 min = 10 — under 6× over 6 h
    expect(judgeBurnRules(series(), NOW, 99).map((v) => v.fires)).toEqual([false, false, true]);
  });

  it('status over the SLO window', () => {
    const status = availabilityStatus(series(), NOW, DEFAULT_SLO);
    expect(status.attainment).toBeCloseTo(351 / 360, 12);
    expect(status.burnRate).toBeCloseTo(25, 9);
    expect(status.budgetRemaining).toBeCloseTo(-24, 9);
  });

  it('the SRE workbook rules: factors, windows and who hears of them', () => {
    expect(BURN_RULES.map((r) => [r.name, r.factor, windowLabel(r.longMs), windowLabel(r.shortMs), r.urgency])).toEqual([
      ['fast', 14.4, '1h', '5m', 'page'],
      ['slow', 6, '6h', '30m', 'page'],
      ['ticket', 1, '3d', '6h', 'ticket'],
    ]);
    expect(burnSeverity(BURN_RULES[0]!, 'critical')).toBe('critical');
    expect(burnSeverity(BURN_RULES[2]!, 'critical')).toBe('low');
  });
});
