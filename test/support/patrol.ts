import { MemoryLog, MemoryPatrolBaselines } from '../../lambdas/adapters/memory';
import { PatrolStep } from '../../lambdas/app/patrol-step';
import { PATROL_DEFAULTS, type PatrolSpec } from '../../lambdas/core/patrol/spec';
import type { FindingKind, PatrolVerdict } from '../../lambdas/core/patrol/finding';
import { runChecks } from '../../lambdas/core/probe';
import type { CheckResult, TargetSpec } from '../../lambdas/core/types';

/**
 * Runs checks the way the probe cycle does with the patrol on (the engine's observe seam, then
 * the patrol step over a memory baseline store), so a test sees `result.patrol` as stored.
 */
export class PatrolHarness {
  readonly baselines = new MemoryPatrolBaselines();
  readonly log = new MemoryLog();

  /** `signal`: the run's deadline, as the probe cycle hands it to the patrol. */
  async run(targets: TargetSpec[], signal?: AbortSignal): Promise<CheckResult[]> {
    const step = new PatrolStep(targets, { patrol: this.baselines, log: this.log, concurrency: 4, ...(signal ? { signal } : {}) });
    const results = await runChecks(targets, { region: 'ap-southeast-3', concurrency: 4, observe: step.observe });
    await step.attach(results);
    return results;
  }

  async one(target: TargetSpec, signal?: AbortSignal): Promise<CheckResult> {
    return (await this.run([target], signal))[0]!;
  }
}

export function patrolSpec(partial: Partial<PatrolSpec> = {}): PatrolSpec {
  return { ...PATROL_DEFAULTS, ...partial };
}

/** The findings of one kind in a verdict. */
export function findingsOf(verdict: PatrolVerdict | undefined, kind: FindingKind) {
  return (verdict?.findings ?? []).filter((f) => f.finding === kind);
}

/** Page kinds judged and raised, for compact assertions. */
export function raised(verdict: PatrolVerdict | undefined): FindingKind[] {
  return [...new Set((verdict?.findings ?? []).map((f) => f.finding))].sort();
}
