import { evaluate, needsBody, type CheckFacts } from './assertions';
import { CheckFailure, classifyError, oneLine } from './checks/classify';
import { dnsCheck } from './checks/dns';
import { readableReason } from './checks/reason';
import { httpCheck } from './checks/http';
import { tcpCheck } from './checks/tcp';
import { Deadline, PhaseRecorder, type CheckContext } from './checks/timing';
import { tlsCheck } from './checks/tls';
import { mapWithConcurrency } from './concurrency';
import { secretLookupMs } from './schedule/budget';
import type { CertInfo, CheckResult, FailureClass, TargetSpec } from './types';

/**
 * The probe engine: runs the check a target's kind calls for, under one deadline, and turns what
 * it saw into a CheckResult. Pure node (http, https, net, tls, dns) — no AWS SDK — so the Lambda
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

export async function runCheck(target: TargetSpec, o: RunCheckOptions): Promise<CheckResult> {
  const now = o.now ?? (() => new Date());
  const ts = now().toISOString();
  const base = {
    target: target.id,
    app: target.app,
    kind: target.kind,
    url: target.url,
    severity: target.severity,
    region: o.region,
    ts,
  };

  const secrets = await resolveSecrets(target, o);
  const phases = new PhaseRecorder();
  if ('failure' in secrets) {
    return {
      ...base,
      ok: false,
      ...secrets.failure,
      status: null,
      latencyMs: 0,
      phases: { ...phases.snapshot(), total: 0 },
      certDaysLeft: null,
      warnings: [],
    };
  }

  const deadline = new Deadline(target.timeoutMs);
  const ctx: CheckContext = { deadline, phases, now, certs: [] };
  let facts: Omit<CheckFacts, 'totalMs' | 'cert'> = {};
  let failure: Failure | null = null;
  let status: number | null = null;
  let failureCert: CertInfo | undefined;
  try {
    switch (target.kind) {
      case 'http': {
        const outcome = await httpCheck(target, { secretHeaders: secrets.headers, needsBody: needsBody(target.expect) }, ctx);
        status = outcome.status;
        facts = {
          http: {
            status: outcome.status,
            headers: outcome.headers,
            body: outcome.body,
            bodyCharsetNote: outcome.bodyCharsetNote,
            bodyTooLarge: outcome.bodyTooLarge,
            maxBodyBytes: target.maxBodyBytes,
          },
        };
        break;
      }
      case 'tcp':
        await tcpCheck(target, ctx);
        break;
      case 'tls':
        await tlsCheck(target, ctx);
        break;
      case 'dns':
        facts = { answers: await dnsCheck(target, ctx) };
        break;
      default:
        throw new CheckFailure('error', `unknown check kind ${String((target as { kind: unknown }).kind)}`);
    }
  } catch (err) {
    failure = classifyError(err, { phase: deadline.phase });
    if (err instanceof CheckFailure) failureCert = err.detail.cert;
  } finally {
    deadline.dispose();
  }

  const measured = phases.snapshot();
  const cert = failureCert ?? soonestExpiring(ctx.certs);
  const verdict = failure
    ? { ...failure, warnings: [] as string[] }
    : evaluate(target.expect, { ...facts, totalMs: measured.total, cert });
  return {
    ...base,
    ok: verdict.error === null,
    error: verdict.error,
    ...readableReason(verdict.reason),
    status,
    latencyMs: measured.total,
    phases: measured,
    certDaysLeft: cert ? cert.daysLeft : null,
    ...(cert ? { cert } : {}),
    ...(facts.answers ? { answers: facts.answers } : {}),
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

/** The latest a check may settle: its secret wait, its timeout and the grace. */
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
    const timer = setTimeout(
      () => resolve(internalErrorResult(target, o, `check did not settle within ${boundMs} ms (timeout + secret wait + grace); stopped waiting`, '')),
      boundMs,
    );
    const settle = (result: CheckResult) => {
      clearTimeout(timer);
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
    target: target.id,
    app: target.app,
    kind: target.kind,
    url: target.url,
    severity: target.severity,
    ok: false,
    error: 'error',
    reason: oneLine(`${prefix}${err instanceof Error ? err.message : String(err)}`).slice(0, MAX_REASON_CHARS),
    status: null,
    latencyMs: 0,
    phases: { dns: null, connect: null, tls: null, ttfb: null, transfer: null, total: 0 },
    certDaysLeft: null,
    warnings: [],
    region: o.region,
    ts: (o.now ?? (() => new Date()))().toISOString(),
  };
}
