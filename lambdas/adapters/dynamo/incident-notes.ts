import { randomUUID } from 'node:crypto';
import type { IncidentNote } from '../../core/alerting/incident';
import type { IncidentNotes, StoredNote, SubjectRef } from '../../ports';
import { INCIDENT_NOTE_PREFIX, incidentNoteKey, subjectPk } from './keys';
import type { DynamoTable } from './table';

/** Incident notes on the single table: one `NOTE#<incident start>#<ts>#<nonce>` item per note. */
export class DynamoIncidentNotes implements IncidentNotes {
  constructor(private readonly table: DynamoTable) {}

  async addNote(subject: SubjectRef, incidentStart: string, note: IncidentNote): Promise<void> {
    const key = incidentNoteKey(subject, incidentStart, note.ts, randomUUID().slice(0, 8));
    await this.table.putIfMatches(key, { type: 'incident-note', incidentStart, ...note }, 'absent');
  }

  async notesOf(subject: SubjectRef): Promise<StoredNote[]> {
    return this.table.queryPrefix<StoredNote>(subjectPk(subject), INCIDENT_NOTE_PREFIX, 1000);
  }
}
