import { describe } from 'vitest';
import { DynamoPatrolBaselines } from '../../lambdas/adapters/dynamo';
import { MemoryPatrolBaselines } from '../../lambdas/adapters/memory';
import type { DynamoTable } from '../../lambdas/adapters/dynamo';
import { implementations } from './implementations';
import { patrolBaselinesContract } from './patrol-baselines.contract';

for (const impl of implementations()) {
  describe(impl.name, () =>
    patrolBaselinesContract(async () => {
      const store = await impl.make();
      // The dynamo implementation sits on the same table as the other ports; memory stands alone.
      return impl.name.startsWith('dynamodb') ? new DynamoPatrolBaselines(store as unknown as DynamoTable) : new MemoryPatrolBaselines();
    }),
  );
}
