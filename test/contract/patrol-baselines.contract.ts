import { describe, expect, it } from 'vitest';
import type { PatrolState } from '../../lambdas/core/patrol/state';
import type { PatrolBaselines } from '../../lambdas/ports';

/** What every PatrolBaselines does: one state per target, read in batches, replaced whole, forgotten on demand. */
export function patrolBaselinesContract(make: () => Promise<PatrolBaselines>): void {
  const state = (n: number): PatrolState => ({
    content: { samples: n, blocks: [1, 2, 3 + n], linkHosts: ['www.kpu.go.id'] },
    cert: { fingerprint256: `AA:${n}`, issuer: 'CN=R3, O=Let\'s Encrypt', spki256: 'k'.repeat(43) + '=' },
    ns: ['ns1.kpu.go.id'],
  });

  describe('patrol baselines', () => {
    it('reads back what was saved, per target, and only the targets that have one', async () => {
      const store = await make();
      expect((await store.readPatrol(['a', 'b'])).size).toBe(0);
      await store.savePatrol('a', state(1));
      await store.savePatrol('b', state(2));
      const read = await store.readPatrol(['a', 'b', 'c']);
      expect([...read.keys()].sort()).toEqual(['a', 'b']);
      expect(read.get('a')).toEqual(state(1));
      expect(read.get('b')).toEqual(state(2));
    });

    it('replaces a state whole and forgets it on demand', async () => {
      const store = await make();
      await store.savePatrol('a', state(1));
      await store.savePatrol('a', { ns: ['ns9.example'] });
      expect((await store.readPatrol(['a'])).get('a')).toEqual({ ns: ['ns9.example'] });
      await store.forgetPatrol('a');
      expect((await store.readPatrol(['a'])).has('a')).toBe(false);
    });

    it('hands out copies: changing what was read changes nothing stored', async () => {
      const store = await make();
      await store.savePatrol('a', state(1));
      (await store.readPatrol(['a'])).get('a')!.content!.blocks.push(99);
      expect((await store.readPatrol(['a'])).get('a')).toEqual(state(1));
    });
  });
}
