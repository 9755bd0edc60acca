import type { OnCallOverride } from '../core/oncall/overrides';

/**
 * Silences and ad-hoc maintenance windows, in the table. Each expires on its own (DynamoDB's TTL
 * removes it some time after `until`; readers also skip ended ones, since TTL is lazy).
 */
export interface OverrideStore {
  putOverride(override: OnCallOverride): Promise<void>;
  /** Every stored override (ended ones not yet removed included), in one read. */
  listOverrides(): Promise<OnCallOverride[]>;
  /** Removes one by id; false when there was none. */
  removeOverride(id: string): Promise<boolean>;
}
