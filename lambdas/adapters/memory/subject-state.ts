import { subjectId, type SubjectRef, type SubjectStateStore, type Versioned, type VersionedUpdate } from '../../ports';

/**
 * Subject state in memory, with the DynamoDB adapter's semantics: writes are conditional on the
 * version read (a write that lost waits a turn and re-reads), incident projections only ever
 * move to a newer `rev`, and every read returns a copy (no caller shares the stored object).
 */
export class MemorySubjectState implements SubjectStateStore {
  private readonly states = new Map<string, { value: unknown; version: number }>();
  private readonly incidents = new Map<string, Map<string, Record<string, unknown> & { rev: number }>>();

  async readSubject<T>(subject: SubjectRef): Promise<Versioned<T> | undefined> {
    const stored = this.states.get(subjectId(subject));
    return stored ? { value: structuredClone(stored.value) as T, version: stored.version } : undefined;
  }

  async readSubjects<T>(subjects: SubjectRef[]): Promise<Array<{ subject: SubjectRef; value: T }>> {
    const unique = new Map(subjects.map((s) => [subjectId(s), s]));
    const found: Array<{ subject: SubjectRef; value: T }> = [];
    for (const [id, subject] of unique) {
      const stored = this.states.get(id);
      if (stored) found.push({ subject, value: structuredClone(stored.value) as T });
    }
    return found;
  }

  async updateSubject<T extends object, R>(subject: SubjectRef, update: VersionedUpdate<T, R>, maxAttempts = 8): Promise<R> {
    const id = subjectId(subject);
    for (let attempt = 1; ; attempt++) {
      const current = await this.readSubject<T>(subject);
      const version = current?.version ?? 0;
      const { value, outcome, write } = update(current?.value, version);
      if (write === false) return outcome;
      // A turn between read and write, as over a network: concurrent updates interleave here.
      await Promise.resolve();
      if ((this.states.get(id)?.version ?? 0) === version) {
        this.states.set(id, { value: structuredClone(value), version: version + 1 });
        return outcome;
      }
      if (attempt >= maxAttempts) throw new Error(`gave up writing ${id} after ${attempt} conflicts`);
    }
  }

  async projectIncident(subject: SubjectRef, incident: { start: string } & Record<string, unknown>, rev: number): Promise<boolean> {
    const id = subjectId(subject);
    const ofSubject = this.incidents.get(id) ?? new Map<string, Record<string, unknown> & { rev: number }>();
    const stored = ofSubject.get(incident.start);
    if (stored && stored.rev >= rev) return false;
    ofSubject.set(incident.start, { ...structuredClone(incident), rev });
    this.incidents.set(id, ofSubject);
    return true;
  }

  async incidentsOf<T>(subject: SubjectRef): Promise<Array<T & { rev: number }>> {
    const ofSubject = this.incidents.get(subjectId(subject)) ?? new Map();
    return [...ofSubject.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, value]) => structuredClone(value) as T & { rev: number });
  }
}
