import { mergePatrolStates } from '../../core/patrol/merge';
import type { PatrolState } from '../../core/patrol/state';
import type { PatrolBaselines } from '../../ports';
import { patrolKey } from './keys';
import type { DynamoTable } from './table';

/**
 * The patrol's state on the single table: one `PATROL` item in the target's partition, beside
 * its STATE and results. Not history, so no TTL: it lives as long as the target. Judgements
 * write it versioned (like subject state): a write lost to another region's is merged and retried.
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

  async savePatrol(targetId: string, state: PatrolState, options?: { basedOn: PatrolState | null }): Promise<void> {
    if (!options) return this.table.putItem(patrolKey(targetId), { type: 'patrol', state });
    const base = options.basedOn ?? undefined;
    await this.table.updateVersioned<{ type: string; state?: PatrolState }, void>(patrolKey(targetId), (stored) => ({
      value: { type: 'patrol', state: mergePatrolStates(base, state, stored?.state) },
      outcome: undefined,
    }));
  }

  forgetPatrol(targetId: string): Promise<void> {
    return this.table.deleteItem(patrolKey(targetId));
  }
}
