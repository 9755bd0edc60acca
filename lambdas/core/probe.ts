import { evaluate } from './assertions';
import type { ObservedCheck } from './patrol/patrol';
import { CheckFailure, classifyError, oneLine } from './checks/classify';
import type { KindObservation } from './checks/kinds/descriptor';
import { CHECK_KINDS, descriptorFor, type CheckKindRegistry } from './checks/kinds/registry';
import { readableReason } from './checks/reason';
import { deadlineWheel } from './checks/deadline-wheel';
import { Deadline, PhaseRecorder, type CheckContext } from './checks/timing';
import { mapWithConcurrency } from './concurrency';
import { secretLookupMs } from './schedule/budget';
import type { CertInfo, CheckResult, FailureClass, TargetSpec } from './types';

/**
 * The probe engine: runs the check a target's kind calls for (its descriptor in checks/kinds/),
 * under one deadline, and turns what it saw into a CheckResult. Pure node (http, https, net, tls, dns) — no AWS SDK — so the Lambda
 * and the local CLI run exactly the same code.
 *
 * runCheck never rejects: every failure, including a bug, becomes a classified result.
 */

export interface RunCheckOptions {
  region: string;
  /** Secret header values of a target; a failure here fails the check with class `secret`. */
  secretsFor?: (target: TargetSpec) => Promise<Record<string, string>>;
  /** Wall clock for `ts` and certificate days (injectable in tests). */
  now?: () => Date;
  /** The check kinds (default CHECK_KINDS; a test passes a copy with an extra kind). */
  kinds?: CheckKindRegistry;
  /**
   * Sees what each check observed (body, headers, handshakes) before the result drops it: the
   * security patrol's seam. Synchronous; a throw is ignored (the result must not be lost).
   */
  observe?: (observed: ObservedCheck) => void;
}

export interface RunChecksOptions extends RunCheckOptions {
  /** Checks in flight at once. */
  concurrency: number;
  /** Called as each result arrives, in completion order (progress display, streaming output). */
  onResult?: (result: CheckResult) => void;
  /**
   * The invocation's deadline. Once aborted, checks not yet started are not started and checks
   * in flight are abandoned: neither yields a result, because "we stopped waiting" says nothing
   * about the target and must not count (or page) as its failure.
   */
  signal?: AbortSignal;
}

type Failure = { error: FailureClass; reason: string };

type Secrets = { headers: Record<string, string> } | { failure: Failure };

/**
 * Secret look-ups get their own bounded wait before the check's deadline starts: min(timeout,
 * 2 s), the allowance the shard budget counts per wave (schedule/budget.ts). A hanging secret
 * store must not hang the cycle nor overrun the budget synth proved.
 */
