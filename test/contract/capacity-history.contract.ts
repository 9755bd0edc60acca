import { describe, expect, it } from 'vitest';
import type { CapacityHistory, CapacityState, SampleToSave, SubjectStateStore } from '../../lambdas/ports';
import { capacitySubject } from '../../lambdas/ports';

/**
 * What every CapacityHistory does: samples per resource read back by time range with the newest
 * counters, and a state that keeps `levelSince` while the level holds and shares its record with
 * the alert engine's subject state (neither writer erases the other's fields).
 */
export function capacityHistoryContract(make: () => Promise<{ capacity: CapacityHistory } & SubjectStateStore>): void {
  const T0 = Date.parse('2026-11-24T03:00:00.000Z');
  const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();
  const sample = (resource: string, minute: number, utilisation: number, counters?: Record<string, number>): SampleToSave => ({
    reading: { site: 'dc-1', resource, ts: at(minute), unit: 'percent', used: utilisation, total: 100, utilisation },
    ...(counters ? { counters: { tsMs: T0 + minute * 60_000, values: counters } } : {}),
  }) as SampleToSave;
  const state = (level: CapacityState['level'], minute: number): CapacityState => ({
    site: 'dc-1',
    resource: 'memory',
    unit: 'percent',
    level,
    levelSince: at(minute),
    utilisation: 50,
    hoursToExhaustion: null,
    hoursToCritical: null,
    exhaustionAt: null,
    ts: at(minute),
  });

  describe('capacity history', () => {
    it('reads the samples of one resource within [from, to], oldest first, with the newest counters', async () => {
      const { capacity } = await make();
      expect(
        await capacity.saveSamples([
          sample('cpu', 2, 0.3, { idle: 20 }),
          sample('cpu', 0, 0.1, { idle: 10 }),
          sample('cpu', 1, 0.2),
          sample('cpu', 5, 0.9, { idle: 90 }),
          sample('memory', 1, 0.7),
        ]),
      ).toBe(5);
      const history = await capacity.history('dc-1', 'cpu', T0, T0 + 3 * 60_000);
      expect(history.points).toEqual([
        { tMs: T0, value: 0.1 },
        { tMs: T0 + 60_000, value: 0.2 },
        { tMs: T0 + 120_000, value: 0.3 },
      ]);
      expect(history.latest).toEqual({ tsMs: T0 + 120_000, counters: { tsMs: T0 + 120_000, values: { idle: 20 } } });
      expect(await capacity.history('dc-1', 'disk', T0, T0 + 3 * 60_000)).toEqual({ points: [] });
    });

    it('keeps levelSince while the level holds, and answers the level before each save', async () => {
      const { capacity } = await make();
      expect(await capacity.getState('dc-1', 'memory')).toBeUndefined();
      expect(await capacity.saveState(state('ok', 0))).toEqual({ previousLevel: null });
      expect(await capacity.saveState(state('ok', 5))).toEqual({ previousLevel: 'ok' });
      expect((await capacity.getState('dc-1', 'memory'))!.levelSince).toBe(at(0));
      expect(await capacity.saveState(state('critical', 9))).toEqual({ previousLevel: 'ok' });
      expect(await capacity.getState('dc-1', 'memory')).toMatchObject({ level: 'critical', levelSince: at(9), ts: at(9) });
    });

    it('shares the resource\'s subject state with the alert engine: each keeps the other\'s fields', async () => {
      const store = await make();
      const subject = capacitySubject('dc-1', 'memory');
      await store.updateSubject(subject, () => ({ value: { status: 'down', since: 'engine-owned' }, outcome: undefined }));
      await store.capacity.saveState(state('warn', 1));
      expect((await store.readSubject(subject))!.value).toMatchObject({ status: 'down', since: 'engine-owned', level: 'warn' });
    });
  });
}
