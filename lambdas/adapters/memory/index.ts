import type { AlertStore, CapacityHistory, DailyAvailabilityStore, ResultHistory } from '../../ports';
import { MemoryCapacityHistory } from './capacity-history';
import { MemoryDailyAvailability } from './daily-availability';
import { MemoryResultHistory } from './results';
import { MemoryStormWindows } from './storm-windows';
import { MemorySubjectState } from './subject-state';

/**
 * In-memory implementations of the ports: the same behaviour as the DynamoDB adapters (the
 * contract suite in test/contract runs against both), for cycle tests that need no dynalite.
 */
export { MemoryCapacityHistory, MemoryDailyAvailability, MemoryResultHistory, MemoryStormWindows, MemorySubjectState };
export { MemoryLog, MemoryMetrics } from './observers';
export { MemoryDeliveryLedger } from './delivery-ledger';
export { MemoryPatrolBaselines } from './patrol-baselines';

/** Every storage port over one in-memory state, as a DynamoStore bundles them over one table. */
export type MemoryStore = ResultHistory & AlertStore & DailyAvailabilityStore & { capacity: CapacityHistory };

export function memoryStore(): MemoryStore {
  const subjects = new MemorySubjectState();
  return Object.assign(
    bindAll(new MemoryResultHistory()),
    bindAll(subjects),
    bindAll(new MemoryStormWindows()),
    bindAll(new MemoryDailyAvailability()),
    { capacity: new MemoryCapacityHistory(subjects) },
  );
}

/** The object's methods as own properties bound to it, so several can be merged into one. */
function bindAll<T extends object>(target: T): T {
  const bound: Record<string, unknown> = {};
  for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(target))) {
    const member = (target as Record<string, unknown>)[name];
    if (name !== 'constructor' && typeof member === 'function') bound[name] = member.bind(target);
  }
  return bound as T;
}
