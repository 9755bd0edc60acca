import { describe, expect, it } from 'vitest';
import { isQuietTurn, isFresh, markQuiet, quietRefreshMs } from '../../../../lambdas/core/alerting/quiet-writes';
import { rules, simulate, regionState, J, S, at } from '../../../support/engine-script';

/**
 * Quiet writes decide nothing differently: the same scripts, run once writing every evaluation
 * and once keeping the stored state when the engine says quiet (as the alert cycle does), give
 * the same alerts at the same minutes, with far fewer writes.
 */

const T = 'ap-northeast-1';
const steady = (n: number) => '.'.repeat(n);
const QUIET = { quietMs: quietRefreshMs(rules()) };

describe('quiet writes keep every decision', () => {
  const table: Array<[string, Record<string, string>]> = [
    ['one region: a long healthy run, an outage, a recovery, healthy again', { [J]: `${steady(20)}xxxx..${steady(20)}` }],
    ['two regions: both fail after a healthy hour', { [J]: `${steady(60)}xxxx...`, [S]: `${steady(60)}xxxx...` }],
    ['two regions: one fails alone (no quorum), then both', { [J]: `${steady(15)}xxxxxx${steady(5)}xxx`, [S]: `${steady(21)}${steady(5)}xxx` }],
    ['three regions: two of three page', { [J]: `${steady(30)}xxxx`, [S]: `${steady(30)}..xx`, [T]: steady(34) }],
    ['degraded passes between healthy runs', { [J]: `${steady(12)}ddd${steady(12)}`, [S]: `${steady(12)}ddd${steady(12)}` }],
    ['a blip every ten minutes', { [J]: `${steady(9)}x${steady(9)}x${steady(9)}x${steady(9)}` }],
    // The peer falls silent while healthy, then the site fails where the live region looks: the page
    // comes at the same minute as when every check is written (a quiet entry is never fresher).
    ['two regions: one falls silent while healthy, then the other sees an outage', { [J]: `${steady(20)}xxxxxxxx`, [S]: `${steady(18)}` }],
    ['two regions: one falls silent right after a refresh, then the other sees an outage', { [J]: `${steady(21)}xxxxxxxx`, [S]: `${steady(20)}` }],
  ];
  it.each(table)('%s', (_name, scripts) => {
    const every = simulate(scripts);
    const quiet = simulate(scripts, QUIET);
    expect(quiet.log).toEqual(every.log);
    expect(quiet.state!.status).toBe(every.state!.status);
    expect(quiet.writes).toBeLessThan(every.writes);
  });

  it('a healthy hour from two regions: 2 + 2 writes to settle, then one per region every other minute', () => {
    const run = simulate({ [J]: steady(60), [S]: steady(60) }, QUIET);
    // Minutes 0 and 1 build the streaks (successThreshold 2) and mark the entries quiet: 4 writes.
    // quietMs is half the 3-minute freshness: the entry last written at minute 1 is rewritten at
    // the first check ≥ 1.5 min after: minutes 3, 5, …, 59 = 29 per region.
    expect(run.writes).toBe(4 + 2 * 29);
    expect(run.log).toEqual([]);
  });

  it('without quietMs every evaluation is written, as before', () => {
    expect(simulate({ [J]: steady(10) }).writes).toBe(10);
  });
});

describe('quiet entries', () => {
  const r = rules();
  it('only a steady entry is marked: passing cleanly, counters at the threshold, no failure in the window', () => {
    expect(markQuiet(regionState({ consecutiveSuccesses: 2, consecutiveClean: 2 }), r, 180_000).quietMs).toBe(180_000);
    expect(markQuiet(regionState({ consecutiveSuccesses: 1, consecutiveClean: 1 }), r, 180_000).quietMs).toBeUndefined();
    expect(markQuiet(regionState({ degraded: true, consecutiveSuccesses: 5, consecutiveClean: 0 }), r, 180_000).quietMs).toBeUndefined();
    expect(markQuiet(regionState({ consecutiveSuccesses: 5, consecutiveClean: 5, recent: 'PPFPP' }), r, 180_000).quietMs).toBeUndefined();
    expect(markQuiet(regionState({ consecutiveSuccesses: 5, consecutiveClean: 5, quietMs: 180_000 }), r, undefined).quietMs).toBeUndefined();
  });

  it('freshness is the entry\'s own age, quiet or not: fresh up to the freshness window, stale after', () => {
    expect(isFresh({ ts: at(0) }, 180_000, Date.parse(at(3)))).toBe(true);
    expect(isFresh({ ts: at(0) }, 180_000, Date.parse(at(4)))).toBe(false);
    // Refreshed at half the window, a region checking every minute is at most 2.5 minutes old.
    expect(quietRefreshMs(r)).toBe(r.freshnessMs / 2);
  });

  it('a turn is not quiet once the entry is quietMs old, or when anything but ts, reason and saturated counters moved', () => {
    const entry = regionState({ consecutiveSuccesses: 2, consecutiveClean: 2, quietMs: 180_000, ts: at(0) });
    const state = (over: object, top: object = {}) =>
      ({ subject: 'a', domain: 'uptime', app: 'a', severity: 'high', status: 'up', since: at(0), epoch: 0, lastTs: at(0), incident: null, lastIncident: null, lastAlertAt: null, reminders: 0, transitions: [], flapping: false, maintenance: null, note: null, pending: [], regions: { [J]: { ...entry, ...over } }, ...top }) as never;
    const before = state({});
    expect(isQuietTurn(before, state({ ts: at(1), reason: 'HTTP 200 in 80 ms', consecutiveSuccesses: 3, consecutiveClean: 3 }, { lastTs: at(1) }), J, r, 180_000)).toBe(true);
    expect(isQuietTurn(before, state({ ts: at(3), consecutiveSuccesses: 3, consecutiveClean: 3 }), J, r, 180_000)).toBe(false);
    expect(isQuietTurn(before, state({ ts: at(1) }, { epoch: 1 }), J, r, 180_000)).toBe(false);
    expect(isQuietTurn(before, state({ ts: at(1), passingSince: at(1) }), J, r, 180_000)).toBe(false);
  });
});
