import { runProbeCycle } from '../../lambdas/app/probe-cycle';
import { DynamoPatrolBaselines } from '../../lambdas/adapters/dynamo/patrol-baselines';
import { LocalNotifier } from '../../lambdas/adapters/local-notifier';
import { AcceptError, findingsToAccept, withoutAccepted, type AcceptableFinding } from '../../lambdas/core/patrol/accept';
import { patrolMayJudge } from '../../lambdas/core/patrol/patrolled';
import { patrolOf } from '../../lambdas/core/patrol/spec';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { CheckResult, TargetSpec } from '../../lambdas/core/types';
import { startLocalRuntime, storeOptionsOf, type StoreFlags } from './runtime';
import { UsageError } from './usage-error';

/**
 * `pantau patrol accept <target> [--finding K]`: the new certificate, the redesigned page or the
 * moved zone is the right one. What the finding was judged against is dropped from the stored
 * baseline and learned again right now from fresh checks of the target (its `learnChecks`, the
 * extra fetches on every one), through the probe cycle and its alert engine, so the open
 * finding resolves (`state: resolved`) as soon as its `successThreshold` clean checks are in.
 * Exit 0 when accepted and clean, 1 when a check still raises it (or cannot reach the target),
 * 2 for bad usage.
 */

export type PatrolAcceptOptions = Pick<StoreFlags, 'store' | 'storeEndpoint' | 'table' | 'region'> & { finding?: string };

function targetToAccept(config: ResolvedConfig, id: string): TargetSpec {
  const target = config.targets.find((t) => t.id === id);
  if (!target) throw new UsageError(`patrol accept: unknown target ${id} — ids come from targets[].id in the config`);
  if (!patrolMayJudge(target)) throw new UsageError(`patrol accept: the patrol does not judge ${id} (${target.kind} target, or patrol off for it)`);
  return target;
}

/** Enough checks to learn the baseline and then pass the alert's success threshold, and one spare. */
function checksAllowed(target: TargetSpec): number {
  return patrolOf(target).learnChecks + target.alerting.successThreshold + 1;
}

export async function patrolAcceptCommand(
  config: ResolvedConfig,
  targetId: string,
  options: PatrolAcceptOptions,
  out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Promise<{ exitCode: number }> {
  const target = targetToAccept(config, targetId);
  let kinds: AcceptableFinding[];
  try {
    kinds = findingsToAccept(target, options.finding);
  } catch (err) {
    if (err instanceof AcceptError) throw new UsageError(`patrol accept: ${err.message}`);
    throw err;
  }
  const notifier = new LocalNotifier({ out, color: Boolean(out.isTTY), timezone: config.alerting.timezone });
  const runtime = await startLocalRuntime(config, { ...storeOptionsOf(options), notifier });
  try {
    await dropAccepted(new DynamoPatrolBaselines(runtime.store), target.id, kinds);
    out.write(`${target.id}: accepting ${kinds.join(', ')}; learning again from fresh checks\n`);
    // Every check of the accept fetches the extras too, so a moved zone's NS set is judged now.
    const probe: TargetSpec = { ...target, patrol: { ...patrolOf(target), extraEvery: 1 } };
    let clean = 0;
    for (let n = 0; n < checksAllowed(target) && clean < target.alerting.successThreshold; n++) {
      const [result] = (await runProbeCycle([probe], runtime.deps)).results;
      const verdict = judgedKinds(result, kinds);
      if (verdict.problem) {
        out.write(`${target.id}: ${verdict.problem}\n`);
        return { exitCode: 1 };
      }
      if (verdict.clean) clean++;
    }
    const learned = clean >= target.alerting.successThreshold;
    out.write(learned ? `${target.id}: accepted; the new baseline is learned\n` : `${target.id}: baseline forgotten; the next checks finish learning it\n`);
    return { exitCode: 0 };
  } finally {
    await runtime.close();
  }
}

async function dropAccepted(baselines: DynamoPatrolBaselines, id: string, kinds: AcceptableFinding[]): Promise<void> {
  const stored = (await baselines.readPatrol([id])).get(id);
  if (!stored) return;
  const kept = withoutAccepted(stored, kinds);
  if (kept) await baselines.savePatrol(id, kept, { basedOn: stored });
  else await baselines.forgetPatrol(id);
}

/** Whether a check judged every accepted kind clean, or what stands in the way. */
function judgedKinds(result: CheckResult | undefined, kinds: AcceptableFinding[]): { clean: boolean; problem?: string } {
  if (!result) return { clean: false, problem: 'the check was abandoned; the baseline is forgotten and the next checks learn it' };
  if (!result.patrol) return { clean: false, problem: `check failed (${result.reason ?? result.error}); the baseline is forgotten and the next checks learn it` };
  const still = result.patrol.findings.filter((f) => (kinds as string[]).includes(f.finding));
  if (still.length > 0) return { clean: false, problem: `still raised: ${still.map((f) => `${f.finding}: ${f.evidence}`).join('; ')}` };
  return { clean: kinds.every((k) => result.patrol!.judged.includes(k)) };
}
