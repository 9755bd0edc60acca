import type { RegionState } from './state';
import type { Tally } from './tally';
import { INTERMITTENT } from './failure-rate';

/** The failure class an outage is reported under ("timeout", "refused", … or `intermittent`). */

/** The most common failure class among regions (first seen wins a tie). */
export function commonCause(regions: Array<[string, RegionState]>): string {
  const counts = new Map<string, number>();
  for (const [, r] of regions) counts.set(r.error ?? 'error', (counts.get(r.error ?? 'error') ?? 0) + 1);
  let best = 'error';
  let bestCount = 0;
  for (const [cause, count] of counts) {
    if (count > bestCount) {
      best = cause;
      bestCount = count;
    }
  }
  return best;
}

/** The failure class of an outage: the hard failures' common class, or `intermittent`. */
export function causeOf(tally: Tally): string {
  const hard = tally.failing.filter(([name]) => tally.hardFailing.includes(name));
  return hard.length > 0 ? commonCause(hard) : INTERMITTENT;
}
