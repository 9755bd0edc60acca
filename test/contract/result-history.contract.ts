import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../lambdas/core/types';
import type { ResultHistory } from '../../lambdas/ports';

/** What every ResultHistory does: one entry per (target, time, region), newest first on read. */
export function resultHistoryContract(make: () => Promise<ResultHistory>): void {
  const result = (target: string, ts: string, region = 'ap-southeast-3'): CheckResult =>
    ({ target, ts, region, ok: true, latencyMs: 12, status: 200 }) as unknown as CheckResult;

  describe('result history', () => {
    it('returns a target\'s results newest first, limited, and none of other targets', async () => {
      const store = await make();
      const saved = await store.saveResults([
        result('web', '2026-11-24T03:00:00.000Z'),
        result('web', '2026-11-24T03:02:00.000Z'),
        result('web', '2026-11-24T03:01:00.000Z'),
        result('api', '2026-11-24T03:03:00.000Z'),
      ]);
      expect(saved).toBe(4);
      expect((await store.recentResults('web')).map((r) => r.ts)).toEqual([
        '2026-11-24T03:02:00.000Z',
        '2026-11-24T03:01:00.000Z',
        '2026-11-24T03:00:00.000Z',
      ]);
      expect(await store.recentResults('web', 1)).toEqual([result('web', '2026-11-24T03:02:00.000Z')]);
      expect(await store.recentResults('nobody')).toEqual([]);
    });

    it('keeps one entry per region at the same time, and a re-saved result once', async () => {
      const store = await make();
      const ts = '2026-11-24T03:00:00.000Z';
      await store.saveResults([result('web', ts, 'ap-southeast-3'), result('web', ts, 'ap-southeast-1')]);
      await store.saveResults([result('web', ts, 'ap-southeast-3')]);
      expect((await store.recentResults('web')).map((r) => r.region).sort()).toEqual(['ap-southeast-1', 'ap-southeast-3']);
    });
  });
}
