import { describe } from 'vitest';
import { implementations } from './implementations';
import { capacityHistoryContract } from './capacity-history.contract';

for (const impl of implementations()) {
  describe(impl.name, () => capacityHistoryContract(impl.make));
}
