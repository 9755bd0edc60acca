import { describe, expect, it } from 'vitest';
import type { DailyIncrement } from '../../lambdas/core/status/types';
import type { DailyAvailabilityStore } from '../../lambdas/ports';

/** What every DailyAvailabilityStore does: adds increments per (app, day), reads a day range oldest first. */
export function dailyAvailabilityContract(make: () => Promise<DailyAvailabilityStore>): void {
  const inc = (app: string, day: string, good: number, total: number, latencySumMs = 0, latencyCount = 0): DailyIncrement => ({
    app, day, good, total, latencySumMs, latencyCount,
  });

  describe('daily availability', () => {
    it('adds increments of the same (app, day) together, and keeps apps and days apart', async () => {
      const store = await make();
      await store.addDaily([inc('sirekap', '2026-12-01', 10, 10, 1000, 10), inc('kpu', '2026-12-01', 1, 2, 50, 1)]);
      await store.addDaily([inc('sirekap', '2026-12-01', 3, 5, 300, 3), inc('sirekap', '2026-12-02', 4, 4, 40, 4)]);
      expect(await store.dailyOf('sirekap', '2026-11-01', '2026-12-31')).toEqual([
        inc('sirekap', '2026-12-01', 13, 15, 1300, 13),
        inc('sirekap', '2026-12-02', 4, 4, 40, 4),
      ]);
      expect(await store.dailyOf('kpu', '2026-12-01', '2026-12-01')).toEqual([inc('kpu', '2026-12-01', 1, 2, 50, 1)]);
    });

    it('loses no increment when many runs add to one day at once', async () => {
      const store = await make();
      await Promise.all(Array.from({ length: 20 }, () => store.addDaily([inc('sirekap', '2026-12-01', 1, 2, 10, 1)])));
      expect(await store.dailyOf('sirekap', '2026-12-01', '2026-12-01')).toEqual([inc('sirekap', '2026-12-01', 20, 40, 200, 20)]);
    });

    it('reads only the days inside the range, inclusive, and nothing for an unknown app', async () => {
      const store = await make();
      await store.addDaily(['2026-09-01', '2026-09-02', '2026-11-30', '2026-12-01'].map((day) => inc('kpu', day, 1, 1)));
      expect((await store.dailyOf('kpu', '2026-09-02', '2026-11-30')).map((d) => d.day)).toEqual(['2026-09-02', '2026-11-30']);
      expect(await store.dailyOf('nobody', '2026-01-01', '2026-12-31')).toEqual([]);
    });
  });
}
