import type { PatrolState } from '../core/patrol/state';

/**
 * What the security patrol remembers per target (core/patrol/state.ts): the learned page
 * baseline, the accepted certificate and the NS set. One record per target; the patrol writes
 * it only when something in it changed, so a steady target costs one read per check.
 */
export interface PatrolBaselines {
  /** The stored states of these targets (those that have one). */
  readPatrol(targetIds: string[]): Promise<Map<string, PatrolState>>;
  /**
   * Stores `state`. With `basedOn` (the state the judgement read; null when none was stored) the
   * write is conditional: if another writer (another region) changed the record meanwhile, what
   * this judgement changed is merged onto theirs (core/patrol/merge.ts) and written again.
   * Without it the record is replaced whole.
   */
  savePatrol(targetId: string, state: PatrolState, options?: { basedOn: PatrolState | null }): Promise<void>;
  /** Drops what was learned: the next checks learn again (accepting a redesigned page or a new certificate). */
  forgetPatrol(targetId: string): Promise<void>;
}
