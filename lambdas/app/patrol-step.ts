import type { PatrolIo } from '../core/patrol/extras';
import { digestCheck, judgePatrol, type ObservedCheck, type PatrolDigest } from '../core/patrol/patrol';
import type { PatrolState } from '../core/patrol/state';
import type { CheckResult, TargetSpec } from '../core/types';
import type { LogSink, PatrolBaselines } from '../ports';

/**
 * The probe cycle's patrol step. While the checks run, `observe` turns each check's body,
 * headers and handshake into a small digest (the body is dropped there, never stored) and
 * `judge` judges it as soon as its check has finished: the targets' patrol states are read in
 * one batch when the step starts, each verdict is set on `result.patrol` (so whoever hears of a
 * result hears of its findings in the same breath) and only the states that changed are written
 * back. The extra fetches run inside the check's own time (core/patrol/budget.ts) and stop with
 * the run's signal. The patrol never fails a cycle: its errors are logged and its verdict left out.
 */

export interface PatrolStepDeps {
  /** Learned baselines; without it the patrol judges what needs no memory (lexicon, headers, allow-lists, pins). */
  patrol?: PatrolBaselines;
  log: LogSink;
  /** Judgements (with their extra fetches) in flight at once. */
  concurrency: number;
  /** The extra fetches' network (tests hand in canned copies). */
  io?: PatrolIo;
  /** The run's abort signal: extra fetches stop when it aborts. */
  signal?: AbortSignal;
}

interface StoredStates {
  states: Map<string, PatrolState>;
  /** Whether new states may be written (never over states that could not be read). */
  writable: boolean;
}

export class PatrolStep {
  private readonly digests = new Map<string, PatrolDigest>();
  private readonly byId: Map<string, TargetSpec>;
  private stored?: Promise<StoredStates>;
  private readonly pending = new Set<Promise<void>>();
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    targets: TargetSpec[],
    private readonly deps: PatrolStepDeps,
  ) {
    this.byId = new Map(targets.map((t) => [t.id, t]));
  }

  readonly observe = (observed: ObservedCheck): void => {
    const digest = digestCheck(observed);
    if (digest) this.digests.set(observed.target.id, digest);
  };

  /** Judges a finished check's digest, if it has one, and sets `result.patrol`; never rejects. */
  judge(result: CheckResult): Promise<void> {
    const digest = this.digests.get(result.target);
    const target = this.byId.get(result.target);
    if (!digest || !target) return Promise.resolve();
    this.digests.delete(result.target);
    const judging = this.withSlot(() => this.judgeOne(target, digest, result));
    this.pending.add(judging);
    void judging.finally(() => this.pending.delete(judging));
    return judging;
  }

  /** Judges whatever is left among `results` and waits for every judgement started so far. */
  async attach(results: CheckResult[]): Promise<void> {
    for (const result of results) void this.judge(result);
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async judgeOne(target: TargetSpec, digest: PatrolDigest, result: CheckResult): Promise<void> {
    try {
      const { states, writable } = await this.states();
      const { verdict, next } = await judgePatrol(target, digest, states.get(target.id), {
        startedAtMs: Date.parse(result.ts),
        ...(this.deps.io ? { io: this.deps.io } : {}),
        ...(this.deps.signal ? { signal: this.deps.signal } : {}),
      });
      result.patrol = verdict;
      // Conditional on what was read: another region's write meanwhile is merged, not overwritten.
      if (next && writable) await this.deps.patrol!.savePatrol(target.id, next, { basedOn: states.get(target.id) ?? null });
    } catch (err) {
      this.deps.log.warn(`patrol of ${target.id} failed; the check result stands without it`, { target: target.id, error: String(err) });
    }
  }

  /** The stored states of every target of the step, read once in one batch. */
  private states(): Promise<StoredStates> {
    this.stored ??= this.readStates([...this.byId.keys()]);
    return this.stored;
  }

  private async readStates(ids: string[]): Promise<StoredStates> {
    if (!this.deps.patrol || ids.length === 0) return { states: new Map(), writable: false };
    try {
      return { states: await this.deps.patrol.readPatrol(ids), writable: true };
    } catch (err) {
      this.deps.log.warn('patrol states unreadable; judging without baselines this run', { error: String(err) });
      return { states: new Map(), writable: false };
    }
  }

  /** At most `concurrency` judgements at once: the extra fetches of a whole shard must not open a socket each at the same moment. */
  private async withSlot(run: () => Promise<void>): Promise<void> {
    while (this.inFlight >= Math.max(1, this.deps.concurrency)) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight++;
    try {
      await run();
    } finally {
      this.inFlight--;
      this.waiting.shift()?.();
    }
  }
}
