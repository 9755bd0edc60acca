import type { CertInfo, Phases } from '../types';
import type { TlsDetails } from './cert';
import { CheckFailure } from './classify';
import { deadlineWheel, type ArmedDeadline } from './deadline-wheel';
import { describePhase, type CheckPhase } from './phase';

/**
 * Timing helpers for one check: the monotonic clock, per-phase accumulation across redirect hops,
 * and the single overall deadline that bounds everything a check does.
 */

/** Monotonic milliseconds (never jumps with wall-clock changes). */
export function monotonicMs(): number {
  return performance.now();
}

/** Milliseconds rounded to 0.01: finer than any network phase, short in JSON and DynamoDB. */
export function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}

type TimedPhase = Exclude<keyof Phases, 'total'>;

/**
 * Sums phase durations over every hop of a check (a redirect chain connects several times), so
 * the phases add up to roughly the total. A phase that never happened stays null.
 */
export class PhaseRecorder {
  private readonly sums: Record<TimedPhase, number | null> = {
    dns: null,
    connect: null,
    tls: null,
    ttfb: null,
    transfer: null,
  };
  readonly startedAt = monotonicMs();

  add(phase: TimedPhase, ms: number): void {
    this.sums[phase] = (this.sums[phase] ?? 0) + ms;
  }

  elapsedMs(): number {
    return monotonicMs() - this.startedAt;
  }

  /** The phases so far, with `total` measured now. */
  snapshot(): Phases {
    const round = (v: number | null) => (v === null ? null : roundMs(v));
    return {
      dns: round(this.sums.dns),
      connect: round(this.sums.connect),
      tls: round(this.sums.tls),
      ttfb: round(this.sums.ttfb),
      transfer: round(this.sums.transfer),
      total: roundMs(this.elapsedMs()),
    };
  }
}

/**
 * One deadline for the whole check (every redirect hop included). When it passes, the step
 * running under it is torn down and rejects with a `timeout` CheckFailure naming the phase the
 * check was in; each step destroys its own sockets, so nothing outlives the deadline. The timing
 * is the process's one deadline wheel (deadline-wheel.ts), not a timer per check.
 */
export class Deadline {
  private readonly armed: ArmedDeadline;
  private readonly startedAt = monotonicMs();
  private readonly endsAt: number;
  /** The failure the deadline ended the check with, once it passed. */
  private failure: CheckFailure | null = null;
  /** Teardowns of the steps waiting on it (usually one at a time). */
  private readonly waiting = new Set<() => void>();
  phase: CheckPhase = 'connect';

  private readonly stopWithParent?: () => void;

  /** `parent`: a wider deadline (the run's) that ends this one early when it aborts. */
  constructor(readonly timeoutMs: number, private readonly parent?: AbortSignal) {
    this.endsAt = this.startedAt + timeoutMs;
    this.armed = deadlineWheel.arm(timeoutMs, () => this.expire(`timeout after ${timeoutMs} ms ${describePhase(this.phase)}`));
    if (parent) {
      this.stopWithParent = () => this.expire(`stopped ${describePhase(this.phase)}: the run is out of time`);
      if (parent.aborted) this.stopWithParent();
      else parent.addEventListener('abort', this.stopWithParent, { once: true });
    }
  }

  /** The timeout failure when the deadline has passed, null before. */
  get expired(): CheckFailure | null {
    return this.failure;
  }

  /** Calls `onExpire` when the deadline passes; returns the function that stops listening. */
  listen(onExpire: () => void): () => void {
    this.waiting.add(onExpire);
    return () => this.waiting.delete(onExpire);
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - monotonicMs());
  }

  /** The worst event-loop delay (ms) of this process since the check started: its timing's error bar. */
  loopDelayMs(): number {
    return roundMs(deadlineWheel.maxLoopDelaySince(this.startedAt));
  }

  dispose(): void {
    deadlineWheel.cancel(this.armed);
    if (this.stopWithParent) this.parent?.removeEventListener('abort', this.stopWithParent);
  }

  /** Ends the check once (the wheel's tick or the parent's abort, whichever comes first). */
  private expire(reason: string): void {
    if (this.failure) return;
    deadlineWheel.cancel(this.armed);
    this.failure = new CheckFailure('timeout', reason);
    for (const onExpire of [...this.waiting]) onExpire();
    this.waiting.clear();
  }
}

/**
 * Runs one asynchronous step under the deadline. `start` wires up its resources and returns the
 * function that tears them down; that runs when the deadline fires first, and the step rejects
 * with the deadline's failure. Settling twice is harmless (late socket events are ignored).
 */
export function underDeadline<T>(
  deadline: Deadline,
  start: (resolve: (value: T) => void, reject: (error: unknown) => void) => () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (deadline.expired) {
      reject(deadline.expired);
      return;
    }
    let settled = false;
    let teardown: () => void = () => {};
    const stopListening = deadline.listen(() => {
      if (settled) return;
      settled = true;
      teardown();
      reject(deadline.expired);
    });
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      stopListening();
      fn();
    };
    try {
      teardown = start(
        (value) => finish(() => resolve(value)),
        (error) => finish(() => reject(error)),
      );
    } catch (error) {
      finish(() => reject(error));
    }
  });
}

/** What every check step shares: the deadline, the phase timings, the wall clock, certificates seen. */
export interface CheckContext {
  deadline: Deadline;
  phases: PhaseRecorder;
  /** Wall clock, for certificate days left (injectable in tests). */
  now: () => Date;
  /** Leaf certificates of every TLS connection the check made (one per redirect hop). */
  certs: CertInfo[];
  /** Handshake details for the security patrol, when it asked for them (one per TLS connection). */
  handshakes?: TlsDetails[];
}
