import type { SubjectRef } from './subjects';

/** A subject's state as read: `version` is what a conditional write must match. */
export interface Versioned<T> {
  value: T;
  version: number;
}

/**
 * One read-modify-write step. Receives the stored value and its version (a winning write makes
 * it version + 1); answers the new value, what to return, and `write: false` when there is
 * nothing to change (no write, no version bump). Must be pure: it may run more than once.
 */
export type VersionedUpdate<T, R> = (previous: T | undefined, version: number) => { value: T; outcome: R; write?: boolean };

/**
 * The state of each alerting subject: one versioned record per subject, shared by its writers
 * (the alert engine's status, regions and pending outbox; capacity's level and forecast), plus
 * the projection of its incidents.
 *
 * Exactly once rests on `updateSubject`: concurrent runs each read, decide and write
 * conditionally on the version they read; a loser re-reads and decides again, so only one run
 * ever owns a transition (and the alerts written into the record's pending outbox with it).
 */
export interface SubjectStateStore {
  readSubject<T>(subject: SubjectRef): Promise<Versioned<T> | undefined>;
  /** The records of many subjects (those that exist), in no particular order. */
  readSubjects<T>(subjects: SubjectRef[]): Promise<Array<{ subject: SubjectRef; value: T }>>;
  /**
   * Read-modify-write with optimistic concurrency: re-reads and re-applies `update` when another
   * writer got in first; throws after `maxAttempts` conflicts.
   */
  updateSubject<T extends object, R>(subject: SubjectRef, update: VersionedUpdate<T, R>, maxAttempts?: number): Promise<R>;
  /**
   * Writes the projection of an incident (keyed by its `start`) only if `rev` (the version of
   * the state it was derived from) is newer than the stored one's: writers may finish out of
   * order. Returns false when stale.
   */
  projectIncident(subject: SubjectRef, incident: { start: string } & Record<string, unknown>, rev: number): Promise<boolean>;
  /** The subject's incident projections, oldest first (each with its `rev`). */
  incidentsOf<T>(subject: SubjectRef): Promise<Array<T & { rev: number }>>;
}