async function resolveSecrets(target: TargetSpec, o: RunCheckOptions): Promise<Secrets> {
  if (!o.secretsFor) return { headers: {} };
  const waitMs = secretLookupMs(target.timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Secrets>((resolve) => {
    timer = setTimeout(
      () => resolve({ failure: { error: 'secret', reason: `secret headers not resolved within ${waitMs} ms` } }),
      waitMs,
    );
  });
  try {
    return await Promise.race([o.secretsFor(target).then((headers) => ({ headers })), timeout]);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { failure: { error: 'secret', reason: oneLine(`secret headers: ${message}`) } };
  } finally {
    clearTimeout(timer);
  }
}

/** The certificate that expires first: the one that will break the check first. */
function soonestExpiring(certs: CertInfo[]): CertInfo | null {
  return certs.reduce<CertInfo | null>((soonest, c) => (soonest === null || c.daysLeft < soonest.daysLeft ? c : soonest), null);
}

/** The fields of a result that say which check it is, where and when. */
function resultHeader(target: TargetSpec, region: string, now: () => Date) {
  return {
    target: target.id,
    app: target.app,
    kind: target.kind,
    url: target.url,
    severity: target.severity,
    region,
    ts: now().toISOString(),
  };
}

/** What one run of a kind left behind: its observation, or the classified failure that ended it. */
interface RunOutcome {
  observation: KindObservation;
  failure: Failure | null;
  /** The certificate a failure carried (e.g. the one verification rejected). */
  failureCert?: CertInfo;
}

/** Runs the target's kind under the check's deadline; never rejects. */
async function runKind(target: TargetSpec, secretHeaders: Record<string, string>, ctx: CheckContext, kinds: CheckKindRegistry): Promise<RunOutcome> {
  try {
    return { observation: await descriptorFor(target.kind, kinds).run(target, { secretHeaders }, ctx), failure: null };
  } catch (err) {
    const failure = classifyError(err, { phase: ctx.deadline.phase });
    return { observation: {}, failure, ...(err instanceof CheckFailure && err.detail.cert ? { failureCert: err.detail.cert } : {}) };
  } finally {
    ctx.deadline.dispose();
  }
}

export async function runCheck(target: TargetSpec, o: RunCheckOptions): Promise<CheckResult> {
  const now = o.now ?? (() => new Date());
  const header = resultHeader(target, o.region, now);
  const secrets = await resolveSecrets(target, o);
  const phases = new PhaseRecorder();
  if ('failure' in secrets) {
    const noPhases = { ...phases.snapshot(), total: 0 };
    return { ...header, ok: false, ...secrets.failure, status: null, latencyMs: 0, phases: noPhases, certDaysLeft: null, warnings: [] };
  }

  const ctx: CheckContext = { deadline: new Deadline(target.timeoutMs), phases, now, certs: [], ...(o.observe ? { handshakes: [] } : {}) };
  const { observation, failure, failureCert } = await runKind(target, secrets.headers, ctx, o.kinds ?? CHECK_KINDS);
  try {
    o.observe?.({ target, observation, handshakes: ctx.handshakes ?? [], ...(failure ? { failure: { error: failure.error, reason: failure.reason } } : {}) });
  } catch {
    // The patrol's trouble is the patrol's: the check's result stands.
  }
  const measured = phases.snapshot();
  const loopDelayMs = ctx.deadline.loopDelayMs();
  const cert = failureCert ?? soonestExpiring(ctx.certs);
  const verdict = failure
    ? { ...failure, warnings: [] as string[] }
    : evaluate(target.expect, { ...observation, totalMs: measured.total, cert });
  return {
    ...header,
    ok: verdict.error === null,
    error: verdict.error,
    ...readableReason(verdict.reason),
    status: observation.http?.status ?? null,
    latencyMs: measured.total,
    phases: measured,
    loopDelayMs,
    certDaysLeft: cert ? cert.daysLeft : null,
    ...(cert ? { cert } : {}),
    ...(observation.answers ? { answers: observation.answers } : {}),
    warnings: verdict.warnings,
  };
}

/**
 * Spreads check launches over event-loop turns. Starting 500 checks in one synchronous burst
 * blocks the loop for ~150 ms, and every check started in it would have its connect time
 * inflated by the wait. At most LAUNCHES_PER_TURN start per turn; the rest start a turn later,
 * after the I/O callbacks that time the earlier checks have run.
 */
const LAUNCHES_PER_TURN = 50;
class LaunchPacer {
  private launched = 0;
  private resetQueued = false;

  async next(): Promise<void> {
    while (this.launched >= LAUNCHES_PER_TURN) await new Promise<void>((resolve) => setImmediate(resolve));
    this.launched++;
    if (!this.resetQueued) {
      this.resetQueued = true;
      setImmediate(() => {
        this.launched = 0;
        this.resetQueued = false;
      });
    }
  }
}

/**
 * Checks many targets with at most `concurrency` in flight; results come back in input order.
 * Each check is bounded by its own deadline, so a hanging target holds one slot for at most its
 * timeoutMs and never delays the others beyond that.
 */
export async function runChecks(targets: TargetSpec[], o: RunChecksOptions): Promise<CheckResult[]> {
  const limit = Math.max(1, Math.floor(o.concurrency) || 1);
  const pacer = new LaunchPacer();
  const results = await mapWithConcurrency(targets, limit, async (target) => {
    if (o.signal?.aborted) return ABANDONED;
    await pacer.next();
    const result = await untilAborted(settledCheck(target, o), o.signal);
    if (result === ABANDONED) return ABANDONED;
    try {
      o.onResult?.(result);
    } catch {
      // A failing progress callback must not lose the result.
    }
    return result;
  });
  return results.filter((r): r is CheckResult => r !== ABANDONED);
}

/** Slack past a check's own worst case (secret wait + timeout) before the settle bound gives up on it. */
export const SETTLE_GRACE_MS = 1_000;

/**
 * The latest a check may settle: its secret wait, its timeout and the grace. The patrol's extra
 * fetches for the check (crawler copy, sitemaps, NS) end within its start + timeout as well
 * (core/patrol/budget.ts), so this bound, and the shard budget built on it, hold with them.
 */
export function settleBoundMs(target: TargetSpec): number {
  return secretLookupMs(target.timeoutMs) + target.timeoutMs + SETTLE_GRACE_MS;
}

/**
 * One check that always settles by its bound, with a result, whatever happens inside: a check
 * that throws synchronously (before any promise exists), rejects, or never settles (a socket
 * that never emits, a bug in a check kind) becomes an `error` result naming what happened. The
 * cycle, `check` and `watch --cycles N` therefore always end. `run` is the seam tests use.
 */
export function settledCheck(
  target: TargetSpec,
  o: RunCheckOptions,
  run: (target: TargetSpec, o: RunCheckOptions) => Promise<CheckResult> = runCheck,
): Promise<CheckResult> {
  const boundMs = settleBoundMs(target);
  return new Promise((resolve) => {
    // On the shared deadline wheel, like the check's own deadline: no timer per check.
    const bound = deadlineWheel.arm(boundMs, () =>
      resolve(internalErrorResult(target, o, `check did not settle within ${boundMs} ms (timeout + secret wait + grace); stopped waiting`, '')),
    );
    const settle = (result: CheckResult) => {
      deadlineWheel.cancel(bound);
      resolve(result);
    };
    try {
      run(target, o).then(settle, (err: unknown) => settle(internalErrorResult(target, o, err)));
    } catch (err) {
      settle(internalErrorResult(target, o, err));
    }
  });
}

/** A check the deadline stopped waiting for: dropped from the results, never a failure. */
const ABANDONED = Symbol('abandoned');

/**
 * Resolves with the check's result, or ABANDONED as soon as `signal` aborts. The abandoned check
 * is not torn down here: its own deadline (≤ its timeout) closes its sockets, and its late
 * result goes nowhere.
 */
function untilAborted(check: Promise<CheckResult>, signal: AbortSignal | undefined): Promise<CheckResult | typeof ABANDONED> {
  if (!signal) return check;
  if (signal.aborted) return Promise.resolve(ABANDONED);
  return new Promise((resolve) => {
    const abandon = () => resolve(ABANDONED);
    signal.addEventListener('abort', abandon, { once: true });
    void check.then((result) => {
      signal.removeEventListener('abort', abandon);
      resolve(result);
    });
  });
}

/** A thrown message can be anything (a whole response body, a stack): the reason keeps its start. */
const MAX_REASON_CHARS = 300;

/** Last resort for a bug inside the engine: still one classified result per target. */
function internalErrorResult(target: TargetSpec, o: RunCheckOptions, err: unknown, prefix = 'internal error: '): CheckResult {
  return {
    ...resultHeader(target, o.region, o.now ?? (() => new Date())),
    ok: false,
    error: 'error',
    reason: oneLine(`${prefix}${err instanceof Error ? err.message : String(err)}`).slice(0, MAX_REASON_CHARS),
    status: null,
    latencyMs: 0,
    phases: { dns: null, connect: null, tls: null, ttfb: null, transfer: null, total: 0 },
    certDaysLeft: null,
    warnings: [],
  };
}
