import { describe } from 'vitest';
import { implementations } from './implementations';
import { subjectStateContract } from './subject-state.contract';

for (const impl of implementations()) {
  describe(impl.name, () => subjectStateContract(impl.make));
}
