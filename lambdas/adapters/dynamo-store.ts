/**
 * The single-table store, kept at its old address for the entry points and tests that build
 * one: the implementation lives in ./dynamo (one adapter per aggregate).
 */
export { DynamoStore, StoreWriteError, createDocumentClient, isTransientError, type StoreOptions } from './dynamo';
export type { StormWindowRecord, Versioned } from '../ports';
