import { describe } from 'vitest';
import { dailyAvailabilityContract } from './daily-availability.contract';
import { implementations } from './implementations';

for (const impl of implementations()) {
  describe(impl.name, () => dailyAvailabilityContract(impl.make));
}
