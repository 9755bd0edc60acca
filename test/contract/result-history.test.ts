import { describe } from 'vitest';
import { implementations } from './implementations';
import { resultHistoryContract } from './result-history.contract';

for (const impl of implementations()) {
  describe(impl.name, () => resultHistoryContract(impl.make));
}
