/**
 * One timer per process for every check's deadline, and the event-loop delay each check saw.
 *
 * A timer (and an AbortController) per check cost ~3 % of a check's CPU; here one interval of
 * TICK_MS sweeps the deadlines instead. Deadlines are kept in buckets by timeout: checks with
 * the same timeout are armed in time order, so each bucket is a FIFO sorted by `endsAt` and a
 * sweep only looks at bucket heads. Cancelling is O(1) (a doubly linked list).
 *
 * The same tick measures how late it fires: that lateness is the event-loop delay, kept in a
 * ring of recent samples so a check can ask for the worst delay during its own run. The interval
 * runs only while a deadline is armed (every check arms one) and, like the per-check timer it
 * replaces, keeps the process alive until then: a check that never settles still ends at its bound.
 */

/** Sweep period: a deadline fires at most this much (plus the loop's own delay) after it passed. */
export const TICK_MS = 5;
/** Loop-delay samples kept: 4,096 ticks ≈ 20 s, longer than any check's timeout window needs. */
const RING_SIZE = 4096;

export interface ArmedDeadline {
  readonly endsAt: number;
  /** Sets when it fired or was cancelled; a disarmed entry never fires. */
  armed: boolean;
}

interface Entry extends ArmedDeadline {
  fire: () => void;
  prev: Entry | null;
  next: Entry | null;
  bucket: Bucket;
}

interface Bucket {
  afterMs: number;
  head: Entry | null;
  tail: Entry | null;
}

const monotonic = () => performance.now();

export class DeadlineWheel {
  private readonly buckets = new Map<number, Bucket>();
  private size = 0;
  private timer: NodeJS.Timeout | null = null;
  private lastTickAt = 0;
  /** Tick times and their lateness (ms), a ring. */
  private readonly sampleAt = new Float64Array(RING_SIZE);
  private readonly sampleLag = new Float64Array(RING_SIZE);
  private samples = 0;

  constructor(private readonly now: () => number = monotonic) {}

  /** Calls `fire` once, `afterMs` from now, unless cancelled first. */
  arm(afterMs: number, fire: () => void): ArmedDeadline {
    let bucket = this.buckets.get(afterMs);
    if (!bucket) {
      bucket = { afterMs, head: null, tail: null };
      this.buckets.set(afterMs, bucket);
    }
    const entry: Entry = { endsAt: this.now() + afterMs, armed: true, fire, prev: bucket.tail, next: null, bucket };
    if (bucket.tail) bucket.tail.next = entry;
    else bucket.head = entry;
    bucket.tail = entry;
    this.size++;
    if (!this.timer) this.start();
    return entry;
  }

  cancel(armed: ArmedDeadline): void {
    const entry = armed as Entry;
    if (!entry.armed) return;
    this.unlink(entry);
  }

  /**
   * The worst event-loop delay (ms) seen by the ticks since `since`, including the delay of a
   * tick that is due but has not run yet (the loop is busy right now).
   */
  maxLoopDelaySince(since: number): number {
    const now = this.now();
    let worst = this.timer && this.samples > 0 ? Math.max(0, now - this.lastTickAt - TICK_MS) : 0;
    const oldest = Math.max(0, this.samples - RING_SIZE);
    for (let i = this.samples - 1; i >= oldest; i--) {
      const slot = i % RING_SIZE;
      if (this.sampleAt[slot]! < since) break;
      if (this.sampleLag[slot]! > worst) worst = this.sampleLag[slot]!;
    }
    return worst;
  }

  private start(): void {
    this.lastTickAt = this.now();
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  private tick(): void {
    const now = this.now();
    const slot = this.samples % RING_SIZE;
    this.sampleAt[slot] = now;
    this.sampleLag[slot] = Math.max(0, now - this.lastTickAt - TICK_MS);
    this.samples++;
    this.lastTickAt = now;
    for (const bucket of this.buckets.values()) {
      while (bucket.head && bucket.head.endsAt <= now) {
        const entry = bucket.head;
        this.unlink(entry);
        entry.fire();
      }
    }
    if (this.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private unlink(entry: Entry): void {
    entry.armed = false;
    const { bucket } = entry;
    if (entry.prev) entry.prev.next = entry.next;
    else bucket.head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else bucket.tail = entry.prev;
    entry.prev = null;
    entry.next = null;
    if (!bucket.head) this.buckets.delete(bucket.afterMs);
    this.size--;
  }
}

/** The process's one wheel: every check's deadline and settle bound. */
export const deadlineWheel = new DeadlineWheel();
