import { mergePatrolStates } from '../../core/patrol/merge';
import type { PatrolState } from '../../core/patrol/state';
import type { PatrolBaselines } from '../../ports';

/** The patrol's state in memory, with the DynamoDB adapter's semantics (reads return copies). */
export class MemoryPatrolBaselines implements PatrolBaselines {
  private readonly states = new Map<string, PatrolState>();
  /** Writes made so far (tests check that a steady target causes none). */
  writes = 0;

  async readPatrol(targetIds: string[]): Promise<Map<string, PatrolState>> {
    const found = new Map<string, PatrolState>();
    for (const id of targetIds) {
      const state = this.states.get(id);
      if (state) found.set(id, structuredClone(state));
    }
    return found;
  }

  async savePatrol(targetId: string, state: PatrolState, options?: { basedOn: PatrolState | null }): Promise<void> {
    this.writes++;
    const merged = options ? mergePatrolStates(options.basedOn ?? undefined, state, this.states.get(targetId)) : state;
    this.states.set(targetId, structuredClone(merged));
  }

  async forgetPatrol(targetId: string): Promise<void> {
    this.states.delete(targetId);
  }
}
