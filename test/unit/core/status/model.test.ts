import { describe, expect, it } from 'vitest';
import { dailyIncrements, dayKey, lastDays } from '../../../../lambdas/core/status/days';
import { publicIncidents, worstOf } from '../../../../lambdas/core/status/model';
import type { CheckResult } from '../../../../lambdas/core/types';

const NOW = new Date('2026-12-02T03:42:00Z');

describe('days', () => {
  it('are local days: 18:00 UTC is already the next day in WIB', () => {
    expect(dayKey(new Date('2026-12-01T16:59:00Z'), 'Asia/Jakarta')).toBe('2026-12-01');
    expect(dayKey(new Date('2026-12-01T17:00:00Z'), 'Asia/Jakarta')).toBe('2026-12-02');
  });

  it('lists the last N local days oldest first, ending today, across a month end', () => {
    expect(lastDays(NOW, 'Asia/Jakarta', 3)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02']);
    expect(lastDays(NOW, 'Asia/Jakarta', 90)).toHaveLength(90);
  });

  it('turn a run into one increment per (app, day), latency from passing checks only', () => {
    const r = (app: string, ok: boolean, latencyMs: number, ts = '2026-12-02T03:00:00Z') => ({ app, ok, latencyMs, ts }) as CheckResult;
    expect(dailyIncrements([r('a', true, 100), r('a', false, 5000), r('a', true, 300), r('b', true, 7), r('a', true, 50, '2026-12-01T16:00:00Z')], 'Asia/Jakarta')).toEqual([
      { app: 'a', day: '2026-12-02', good: 2, total: 3, latencySumMs: 400, latencyCount: 2 },
      { app: 'b', day: '2026-12-02', good: 1, total: 1, latencySumMs: 7, latencyCount: 1 },
      { app: 'a', day: '2026-12-01', good: 1, total: 1, latencySumMs: 50, latencyCount: 1 },
    ]);
  });
});

describe('statuses and incidents', () => {
  it('the worst status wins; none is unknown', () => {
    expect(worstOf(['up', 'degraded', 'up'])).toBe('degraded');
    expect(worstOf(['maintenance', 'down'])).toBe('down');
    expect(worstOf([])).toBe('unknown');
  });

  it('keeps open incidents and those closed within 7 days, newest first, at most 5', () => {
    const closed = (start: string, end: string) => ({ id: start, status: 'closed' as const, start, end, durationMs: 1 });
    const list = publicIncidents(
      [
        closed('2026-11-20T00:00:00Z', '2026-11-20T01:00:00Z'),
        closed('2026-11-30T00:00:00Z', '2026-11-30T01:00:00Z'),
        { id: 'open', status: 'open', start: '2026-12-02T03:00:00Z', end: null, durationMs: null },
      ],
      NOW,
    );
    expect(list.map((i) => i.id)).toEqual(['open', '2026-11-30T00:00:00Z']);
    const many = Array.from({ length: 8 }, (_, i) => closed(`2026-12-01T0${i}:00:00Z`, `2026-12-01T0${i}:30:00Z`));
    expect(publicIncidents(many, NOW)).toHaveLength(5);
  });
});
