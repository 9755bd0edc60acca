import type { IncidentNote } from '../core/alerting/incident';
import type { SubjectRef } from './subjects';

/** A note as stored: which incident of the subject it belongs to (the incident's `start`). */
export type StoredNote = IncidentNote & { incidentStart: string };

/**
 * Updates written on incidents (`pantau note`). They live beside the incident projection, never
 * inside it: the alert engine rewrites its projection whenever the incident changes, and a note
 * written between two projections must not be lost.
 */
export interface IncidentNotes {
  /** Appends a note; two notes written at the same instant are both kept. */
  addNote(subject: SubjectRef, incidentStart: string, note: IncidentNote): Promise<void>;
  /** Every note of the subject's incidents, oldest first. */
  notesOf(subject: SubjectRef): Promise<StoredNote[]>;
}
