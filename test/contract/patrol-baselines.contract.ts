import { describe, expect, it } from 'vitest';
import type { PatrolState } from '../../lambdas/core/patrol/state';
import type { PatrolBaselines } from '../../lambdas/ports';

/** What every PatrolBaselines does: one state per target, read in batches, replaced whole or merged with a concurrent writer's, forgotten on demand. */
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

    it('two regions writing at once from the same read: each one\'s change is kept, none overwritten', async () => {
      const store = await make();
      await store.savePatrol('a', state(1));
      const [seenByA, seenByB, seenByC] = await Promise.all([1, 2, 3].map(async () => (await store.readPatrol(['a'])).get('a')!));
      const renewed = { ...seenByA, cert: { fingerprint256: 'BB:2', issuer: seenByA.cert!.issuer } };
      const newLink = { ...seenByB, content: { ...seenByB.content!, linkHosts: [...seenByB.content!.linkHosts, 'bawaslu.go.id'] } };
      const otherLink = { ...seenByC, content: { ...seenByC.content!, linkHosts: [...seenByC.content!.linkHosts, 'dkpp.go.id'] }, ns: ['ns2.kpu.go.id'] };
      await Promise.all([
        store.savePatrol('a', renewed, { basedOn: seenByA }),
        store.savePatrol('a', newLink, { basedOn: seenByB }),
        store.savePatrol('a', otherLink, { basedOn: seenByC }),
      ]);
      const stored = (await store.readPatrol(['a'])).get('a')!;
      expect(stored.cert?.fingerprint256).toBe('BB:2');
      expect(stored.ns).toEqual(['ns2.kpu.go.id']);
      expect([...stored.content!.linkHosts].sort()).toEqual(['bawaslu.go.id', 'dkpp.go.id', 'www.kpu.go.id']);
      expect(stored.content!.blocks).toEqual(state(1).content!.blocks);
    });

    it('a first learning by two regions at once keeps one certificate, the first written', async () => {
      const store = await make();
      const fromA: PatrolState = { cert: { fingerprint256: 'AA:1', issuer: 'CN=R3' } };
      const fromB: PatrolState = { cert: { fingerprint256: 'CC:1', issuer: 'CN=R3' }, ns: ['ns1.kpu.go.id'] };
      await store.savePatrol('a', fromA, { basedOn: null });
      await store.savePatrol('a', fromB, { basedOn: null });
      expect((await store.readPatrol(['a'])).get('a')).toEqual({ cert: fromA.cert, ns: ['ns1.kpu.go.id'] });
    });

    it('hands out copies: changing what was read changes nothing stored', async () => {
      const store = await make();
      await store.savePatrol('a', state(1));
      (await store.readPatrol(['a'])).get('a')!.content!.blocks.push(99);
      expect((await store.readPatrol(['a'])).get('a')).toEqual(state(1));
    });
  });
}
