import type { DailyAvailability, DailyIncrement } from '../core/status/types';

/**
 * Per (app, local day) counts of passing and total checks: the status page's 90-day bars. Kept
 * apart from the result history, which expires after `historyDays`; these outlive it.
 */
export interface DailyAvailabilityStore {
  /** Adds each increment to its (app, day) counts, atomically; concurrent runs never lose one. */
  addDaily(increments: DailyIncrement[]): Promise<void>;
  /** The stored days of `app` in [fromDay, toDay] (YYYY-MM-DD, inclusive), oldest first. */
  dailyOf(app: string, fromDay: string, toDay: string): Promise<DailyAvailability[]>;
}
