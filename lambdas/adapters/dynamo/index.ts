/** The DynamoDB adapters, split by aggregate, and the facade that bundles them over one table. */
export { StoreWriteError, createDocumentClient, isTransientError, type StoreOptions } from './client';
export { DynamoTable } from './table';
export { DynamoResultHistory } from './results';
export { DynamoSubjectState } from './subject-state';
export { DynamoStormWindows } from './storm-windows';
export { DynamoDailyAvailability } from './daily-availability';
export { CapacityStore } from './capacity-history';
export { DynamoStore } from './store';
export { DynamoDeliveryLedger } from './delivery-ledger';
export { DynamoPatrolBaselines } from './patrol-baselines';
