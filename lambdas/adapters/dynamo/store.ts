import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StormEntry, StormKey, StormWindow } from '../../core/alerting/storm';
import type { DailyIncrement } from '../../core/status/types';
import type { CheckResult } from '../../core/types';
import type {
  AlertStore,
  DailyAvailabilityStore,
  DueStormWindow,
  FlushLease,
  ResultHistory,
  StormMember,
  StormWindowInit,
  SubjectRef,
  VersionedUpdate,
} from '../../ports';
import type { StoreOptions } from './client';
import { DynamoDailyAvailability } from './daily-availability';
import { DynamoResultHistory } from './results';
import { DynamoStormWindows } from './storm-windows';
import { DynamoSubjectState } from './subject-state';
import { DynamoTable } from './table';

/**
 * One object for the whole single table: the item operations (DynamoTable) plus the result
 * history, subject state and storm window ports, each implemented by its own adapter. The
 * entry points build one of these; the cycles only see the ports.
 */
export class DynamoStore extends DynamoTable implements ResultHistory, AlertStore, DailyAvailabilityStore {
  private readonly results = new DynamoResultHistory(this);
  private readonly subjects = new DynamoSubjectState(this);
  private readonly storms = new DynamoStormWindows(this);
  private readonly availability = new DynamoDailyAvailability(this);

  constructor(doc: DynamoDBDocumentClient, options: StoreOptions) {
    super(doc, options);
  }

  // Result history
  saveResults(results: CheckResult[]) {
    return this.results.saveResults(results);
  }
  recentResults(targetId: string, limit?: number) {
    return this.results.recentResults(targetId, limit);
  }
  resultItem(result: CheckResult) {
    return this.results.resultItem(result);
  }

  // Subject state
  readSubject<T>(subject: SubjectRef) {
    return this.subjects.readSubject<T>(subject);
  }
  readSubjects<T>(subjects: SubjectRef[]) {
    return this.subjects.readSubjects<T>(subjects);
  }
  updateSubject<T extends object, R>(subject: SubjectRef, update: VersionedUpdate<T, R>, maxAttempts?: number) {
    return this.subjects.updateSubject(subject, update, maxAttempts);
  }
  projectIncident(subject: SubjectRef, incident: { start: string } & Record<string, unknown>, rev: number) {
    return this.subjects.projectIncident(subject, incident, rev);
  }
  incidentsOf<T>(subject: SubjectRef) {
    return this.subjects.incidentsOf<T>(subject);
  }

  // Storm windows
  currentWindow(key: StormKey) {
    return this.storms.currentWindow(key);
  }
  openWindow(key: StormKey, window: StormWindow, replaces: string | null) {
    return this.storms.openWindow(key, window, replaces);
  }
  members(key: StormKey, dedupIds: string[]) {
    return this.storms.members(key, dedupIds);
  }
  placeMember(key: StormKey, member: StormMember, movingFrom?: string) {
    return this.storms.placeMember(key, member, movingFrom);
  }
  markDue(key: StormKey, window: StormWindow, dueAtIso: string) {
    return this.storms.markDue(key, window, dueAtIso);
  }
  appendMembers(key: StormKey, window: StormWindowInit, entries: StormEntry[]) {
    return this.storms.appendMembers(key, window, entries);
  }
  dueWindows(nowIso: string, limit: number) {
    return this.storms.dueWindows(nowIso, limit);
  }
  claimFlush(due: DueStormWindow, lease: FlushLease) {
    return this.storms.claimFlush(due, lease);
  }
  isFlushedOrGone(due: DueStormWindow) {
    return this.storms.isFlushedOrGone(due);
  }
  finishFlush(due: DueStormWindow, owner: string, nowIso: string) {
    return this.storms.finishFlush(due, owner, nowIso);
  }
  releaseFlush(due: DueStormWindow, owner: string, nowIso: string, error: string) {
    return this.storms.releaseFlush(due, owner, nowIso, error);
  }
  forgetDue(due: DueStormWindow) {
    return this.storms.forgetDue(due);
  }

  // Daily availability (the status page)
  addDaily(increments: DailyIncrement[]) {
    return this.availability.addDaily(increments);
  }
  dailyOf(app: string, fromDay: string, toDay: string) {
    return this.availability.dailyOf(app, fromDay, toDay);
  }
}
