import type { DailyAvailability, DailyIncrement } from '../../core/status/types';
import type { DailyAvailabilityStore } from '../../ports';

/** Daily counts in memory, added like the DynamoDB ADD. */
export class MemoryDailyAvailability implements DailyAvailabilityStore {
  private readonly days = new Map<string, DailyAvailability>();

  async addDaily(increments: DailyIncrement[]): Promise<void> {
    for (const inc of increments) {
      const key = `${inc.app}\u0000${inc.day}`;
      const day = this.days.get(key) ?? { app: inc.app, day: inc.day, good: 0, total: 0, latencySumMs: 0, latencyCount: 0 };
      day.good += inc.good;
      day.total += inc.total;
      day.latencySumMs += inc.latencySumMs;
      day.latencyCount += inc.latencyCount;
      this.days.set(key, day);
    }
  }

  async dailyOf(app: string, fromDay: string, toDay: string): Promise<DailyAvailability[]> {
    return [...this.days.values()]
      .filter((d) => d.app === app && d.day >= fromDay && d.day <= toDay)
      .sort((a, b) => a.day.localeCompare(b.day))
      .map((d) => ({ ...d }));
  }
}
