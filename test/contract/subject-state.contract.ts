import { describe, expect, it } from 'vitest';
import { capacitySubject, targetSubject, type SubjectRef, type SubjectStateStore } from '../../lambdas/ports';

/** What every SubjectStateStore does: versioned conditional writes, and incident projections. */
export function subjectStateContract(make: () => Promise<SubjectStateStore>): void {
  const web = targetSubject('web');

  describe('subject state', () => {
    it('reads nothing for a subject never written, then the value with version 1 after one write', async () => {
      const store = await make();
      expect(await store.readSubject(web)).toBeUndefined();
      await store.updateSubject<{ n: number }, void>(web, () => ({ value: { n: 1 }, outcome: undefined }));
      expect(await store.readSubject(web)).toEqual({ value: { n: 1 }, version: 1 });
    });

    it('passes the stored value and version to the update, and skips the write when told to', async () => {
      const store = await make();
      const seen: Array<[unknown, number]> = [];
      const step = (write: boolean) =>
        store.updateSubject<{ n: number }, string>(web, (prev, version) => {
          seen.push([prev, version]);
          return { value: { n: (prev?.n ?? 0) + 1 }, outcome: `v${version}`, write };
        });
      expect(await step(true)).toBe('v0');
      expect(await step(false)).toBe('v1');
      expect(await step(true)).toBe('v1');
      expect(seen).toEqual([
        [undefined, 0],
        [{ n: 1 }, 1],
        [{ n: 1 }, 1],
      ]);
      expect(await store.readSubject(web)).toEqual({ value: { n: 2 }, version: 2 });
    });

    it('loses no update when many writers race on one subject (each re-reads after a conflict)', async () => {
      const store = await make();
      await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          store.updateSubject<{ writers: number[] }, void>(
            web,
            (prev) => ({ value: { writers: [...(prev?.writers ?? []), i] }, outcome: undefined }),
            20,
          ),
        ),
      );
      const state = await store.readSubject<{ writers: number[] }>(web);
      expect(state!.version).toBe(6);
      expect([...state!.value.writers].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    });

    it('keeps subjects apart, whatever their kind', async () => {
      const store = await make();
      const subjects: SubjectRef[] = [
        web,
        capacitySubject('dc-1', 'filesystem:/data'),
        { kind: 'ops', subject: 'probe-region:ap-southeast-3' },
        { kind: 'alarm', region: 'ap-southeast-3', alarmName: 'pantau-dead-shard' },
      ];
      for (const [i, s] of subjects.entries()) {
        await store.updateSubject<{ i: number }, void>(s, () => ({ value: { i }, outcome: undefined }));
      }
      for (const [i, s] of subjects.entries()) expect((await store.readSubject(s))!.value).toEqual({ i });
    });

    it('reads many subjects at once, returning those that exist with their subject', async () => {
      const store = await make();
      await store.updateSubject(targetSubject('a'), () => ({ value: { regions: { x: 1 } }, outcome: undefined }));
      await store.updateSubject(targetSubject('c'), () => ({ value: { regions: { x: 3 } }, outcome: undefined }));
      const found = await store.readSubjects<{ regions: Record<string, number> }>(['a', 'b', 'c', 'a'].map(targetSubject));
      const byTarget = Object.fromEntries(found.map(({ subject, value }) => [(subject as { target: string }).target, value]));
      expect(byTarget).toEqual({ a: { regions: { x: 1 } }, c: { regions: { x: 3 } } });
    });

    it('a returned value is a copy: changing it changes nothing stored', async () => {
      const store = await make();
      await store.updateSubject(web, () => ({ value: { list: [1] }, outcome: undefined }));
      const read = await store.readSubject<{ list: number[] }>(web);
      read!.value.list.push(2);
      expect((await store.readSubject(web))!.value).toEqual({ list: [1] });
    });
  });

  describe('incident projections', () => {
    it('keeps the newest projection when writers finish out of order', async () => {
      const store = await make();
      const start = '2026-11-24T03:00:00.000Z';
      expect(await store.projectIncident(web, { start, status: 'open' }, 3)).toBe(true);
      expect(await store.projectIncident(web, { start, status: 'closed' }, 5)).toBe(true);
      expect(await store.projectIncident(web, { start, status: 'open' }, 4)).toBe(false);
      expect(await store.projectIncident(web, { start, status: 'closed' }, 5)).toBe(false);
      expect(await store.incidentsOf(web)).toEqual([{ start, status: 'closed', rev: 5 }]);
    });

    it('lists a subject\'s incidents oldest first, and none of another subject\'s', async () => {
      const store = await make();
      await store.projectIncident(web, { start: '2026-11-24T05:00:00.000Z', n: 2 }, 1);
      await store.projectIncident(web, { start: '2026-11-24T03:00:00.000Z', n: 1 }, 1);
      await store.projectIncident(targetSubject('other'), { start: '2026-11-24T04:00:00.000Z', n: 9 }, 1);
      expect((await store.incidentsOf<{ n: number }>(web)).map((i) => i.n)).toEqual([1, 2]);
    });
  });
}
