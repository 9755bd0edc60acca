import type { PatrolState } from '../../core/patrol/state';
import type { PatrolBaselines } from '../../ports';
import { patrolKey } from './keys';
import type { DynamoTable } from './table';

/**
 * The patrol's state on the single table: one `PATROL` item in the target's partition, beside
 * its STATE and results. Not history, so no TTL: it lives as long as the target.
 */
export class DynamoPatrolBaselines implements PatrolBaselines {
  constructor(private readonly table: DynamoTable) {}

  async readPatrol(targetIds: string[]): Promise<Map<string, PatrolState>> {
    const byPk = new Map(targetIds.map((id) => [patrolKey(id).pk, id]));
    const found = await this.table.getItems<{ state: PatrolState }>(targetIds.map(patrolKey));
    const states = new Map<string, PatrolState>();
    for (const { key, value } of found) {
      const id = byPk.get(key.pk);
      if (id !== undefined && value.state) states.set(id, value.state);
    }
    return states;
  }

  savePatrol(targetId: string, state: PatrolState): Promise<void> {
    return this.table.putItem(patrolKey(targetId), { type: 'patrol', state });
  }

  forgetPatrol(targetId: string): Promise<void> {
    return this.table.deleteItem(patrolKey(targetId));
  }
}
