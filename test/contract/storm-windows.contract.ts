import { describe, expect, it } from 'vitest';
import type { StormKey, StormWindow } from '../../lambdas/core/alerting/storm';
import type { AlertEvent } from '../../lambdas/core/alerting/types';
import type { StormWindowStore } from '../../lambdas/ports';

/**
 * What every StormWindowStore does: one current window per storm key, replaced only
 * conditionally; memberships placed once (or moved from a named window); atomic appends refused
 * once closed or for a member already in; due windows in due order; flushes leased to one owner.
 */
export function stormWindowsContract(make: () => Promise<StormWindowStore>): void {
  const key: StormKey = { kind: 'down', topic: 'critical', app: 'kpu-kabkota' };
  const other: StormKey = { kind: 'down', topic: 'critical', app: 'other-app' };
  const w1: StormWindow = { id: '2026-11-24T03:00:00.000Z#aaaa', start: '2026-11-24T03:00:00.000Z', end: '2026-11-24T03:02:00.000Z' };
  const w2: StormWindow = { id: '2026-11-24T03:02:00.000Z#bbbb', start: '2026-11-24T03:02:00.000Z', end: '2026-11-24T03:04:00.000Z' };
  const init = (w: StormWindow) => ({ ...w, threshold: 5 });
  const entry = (d: string, b = 'batch1') => ({ d, t: `target-${d}`, b });
  const event = (dedupId: string) => ({ dedupId, kind: 'down', target: `target-${dedupId}` }) as unknown as AlertEvent;
  const lease = (owner: string, nowIso: string, untilIso: string) => ({ owner, nowIso, untilIso });

  describe('current window', () => {
    it('opens once per key; a replacement must name the window it replaces', async () => {
      const store = await make();
      expect(await store.currentWindow(key)).toBeUndefined();
      expect(await store.openWindow(key, w1, null)).toBe(true);
      expect(await store.openWindow(key, w2, null)).toBe(false);
      expect(await store.openWindow(key, w2, 'not-the-current-one')).toBe(false);
      expect(await store.currentWindow(key)).toEqual(w1);
      expect(await store.openWindow(key, w2, w1.id)).toBe(true);
      expect(await store.currentWindow(key)).toEqual(w2);
      expect(await store.currentWindow(other)).toBeUndefined();
    });
  });

  describe('memberships', () => {
    it('places an alert once; moves it only from the window it still names', async () => {
      const store = await make();
      expect(await store.placeMember(key, { windowId: w1.id, window: w1, event: event('a') })).toBe(true);
      expect(await store.placeMember(key, { windowId: w2.id, window: w2, event: event('a') })).toBe(false);
      expect(await store.placeMember(key, { windowId: w2.id, window: w2, event: event('a') }, 'some-other-window')).toBe(false);
      expect(await store.placeMember(key, { windowId: w2.id, window: w2, event: event('a') }, w1.id)).toBe(true);
      const [member] = await store.members(key, ['a']);
      expect(member).toMatchObject({ windowId: w2.id, window: w2, event: { dedupId: 'a' } });
    });

    it('reads the memberships that exist, of this key only', async () => {
      const store = await make();
      await store.placeMember(key, { windowId: w1.id, window: w1, event: event('a') });
      await store.placeMember(other, { windowId: w1.id, window: w1, event: event('b') });
      const found = await store.members(key, ['a', 'b', 'missing']);
      expect(found.map((m) => m.event.dedupId)).toEqual(['a']);
    });
  });

  describe('appends', () => {
    it('creates the window on the first append and keeps arrival order across batches', async () => {
      const store = await make();
      const first = await store.appendMembers(key, init(w1), [entry('a'), entry('b')]);
      expect(first.appended).toBe(true);
      expect(first.window).toMatchObject({ ...w1, threshold: 5, topic: 'critical', app: 'kpu-kabkota', kind: 'down' });
      const second = await store.appendMembers(key, init(w1), [entry('c', 'batch2')]);
      expect(second.window!.order).toEqual([entry('a'), entry('b'), entry('c', 'batch2')]);
      expect([...second.window!.ids].sort()).toEqual(['a', 'b', 'c']);
    });

    it('refuses a batch holding an alert already in, and says what the window holds', async () => {
      const store = await make();
      await store.appendMembers(key, init(w1), [entry('a')]);
      const again = await store.appendMembers(key, init(w1), [entry('b'), entry('a')]);
      expect(again.appended).toBe(false);
      expect(again.window!.order).toEqual([entry('a')]);
    });

    it('keeps the threshold a window was opened with', async () => {
      const store = await make();
      await store.appendMembers(key, init(w1), [entry('a')]);
      const later = await store.appendMembers(key, { ...w1, threshold: 50 }, [entry('b')]);
      expect(later.window!.threshold).toBe(5);
    });

    it('refuses appends once a flush began (the window is closed)', async () => {
      const store = await make();
      await store.appendMembers(key, init(w1), [entry('a')]);
      await store.markDue(key, w1, '2026-11-24T03:02:05.000Z');
      const [due] = await store.dueWindows('2026-11-24T03:03:00.000Z', 10);
      await store.claimFlush(due!, lease('run-1', '2026-11-24T03:03:00.000Z', '2026-11-24T03:05:00.000Z'));
      const late = await store.appendMembers(key, init(w1), [entry('b')]);
      expect(late.appended).toBe(false);
      expect(late.window!.closedAt).toBe('2026-11-24T03:03:00.000Z');
    });
  });

  describe('due windows and flushes', () => {
    it('finds windows due strictly before now, earliest first, at most `limit`', async () => {
      const store = await make();
      await store.markDue(key, w2, '2026-11-24T03:04:05.000Z');
      await store.markDue(key, w1, '2026-11-24T03:02:05.000Z');
      await store.markDue(key, w1, '2026-11-24T03:02:05.000Z'); // idempotent
      await store.markDue(other, w1, '2026-11-24T03:02:05.000Z');
      expect(await store.dueWindows('2026-11-24T03:02:05.000Z', 10)).toEqual([]);
      const due = await store.dueWindows('2026-11-24T03:05:00.000Z', 10);
      expect(due.map((d) => d.windowId)).toEqual([w1.id, w1.id, w2.id]);
      expect(await store.dueWindows('2026-11-24T03:05:00.000Z', 2)).toHaveLength(2);
    });

    it('leases a flush to one owner until the lease ends; finishing it flushes the window for good', async () => {
      const store = await make();
      await store.appendMembers(key, init(w1), [entry('a')]);
      await store.markDue(key, w1, '2026-11-24T03:02:05.000Z');
      const [due] = await store.dueWindows('2026-11-24T03:03:00.000Z', 10);
      const claimed = await store.claimFlush(due!, lease('run-1', '2026-11-24T03:03:00.000Z', '2026-11-24T03:05:00.000Z'));
      expect(claimed).toMatchObject({ id: w1.id, flushOwner: 'run-1', order: [entry('a')] });
      expect(await store.claimFlush(due!, lease('run-2', '2026-11-24T03:04:00.000Z', '2026-11-24T03:06:00.000Z'))).toBeUndefined();
      expect(await store.isFlushedOrGone(due!)).toBe(false);
      // The lease ran out: another run takes the flush over, and the first may no longer finish it.
      expect(await store.claimFlush(due!, lease('run-2', '2026-11-24T03:05:00.000Z', '2026-11-24T03:07:00.000Z'))).toBeDefined();
      expect(await store.finishFlush(due!, 'run-1', '2026-11-24T03:05:01.000Z')).toBe(false);
      expect(await store.finishFlush(due!, 'run-2', '2026-11-24T03:05:01.000Z')).toBe(true);
      expect(await store.isFlushedOrGone(due!)).toBe(true);
      expect(await store.claimFlush(due!, lease('run-3', '2026-11-24T03:09:00.000Z', '2026-11-24T03:10:00.000Z'))).toBeUndefined();
      await store.forgetDue(due!);
      expect(await store.dueWindows('2026-11-24T04:00:00.000Z', 10)).toEqual([]);
    });

    it('a released flush can be claimed again at once, and counts the failed attempt', async () => {
      const store = await make();
      await store.appendMembers(key, init(w1), [entry('a')]);
      await store.markDue(key, w1, '2026-11-24T03:02:05.000Z');
      const [due] = await store.dueWindows('2026-11-24T03:03:00.000Z', 10);
      await store.claimFlush(due!, lease('run-1', '2026-11-24T03:03:00.000Z', '2026-11-24T03:05:00.000Z'));
      await store.releaseFlush(due!, 'run-2', '2026-11-24T03:03:01.000Z', 'not the owner: ignored');
      await store.releaseFlush(due!, 'run-1', '2026-11-24T03:03:01.000Z', 'SNS: Throttling');
      const again = await store.claimFlush(due!, lease('run-2', '2026-11-24T03:03:02.000Z', '2026-11-24T03:05:00.000Z'));
      expect(again).toMatchObject({ flushOwner: 'run-2', flushAttempts: 1, lastError: 'SNS: Throttling', closedAt: '2026-11-24T03:03:00.000Z' });
    });

    it('a due entry whose window never got a member: the claim closes an empty window', async () => {
      const store = await make();
      await store.markDue(key, w1, '2026-11-24T03:02:05.000Z');
      const [due] = await store.dueWindows('2026-11-24T03:03:00.000Z', 10);
      const claimed = await store.claimFlush(due!, lease('run-1', '2026-11-24T03:03:00.000Z', '2026-11-24T03:05:00.000Z'));
      expect(claimed).toMatchObject({ order: [], ids: [], closedAt: '2026-11-24T03:03:00.000Z' });
      expect((await store.appendMembers(key, init(w1), [entry('a')])).appended).toBe(false);
    });
  });
}
