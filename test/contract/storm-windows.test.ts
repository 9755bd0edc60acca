import { describe } from 'vitest';
import { implementations } from './implementations';
import { stormWindowsContract } from './storm-windows.contract';

for (const impl of implementations()) {
  describe(impl.name, () => stormWindowsContract(impl.make));
}
