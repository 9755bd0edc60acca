import type { IncidentNote } from '../../core/alerting/incident';
import type { OnCallOverride } from '../../core/oncall/overrides';
import { subjectId, type IncidentNotes, type OverrideStore, type StoredNote, type SubjectRef } from '../../ports';

/** Incident notes in memory, in the DynamoDB adapter's order (incident start, then note time). */
export class MemoryIncidentNotes implements IncidentNotes {
  private readonly notes = new Map<string, StoredNote[]>();

  async addNote(subject: SubjectRef, incidentStart: string, note: IncidentNote): Promise<void> {
    const id = subjectId(subject);
    this.notes.set(id, [...(this.notes.get(id) ?? []), { incidentStart, ...structuredClone(note) }]);
  }

  async notesOf(subject: SubjectRef): Promise<StoredNote[]> {
    const order = (n: StoredNote) => `${n.incidentStart}#${n.ts}`;
    return [...(this.notes.get(subjectId(subject)) ?? [])]
      .sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))
      .map((n) => structuredClone(n));
  }
}

/** Silences and ad-hoc maintenance windows in memory (no TTL: readers skip ended ones). */
export class MemoryOverrides implements OverrideStore {
  private readonly overrides = new Map<string, OnCallOverride>();

  async putOverride(override: OnCallOverride): Promise<void> {
    this.overrides.set(override.id, structuredClone(override));
  }

  async listOverrides(): Promise<OnCallOverride[]> {
    return [...this.overrides.values()].map((o) => structuredClone(o));
  }

  async removeOverride(id: string): Promise<boolean> {
    return this.overrides.delete(id);
  }
}
