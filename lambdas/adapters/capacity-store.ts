/** The DynamoDB capacity history, kept at its old address: the implementation is ./dynamo/capacity-history. */
export { CapacityStore } from './dynamo/capacity-history';
export type { CapacityState, ResourceHistory, SampleToSave } from '../ports';
