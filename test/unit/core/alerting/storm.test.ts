import { describe, expect, it } from 'vitest';
import {
  chooseWindow,
  digestEvent,
  flushAfter,
  memberFates,
  openingEvent,
  STORM_FLUSH_GRACE_MS,
  type StormEntry,
  type StormWindow,
} from '../../../../lambdas/core/alerting/storm';
import type { AlertEvent } from '../../../../lambdas/core/alerting/types';

/**
 * The pure rules of storm windows shared by runs and shards: which window an alert joins, what
 * becomes of it (sent on its own, in the opening message, or held for the digest), and the
 * texts of both storm messages.
 */

const T0 = Date.parse('2026-11-24T03:00:00.000Z');
const WINDOW: StormWindow = { id: '2026-11-24T03:00:00.000Z#ab12', start: '2026-11-24T03:00:00.000Z', end: '2026-11-24T03:02:00.000Z' };

function event(target: string, partial: Partial<AlertEvent> = {}): AlertEvent {
  return {
    kind: 'down',
    target,
    app: 'kpu-kabkota',
    severity: 'high',
    topic: 'warning',
    incidentId: `${target}@20261124T030000Z`,
    ts: '2026-11-24T03:00:30.000Z',
    subject: `[Pantau] DOWN ${target}`,
    message: `DOWN Kpu-kabkota (${target}.kpu.go.id): timeout from 1/1 region since 10:00 WIB`,
    regions: ['ap-southeast-3'],
    dedupId: `${target}/down/2026-11-24T03:00:30.000Z`,
    domain: 'uptime',
    cause: 'timeout',
    ...partial,
  };
}

/** Entries for batches given as sizes: [2, 3] → two batches b0 (2 members) and b1 (3 members). */
function entries(sizes: number[]): StormEntry[] {
  let n = 0;
  return sizes.flatMap((size, b) =>
    Array.from({ length: size }, () => {
      n++;
      return { d: `t${n}/down/x`, t: `t${n}`, b: `b${b}` };
    }),
  );
}

describe('member fates: decided by the window member list alone', () => {
  it.each([
    ['one alert on its own', [1], 5, ['single']],
    ['batches that stay below the threshold are sent one by one', [2, 2], 5, ['single', 'single', 'single', 'single']],
    ['the batch holding the threshold-th position opens the storm', [2, 2, 3], 5, ['single', 'single', 'single', 'single', 'opening', 'opening', 'opening']],
    ['one run with threshold alerts or more: one opening (the per-run fast path)', [7], 5, Array(7).fill('opening')],
    ['batches after the opening are held', [5, 1, 2], 5, [...Array(5).fill('opening'), 'held', 'held', 'held']],
    ['a batch ending exactly at the threshold opens it; the next is held', [4, 1, 1], 5, ['single', 'single', 'single', 'single', 'opening', 'held']],
    ['threshold 0 turns grouping off', [3, 4], 0, Array(7).fill('single')],
    ['threshold 1 turns grouping off', [3, 4], 1, Array(7).fill('single')],
  ])('%s', (_name, sizes, threshold, expected) => {
    const order = entries(sizes as number[]);
    const fates = memberFates(order, threshold as number);
    expect(order.map((e) => fates.get(e.d)!.fate)).toEqual(expected);
  });

  it('gives positions and the last position of the batch (what the opening names)', () => {
    const order = entries([2, 4, 3]);
    const fates = memberFates(order, 5);
    expect(fates.get('t4/down/x')).toEqual({ fate: 'opening', position: 4, batch: 'b1', through: 6 });
    expect(fates.get('t7/down/x')).toEqual({ fate: 'held', position: 7, batch: 'b2', through: 9 });
  });

  it('is the same on every later read of the window (a retry decides the same)', () => {
    const early = entries([2, 4]);
    const later = [...early, ...entries([2, 4, 3]).slice(6)];
    const before = memberFates(early, 5);
    const after = memberFates(later, 5);
    for (const e of early) expect(after.get(e.d)).toEqual(before.get(e.d));
  });
});

describe('choosing the window', () => {
  const minute = 60_000;
  const closed = new Set<string>();

  it('opens a window at the first alert, lasting storm.windowMs', () => {
    expect(chooseWindow(undefined, T0, 2 * minute, closed, 'n1')).toEqual({
      open: { id: '2026-11-24T03:00:00.000Z#n1', start: '2026-11-24T03:00:00.000Z', end: '2026-11-24T03:02:00.000Z' },
      replaces: null,
    });
  });

  it('joins the current window until it ends, then opens the next, replacing it', () => {
    expect(chooseWindow(WINDOW, T0 + 119_999, 2 * minute, closed, 'n2')).toEqual({ join: WINDOW });
    const next = chooseWindow(WINDOW, T0 + 2 * minute, 2 * minute, closed, 'n2');
    expect(next).toEqual({
      open: { id: '2026-11-24T03:02:00.000Z#n2', start: '2026-11-24T03:02:00.000Z', end: '2026-11-24T03:04:00.000Z' },
      replaces: WINDOW.id,
    });
  });

  it('joins with a clock slightly behind the window start, not one a whole window behind', () => {
    expect(chooseWindow(WINDOW, T0 - 30_000, 2 * minute, closed, 'n3')).toEqual({ join: WINDOW });
    expect(chooseWindow(WINDOW, T0 - 3 * minute, 2 * minute, closed, 'n3')).toMatchObject({ replaces: WINDOW.id });
  });

  it('never joins a window found closed (its digest is being sent)', () => {
    const choice = chooseWindow(WINDOW, T0 + minute, 2 * minute, new Set([WINDOW.id]), 'n4');
    expect(choice).toMatchObject({ open: { start: '2026-11-24T03:01:00.000Z' }, replaces: WINDOW.id });
  });

  it('a window is due for its digest a few seconds after it ends', () => {
    expect(Date.parse(flushAfter(WINDOW)) - Date.parse(WINDOW.end)).toBe(STORM_FLUSH_GRACE_MS);
  });
});

