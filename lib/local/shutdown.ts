/**
 * SIGINT and SIGTERM for the local CLI (`check`, `watch`, the demo), handled the same way:
 *
 * - first signal: start no new cycle, say how long the running one may still take ("finishing
 *   the cycle, 12 s left; Ctrl-C again to stop now"), abandon it at that bound; the command then
 *   flushes held alerts, closes the store and exits with its usual code (0 up, 1 down);
 * - second signal: abandon the running cycle at once; held alerts are still flushed and the
 *   store closed, then exit 130 (SIGINT) or 143 (SIGTERM), the shell's 128 + signal number.
 *
 * A repeat of the same signal within REPEAT_WINDOW_MS is the same press: a terminal's Ctrl-C
 * reaches every process in the foreground group, and `npm start` forwards it once more.
 */

export const REPEAT_WINDOW_MS = 500;
/** After a second signal, the flush and store close get this long before the process exits anyway. */
export const FORCED_EXIT_MS = 5_000;

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type HandledSignal = keyof typeof EXIT_CODES;

export interface Shutdown {
  /** Aborted by the first signal (or the caller's own signal): start no new cycle. */
  stopping: AbortSignal;
  /** Aborted when the running cycle must be given up: its bound after the first signal, at once on the second. */
  abandon: AbortSignal;
  /** Registers a cycle that will end by `boundAt` (epoch ms); returns the call that marks it done. */
  cycleStarted(boundAt: number): () => void;
  /** 130 / 143 once a second signal came; undefined otherwise. */
  forcedExitCode(): number | undefined;
  dispose(): void;
}

export function installShutdown(out: NodeJS.WritableStream, external?: AbortSignal, now: () => number = Date.now): Shutdown {
  const stopping = new AbortController();
  const abandon = new AbortController();
  const running = new Set<{ boundAt: number }>();
  let first: { signal: HandledSignal; at: number } | undefined;
  let forced: number | undefined;
  let abandonTimer: NodeJS.Timeout | undefined;

  const beginStopping = () => {
    if (stopping.signal.aborted) return;
    stopping.abort();
    const boundAt = Math.max(0, ...[...running].map((c) => c.boundAt));
    const leftMs = Math.max(0, boundAt - now());
    if (running.size > 0) {
      out.write(`finishing the cycle, ${Math.ceil(leftMs / 1000)} s left; Ctrl-C again to stop now\n`);
      abandonTimer = setTimeout(() => abandon.abort(), leftMs);
    } else {
      out.write('stopping: flushing held alerts and closing the store; Ctrl-C again to stop now\n');
    }
  };

  const onSignal = (signal: HandledSignal) => {
    const at = now();
    if (!first) {
      first = { signal, at };
      beginStopping();
      return;
    }
    if (forced !== undefined || (signal === first.signal && at - first.at < REPEAT_WINDOW_MS)) return;
    forced = EXIT_CODES[signal];
    out.write('stopping now: abandoning the cycle, flushing held alerts and closing the store\n');
    clearTimeout(abandonTimer);
    abandon.abort();
    // The flush and close are bounded too: a hung store must not keep a twice-signalled process alive.
    setTimeout(() => process.exit(forced), FORCED_EXIT_MS).unref();
  };
  const onSigint = () => onSignal('SIGINT');
  const onSigterm = () => onSignal('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  // The caller's own stop (the demo's clock, a test) is quiet and lets the running cycle finish.
  const onExternal = () => stopping.abort();
  external?.addEventListener('abort', onExternal, { once: true });

  return {
    stopping: stopping.signal,
    abandon: abandon.signal,
    cycleStarted(boundAt) {
      const cycle = { boundAt };
      running.add(cycle);
      return () => running.delete(cycle);
    },
    forcedExitCode: () => forced,
    dispose() {
      clearTimeout(abandonTimer);
      process.removeListener('SIGINT', onSigint);
      process.removeListener('SIGTERM', onSigterm);
      external?.removeEventListener('abort', onExternal);
    },
  };
}

/** The worst case of one cycle over `targets`: its waves of checks, each bounded by its slowest check's settle bound. */
export function cycleBoundMs(settleBounds: number[], concurrency: number): number {
  if (settleBounds.length === 0) return 0;
  const waves = Math.ceil(settleBounds.length / Math.max(1, concurrency));
  return waves * Math.max(...settleBounds);
}
