import { mapWithConcurrency } from '../core/concurrency';
import type { PatrolIo } from '../core/patrol/extras';
import { digestCheck, judgePatrol, type ObservedCheck, type PatrolDigest } from '../core/patrol/patrol';
import type { PatrolState } from '../core/patrol/state';
import type { CheckResult, TargetSpec } from '../core/types';
import type { LogSink, PatrolBaselines } from '../ports';

/**
 * The probe cycle's patrol step. While the checks run, `observe` turns each check's body,
 * headers and handshake into a small digest (the body is dropped there, never stored); once the
 * shard is checked, `attach` reads the targets' patrol states in one batch, judges every digest
 * (with the extra fetches on their cadence), sets `result.patrol` and writes back only the states
 * that changed. The patrol never fails a cycle: its errors are logged and its verdict left out.
 */

export interface PatrolStepDeps {
  /** Learned baselines; without it the patrol judges what needs no memory (lexicon, headers, allow-lists, pins). */
  patrol?: PatrolBaselines;
  log: LogSink;
  concurrency: number;
  /** The extra fetches' network (tests hand in canned copies). */
  io?: PatrolIo;
}

export class PatrolStep {
  private readonly digests = new Map<string, PatrolDigest>();

  readonly observe = (observed: ObservedCheck): void => {
    const digest = digestCheck(observed);
    if (digest) this.digests.set(observed.target.id, digest);
  };

  async attach(targets: TargetSpec[], results: CheckResult[], deps: PatrolStepDeps): Promise<void> {
    if (this.digests.size === 0) return;
    const byId = new Map(targets.map((t) => [t.id, t]));
    const judged = results.filter((r) => this.digests.has(r.target) && byId.has(r.target));
    const { states, writable } = await this.readStates(judged.map((r) => r.target), deps);
    await mapWithConcurrency(judged, Math.max(1, deps.concurrency), async (result) => {
      const target = byId.get(result.target)!;
      try {
        const { verdict, next } = await judgePatrol(target, this.digests.get(result.target)!, states.get(result.target), {
          startedAtMs: Date.parse(result.ts),
          ...(deps.io ? { io: deps.io } : {}),
        });
        result.patrol = verdict;
        if (next && writable) await deps.patrol!.savePatrol(target.id, next);
      } catch (err) {
        deps.log.warn(`patrol of ${target.id} failed; the check result stands without it`, { target: target.id, error: String(err) });
      }
    });
    this.digests.clear();
  }

  /** The stored states, and whether new ones may be written (never over states that could not be read). */
  private async readStates(ids: string[], deps: PatrolStepDeps): Promise<{ states: Map<string, PatrolState>; writable: boolean }> {
    if (!deps.patrol || ids.length === 0) return { states: new Map(), writable: false };
    try {
      return { states: await deps.patrol.readPatrol(ids), writable: true };
    } catch (err) {
      deps.log.warn('patrol states unreadable; judging without baselines this run', { error: String(err) });
      return { states: new Map(), writable: false };
    }
  }
}
