import type { SubjectRef, SubjectStateStore, Versioned, VersionedUpdate } from '../../ports';
import { subjectIncidentKey, subjectPk, subjectStateKey, type ItemKey } from './keys';
import type { DynamoTable } from './table';

/**
 * Subject state on the single table: the subject's `STATE` item (versioned, conditional writes)
 * and its `INCIDENT#<start>` items (projections guarded by `rev`), in the subject's partition
 * (keys.ts subjectPk: TARGET#, CAPACITY#, OPS#, ALARM#).
 */
export class DynamoSubjectState implements SubjectStateStore {
  constructor(private readonly table: DynamoTable) {}

  readSubject<T>(subject: SubjectRef): Promise<Versioned<T> | undefined> {
    return this.table.getVersioned<T>(subjectStateKey(subject));
  }

  async readSubjects<T>(subjects: SubjectRef[]): Promise<Array<{ subject: SubjectRef; value: T }>> {
    const byKey = new Map(subjects.map((s) => [keyId(subjectStateKey(s)), s]));
    const found = await this.table.getItems<T>(subjects.map(subjectStateKey));
    return found.flatMap(({ key, value }) => {
      const subject = byKey.get(keyId(key));
      return subject ? [{ subject, value: withoutVersion(value) }] : [];
    });
  }

  updateSubject<T extends object, R>(subject: SubjectRef, update: VersionedUpdate<T, R>, maxAttempts?: number): Promise<R> {
    const expiresAt = expiryOf(subject);
    if (expiresAt === undefined) return this.table.updateVersioned(subjectStateKey(subject), update, maxAttempts);
    // A day's digest is history once sent: the table's TTL removes the item two weeks later.
    const expiring: VersionedUpdate<T, R> = (previous, version) => {
      const step = update(previous, version);
      return { ...step, value: { ...step.value, expiresAt } };
    };
    return this.table.updateVersioned(subjectStateKey(subject), expiring, maxAttempts);
  }

  projectIncident(subject: SubjectRef, incident: { start: string } & Record<string, unknown>, rev: number): Promise<boolean> {
    return this.table.putIfNewer(subjectIncidentKey(subject, incident.start), { type: 'incident', ...incident }, rev);
  }

  incidentsOf<T>(subject: SubjectRef): Promise<Array<T & { rev: number }>> {
    return this.table.queryPrefix<T & { rev: number }>(subjectPk(subject), 'INCIDENT#');
  }
}

/** How long a day's security digest item is kept after its day, in days. */
export const SECURITY_DIGEST_KEEP_DAYS = 14;

/** The TTL (epoch seconds) of subjects that are history, undefined for those kept for good. */
function expiryOf(subject: SubjectRef): number | undefined {
  if (subject.kind !== 'security-digest') return undefined;
  const dayStart = Date.parse(`${subject.day}T00:00:00Z`);
  return Number.isNaN(dayStart) ? undefined : Math.floor(dayStart / 1000) + SECURITY_DIGEST_KEEP_DAYS * 86_400;
}

const keyId = (key: ItemKey) => `${key.pk}\u0000${key.sk}`;

/** The version is the store's bookkeeping, not part of the subject's state. */
function withoutVersion<T>(value: T): T {
  const { version: _version, ...rest } = value as Record<string, unknown>;
  return rest as T;
}
