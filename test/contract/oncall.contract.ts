import { describe, expect, it } from 'vitest';
import type { OnCallOverride } from '../../lambdas/core/oncall/overrides';
import { targetSubject, type IncidentNotes, type OverrideStore, type SubjectStateStore } from '../../lambdas/ports';

/** What the on-call stores do: notes kept beside incidents, overrides listed in one read. */
export type OnCallPorts = IncidentNotes & OverrideStore & Pick<SubjectStateStore, 'projectIncident' | 'incidentsOf'>;

const web = targetSubject('web');
const api = targetSubject('api');

function override(id: string, over: Partial<OnCallOverride> = {}): OnCallOverride {
  return {
    id,
    kind: 'silence',
    selector: 'web',
    targets: ['web'],
    apps: [],
    from: '2026-12-02T10:00:00.000Z',
    until: '2026-12-02T12:00:00.000Z',
    reason: 'DNS move',
    by: 'ana',
    createdAt: '2026-12-02T10:00:00.000Z',
    ...over,
  };
}

export function onCallContract(make: () => Promise<OnCallPorts>): void {
  describe('incident notes', () => {
    it('keeps every note of a subject, ordered by incident then time, apart from other subjects', async () => {
      const store = await make();
      await store.addNote(web, '2026-12-02T10:00:00.000Z', { ts: '2026-12-02T10:20:00.000Z', by: 'budi', text: 'second', public: false });
      await store.addNote(web, '2026-12-02T10:00:00.000Z', { ts: '2026-12-02T10:10:00.000Z', by: 'ana', text: 'first', public: true });
      await store.addNote(web, '2026-12-01T08:00:00.000Z', { ts: '2026-12-02T11:00:00.000Z', text: 'older incident', public: false });
      await store.addNote(api, '2026-12-02T10:00:00.000Z', { ts: '2026-12-02T10:15:00.000Z', text: 'not web', public: true });
      expect((await store.notesOf(web)).map((n) => [n.incidentStart, n.text, n.public, n.by])).toEqual([
        ['2026-12-01T08:00:00.000Z', 'older incident', false, undefined],
        ['2026-12-02T10:00:00.000Z', 'first', true, 'ana'],
        ['2026-12-02T10:00:00.000Z', 'second', false, 'budi'],
      ]);
    });

    it('keeps two notes written at the same instant', async () => {
      const store = await make();
      const note = { ts: '2026-12-02T10:10:00.000Z', text: 'same', public: false };
      await Promise.all([store.addNote(web, 's', note), store.addNote(web, 's', note)]);
      expect(await store.notesOf(web)).toHaveLength(2);
    });

    it('a note survives the engine rewriting the incident, and never shows up as an incident', async () => {
      const store = await make();
      const start = '2026-12-02T10:00:00.000Z';
      await store.projectIncident(web, { start, id: 'web@1', status: 'open' }, 1);
      await store.addNote(web, start, { ts: '2026-12-02T10:05:00.000Z', text: 'on it', public: true });
      await store.projectIncident(web, { start, id: 'web@1', status: 'closed' }, 2);
      expect(await store.incidentsOf(web)).toEqual([{ start, id: 'web@1', status: 'closed', rev: 2 }]);
      expect((await store.notesOf(web)).map((n) => n.text)).toEqual(['on it']);
    });
  });

  describe('overrides (silences, ad-hoc maintenance)', () => {
    it('lists what was put, whole, and removes one by id', async () => {
      const store = await make();
      expect(await store.listOverrides()).toEqual([]);
      await store.putOverride(override('sil-1'));
      await store.putOverride(override('mnt-2', { kind: 'maintenance', selector: 'app:sirekap', targets: [], apps: ['sirekap'] }));
      const listed = await store.listOverrides();
      expect(listed.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
        override('mnt-2', { kind: 'maintenance', selector: 'app:sirekap', targets: [], apps: ['sirekap'] }),
        override('sil-1'),
      ]);
      expect(await store.removeOverride('sil-1')).toBe(true);
      expect(await store.removeOverride('sil-1')).toBe(false);
      expect((await store.listOverrides()).map((o) => o.id)).toEqual(['mnt-2']);
    });

    it('a put with the same id replaces the override', async () => {
      const store = await make();
      await store.putOverride(override('sil-1'));
      await store.putOverride(override('sil-1', { reason: 'longer', until: '2026-12-02T14:00:00.000Z' }));
      expect(await store.listOverrides()).toEqual([override('sil-1', { reason: 'longer', until: '2026-12-02T14:00:00.000Z' })]);
    });
  });
}
