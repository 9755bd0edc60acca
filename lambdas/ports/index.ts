/**
 * The ports between the cycles (lambdas/app) and the adapters: what the cycles need from
 * storage and the outside world, in domain terms. DynamoDB and in-memory implementations live
 * in lambdas/adapters/dynamo and lambdas/adapters/memory; test/contract holds the behaviour
 * every implementation must show.
 */
export type { LogSink } from './log';
export type { FetchOptions } from './http-fetch';
export type { MetricsPublisher } from './metrics';
export type { MetricMathReader } from './metric-math';
export { resolveSecretHeaders, type SecretResolver } from './secrets';
export type { ResultHistory } from './result-history';
export { capacitySubject, securitySubject, subjectId, targetSubject, type SubjectRef } from './subjects';
export type { SubjectStateStore, Versioned, VersionedUpdate } from './subject-state';
export type {
  DueStormWindow,
  FlushLease,
  StormMember,
  StormWindowInit,
  StormWindowRecord,
  StormWindowStore,
} from './storm-windows';
export type { IncidentNotes, StoredNote } from './incident-notes';
export type { OverrideStore } from './overrides';
export type { CapacityHistory, CapacityState, ResourceHistory, SampleToSave } from './capacity-history';
export type { PatrolBaselines } from './patrol-baselines';
export type { DailyAvailabilityStore } from './daily-availability';
export type { StatusSite } from './status-site';

import type { StormWindowStore } from './storm-windows';
import type { SubjectStateStore } from './subject-state';

/** What the alert cycle needs from storage: subject state and storm windows. */
export type AlertStore = SubjectStateStore & StormWindowStore;
export type { DeliveryClaim, DeliveryLedger } from './delivery-ledger';
export { DELIVERY_MEMORY_MS } from './delivery-ledger';