describe('the opening message', () => {
  // Window so far: 3 sent one by one (other shards), then this run's batch of 4 crossed threshold 5.
  const order: StormEntry[] = [
    { d: 'aceh-barat/down/1', t: 'aceh-barat', b: 'x' },
    { d: 'aceh-besar/down/1', t: 'aceh-besar', b: 'y' },
    { d: 'aceh-jaya/down/1', t: 'aceh-jaya', b: 'y' },
    ...['badung', 'bangli', 'buleleng', 'gianyar'].map((t) => ({ d: `${t}/down/2026-11-24T03:00:30.000Z`, t, b: 'z' })),
  ];
  const batch = order.filter((e) => e.b === 'z');
  const events = new Map(batch.map((e) => [e.d, event(e.t, { severity: e.t === 'bangli' ? 'critical' : 'high' })]));

  it('names every member so far, delivers the crossing batch and says more may follow', () => {
    const e = openingEvent(WINDOW, order, batch, events, { timezone: 'Asia/Jakarta' });
    expect(e.message).toBe(
      'DOWN 7 Kpu-kabkota targets (timeout): aceh-barat, aceh-besar, aceh-jaya, badung, bangli, buleleng (+1 more); more may follow',
    );
    expect(e).toMatchObject({
      kind: 'down',
      target: 'group:kpu-kabkota',
      app: 'kpu-kabkota',
      severity: 'critical',
      topic: 'warning',
      incidentId: null,
      grouped: ['badung', 'bangli', 'buleleng', 'gianyar'],
      storm: { window: WINDOW.id, part: 'opening', total: 7 },
    });
    expect(e.body).toContain('Further targets reported before 10:02 WIB are held and sent as ONE follow-up message');
    expect(e.body).toContain('In this message (4):');
    for (const t of ['badung', 'bangli', 'buleleng', 'gianyar']) expect(e.body).toContain(`(${t}.kpu.go.id)`);
    expect(e.body).toContain('Already sent one by one (3): aceh-barat, aceh-besar, aceh-jaya');
    expect(e.subject.length).toBeLessThanOrEqual(99);
  });

  it('has a dedupId derived from the batch alone: a retry, even with fewer events in hand, carries the same id', () => {
    const first = openingEvent(WINDOW, order, batch, events, { timezone: 'Asia/Jakarta' });
    const partial = new Map([...events].slice(0, 2));
    const retry = openingEvent(WINDOW, order, [...batch].reverse(), partial, { timezone: 'Asia/Jakarta' });
    expect(retry.dedupId).toBe(first.dedupId);
    expect(first.dedupId).toMatch(/^storm\/down\/kpu-kabkota\/[0-9a-f]{16}$/);
    // Members whose alert could not be read are still named.
    expect(retry.body).toContain('- buleleng');
    expect(retry.body).toContain('- gianyar');
  });
});

describe('the follow-up digest', () => {
  const opening = entries([5]);
  const held = Array.from({ length: 450 }, (_, i) => ({ d: `kab-${String(i).padStart(3, '0')}/down/1`, t: `kab-${String(i).padStart(3, '0')}`, b: `h${i % 7}` }));
  const order = [...opening, ...held];
  const events = new Map(held.map((e) => [e.d, event(e.t, { dedupId: e.d })]));
  const key = { kind: 'down' as const, topic: 'warning' as const, app: 'kpu-kabkota' };

  it('delivers every held alert in one message, with the storm total', () => {
    const e = digestEvent(WINDOW, order, held, events, key, { timezone: 'Asia/Jakarta' });
    expect(e.message).toBe(
      'DOWN 450 more Kpu-kabkota targets (timeout): kab-000, kab-001, kab-002, kab-003, kab-004, kab-005 (+444 more); 455 in this storm since 10:00 WIB',
    );
    expect(e.grouped).toHaveLength(450);
    expect(new Set(e.grouped)).toEqual(new Set(held.map((h) => h.t)));
    expect(e).toMatchObject({ target: 'group:kpu-kabkota', kind: 'down', topic: 'warning', storm: { part: 'follow-up', total: 455 } });
    expect(e.body).toContain('Earlier in this storm (5): t1, t2, t3, t4, t5');
  });

  it('keeps the body bounded for very large storms (the list of targets stays complete)', () => {
    const e = digestEvent(WINDOW, order, held, events, key, { timezone: 'Asia/Jakarta' });
    const memberLines = e.body!.split('\n').filter((l) => l.startsWith('- '));
    expect(memberLines).toHaveLength(401);
    expect(memberLines.at(-1)).toBe('- … and 50 more (see the list of targets)');
    expect(e.body!.length).toBeLessThan(64 * 1024);
  });

  it('has a dedupId derived from the held alerts (the same on every retry of the flush)', () => {
    const a = digestEvent(WINDOW, order, held, events, key, { timezone: 'Asia/Jakarta' });
    const b = digestEvent(WINDOW, order, [...held].reverse(), new Map(), key, { timezone: 'Asia/Jakarta' });
    expect(b.dedupId).toBe(a.dedupId);
    expect(b.grouped).toEqual(a.grouped);
  });
});
