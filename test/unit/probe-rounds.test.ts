import { describe, expect, it, vi } from 'vitest';
import { runRounds } from '../../lambdas/probe/rounds';
import { shardTiming } from '../../lambdas/core/schedule/shard-plan';
import { lambdaTimeoutMs } from '../../lambdas/core/schedule/budget';
import { makeTarget } from '../support/config-fixture';

/**
 * The probe handler's round loop against a fake clock and a fake Lambda context: rounds start at
 * the shard's offsets, a round whose worst case no longer fits the time left is not started, and
 * each round gets a deadline that leaves the sink margin.
 */

// 45 s targets with an 8 s timeout: rounds at +0, +45, +90, +135 s; a round's worst case 11 s.
const timing = shardTiming([makeTarget({ id: 'a', url: 'https://a.example/', intervalMs: 45_000, timeoutMs: 8_000 })], 50);

function fakeInvocation(timeoutMs: number) {
  let clock = 1_000_000;
  const start = clock;
  return {
    now: () => clock,
    advance: (ms: number) => (clock += ms),
    sleep: async (ms: number) => {
      clock += ms;
    },
    remainingMs: () => timeoutMs - (clock - start),
    elapsed: () => clock - start,
  };
}

type FakeInvocation = ReturnType<typeof fakeInvocation>;

/** runRounds inside the fake invocation, recording when (ms after start) each round began. */
async function runInFake<R>(lambda: FakeInvocation, runRound: (roundNo: number) => R) {
  const startedAt: number[] = [];
  const outcome = await runRounds({
    timing,
    remainingMs: lambda.remainingMs,
    now: lambda.now,
    sleep: lambda.sleep,
    runRound: async () => {
      startedAt.push(lambda.elapsed());
      return runRound(startedAt.length);
    },
  });
  return { startedAt, outcome };
}

describe('runRounds (probe handler guard)', () => {
  it('runs every round at its offset within the synth Lambda timeout, even when the handler starts late', async () => {
    const lambda = fakeInvocation(lambdaTimeoutMs(timing.budgetMs));
    lambda.advance(300); // Lambda's clock started 300 ms before the handler did
    const { startedAt, outcome } = await runInFake(lambda, () => {
      lambda.advance(timing.round.totalMs); // every round takes its full worst case
      return 'persisted';
    });
    expect([timing.budgetMs, lambdaTimeoutMs(timing.budgetMs)]).toEqual([146_000, 147_000]);
    expect(startedAt).toEqual([300, 45_300, 90_300, 135_300]);
    expect(outcome).toEqual({ reports: ['persisted', 'persisted', 'persisted', 'persisted'], skipped: [] });
  });

  it('would skip the last round by a few milliseconds if the timeout were the bare budget (why the start slack)', async () => {
    const lambda = fakeInvocation(timing.budgetMs);
    lambda.advance(5);
    const { outcome } = await runInFake(lambda, () => 'persisted');
    expect(outcome.skipped).toEqual([{ offsetMs: 135_000, remainingMs: 10_995 }]);
  });

  it('does not start a round whose worst case no longer fits the time left', async () => {
    // Round 3's sinks stall far past the budget (a DynamoDB hiccup): round 4 must not start.
    const lambda = fakeInvocation(timing.budgetMs);
    const { startedAt, outcome } = await runInFake(lambda, (roundNo) => {
      lambda.advance(roundNo === 3 ? 50_001 : 1_000);
      return roundNo;
    });
    // Round 3 started at +90 s and ended at +140.001 s: 5.999 s left < the 11 s a round needs.
    expect(startedAt).toEqual([0, 45_000, 90_000]);
    expect(outcome.reports).toEqual([1, 2, 3]);
    expect(outcome.skipped).toEqual([{ offsetMs: 135_000, remainingMs: 5_999 }]);
  });

  it('gives each round a signal that aborts when only the sink margin is left', async () => {
    vi.useFakeTimers();
    try {
      const lambda = fakeInvocation(timing.budgetMs);
      let signal: AbortSignal | undefined;
      const done = runRounds({
        timing: { ...timing, offsetsMs: [0] },
        remainingMs: () => timing.round.totalMs, // 11 s left: the round just fits
        now: lambda.now,
        sleep: lambda.sleep,
        runRound: async (s) => {
          signal = s;
          await new Promise<void>((resolve) => s!.addEventListener('abort', () => resolve(), { once: true }));
          return 'sinks ran';
        },
      });
      // Checks may run 11 s − 3 s sink margin = 8 s.
      await vi.advanceTimersByTimeAsync(7_999);
      expect(signal!.aborted).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(signal!.aborted).toBe(true);
      expect((await done).reports).toEqual(['sinks ran']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('runs without a deadline when there is no Lambda context (local runs)', async () => {
    const lambda = fakeInvocation(0);
    const outcome = await runRounds({ timing, now: lambda.now, sleep: lambda.sleep, runRound: async (signal) => signal });
    expect(outcome).toEqual({ reports: [undefined, undefined, undefined, undefined], skipped: [] });
  });
});
