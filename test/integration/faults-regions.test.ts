import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbeCycle, type ProbeCycleDeps, type ProbeCycleReport } from '../../lambdas/app/probe-cycle';
import type { TargetSpec } from '../../lambdas/core/types';
import { makeConfig, makeTarget } from '../support/config-fixture';
import { expectEveryResultStoredOnce, skewedClock } from '../support/faults';
import { A, B, C, Inbox, startProbeWorld, unreachable, type ProbeWorld } from '../support/probe-regions';

/**
 * Fault suite, regions: Lambda's at-least-once delivery (the same round twice at once), regions
 * running concurrently, a region whose clock is 2 minutes off, one region dead and one impaired.
 * One page per transition, every result stored once per (target, ts, region).
 */

let world: ProbeWorld;
beforeAll(async () => {
  world = await startProbeWorld('faults-regions');
});
afterAll(async () => world.close());

type Run = [region: string, targets: TargetSpec[], over?: Partial<ProbeCycleDeps>];

/** Every run of the round at once; none may report a sink error. */
async function parallelRound(runs: Run[], regions: string[], inbox: Inbox): Promise<ProbeCycleReport[]> {
  const reports = await Promise.all(runs.map(([region, targets, over]) => runProbeCycle(targets, world.deps(region, regions, inbox, over))));
  expect(reports.flatMap((r) => r.sinkErrors)).toEqual([]);
  return reports;
}

const ids = (targets: TargetSpec[]) => targets.map((t) => t.id).sort();

describe('duplicate and concurrent invocations', () => {
  it('each round invoked twice at once in each of two regions: one DOWN and one RECOVERED per target, every result stored once', async () => {
    const inbox = new Inbox();
    const regions = [A, B];
    const targets = world.fleet('dup', 3);
    const runs: Run[] = [[A, targets], [A, targets], [B, targets], [B, targets]];
    const reports: ProbeCycleReport[] = [];
    reports.push(...(await parallelRound(runs, regions, inbox)));
    world.setAll(targets, 'down');
    for (let r = 1; r <= 4; r++) reports.push(...(await parallelRound(runs, regions, inbox)));
    expect(inbox.delivered('down')).toEqual(ids(targets));
    world.setAll(targets, 'up');
    for (let r = 1; r <= 3; r++) reports.push(...(await parallelRound(runs, regions, inbox)));
    expect(inbox.delivered('recovered')).toEqual(ids(targets));
    expect(inbox.published.map((e) => e.kind).sort()).toEqual([...Array(3).fill('down'), ...Array(3).fill('recovered')]);
    expect(inbox.repeatedDedupIds()).toEqual([]);
    expect(inbox.repeatedPages()).toEqual([]);
    expect(inbox.ops()).toEqual([]);
    await expectEveryResultStoredOnce(world.store, reports, targets);
  });
});

describe('a region whose clock is 2 minutes off', () => {
  it.each([
    ['ahead', 120_000],
    ['behind', -120_000],
  ])('%s: no page from the skew alone; an outage both regions see pages once; the recovery recovers', async (_, skewMs) => {
    const inbox = new Inbox();
    const regions = [A, B];
    const targets = world.fleet(`skew${skewMs > 0 ? 'a' : 'b'}`, 3);
    const skewed: Partial<ProbeCycleDeps> = { onResult: skewedClock(skewMs), now: () => new Date(Date.now() + skewMs) };
    const reports: ProbeCycleReport[] = [];
    const round = async () => {
      const before = Date.now();
      reports.push(await runProbeCycle(targets, world.deps(A, regions, inbox)));
      const report = await runProbeCycle(targets, world.deps(B, regions, inbox, skewed));
      const after = Date.now();
      // B's results carry its clock: 2 minutes off the wall clock.
      for (const r of report.results) {
        expect(Date.parse(r.ts)).toBeGreaterThanOrEqual(before + skewMs);
        expect(Date.parse(r.ts)).toBeLessThanOrEqual(after + skewMs);
      }
      reports.push(report);
    };
    for (let r = 1; r <= 3; r++) await round();
    expect(inbox.published).toEqual([]);
    world.setAll(targets, 'down');
    for (let r = 1; r <= 4; r++) await round();
    expect(inbox.delivered('down')).toEqual(ids(targets));
    expect(inbox.published.every((e) => e.confirmation === undefined)).toBe(true);
    world.setAll(targets, 'up');
    for (let r = 1; r <= 3; r++) await round();
    expect(inbox.delivered('recovered')).toEqual(ids(targets));
    expect(inbox.published).toHaveLength(6);
    expect(inbox.ops()).toEqual([]);
    expect(inbox.repeatedDedupIds()).toEqual([]);
    expect(reports.flatMap((r) => r.sinkErrors)).toEqual([]);
    expect(reports.some((r) => r.regionImpaired)).toBe(false);
    await expectEveryResultStoredOnce(world.store, reports, targets);
  });
});

describe('three regions: one dead, one impaired', () => {
  it('the live region pages alone, once per target, "confirmed by 1 of 3"; the impaired one raises one ops alert; the recovery follows', async () => {
    const inbox = new Inbox();
    const regions = [A, B, C];
    const freshness = { ...makeTarget({ id: 'x', url: 'http://x/' }).alerting, freshnessMs: 1500 };
    const targets = world.fleet('silonx', 2, 'up', { alerting: freshness });
    const [control] = world.fleet('control', 1);
    const withControls = (controls: TargetSpec[]): Partial<ProbeCycleDeps> => ({ config: { ...makeConfig(), regions, controls } });
    const reports: ProbeCycleReport[] = [];
    reports.push(...(await parallelRound([[A, targets, withControls([control!])], [B, targets], [C, targets, withControls([control!])]], regions, inbox)));
    await new Promise((resolve) => setTimeout(resolve, 1600)); // B's Lambda is dead: its last word goes stale
    world.setAll(targets, 'down');
    // C's own network is broken: its targets and its control check all refuse.
    const live: Run = [A, targets, withControls([control!])];
    const impaired: Run = [C, unreachable(targets), withControls(unreachable([control!]))];
    for (let r = 1; r <= 4; r++) reports.push(...(await parallelRound([live, impaired], regions, inbox)));
    expect(inbox.delivered('down')).toEqual(ids(targets));
    const downs = inbox.published.filter((e) => e.kind === 'down' && e.domain !== 'ops');
    for (const down of downs) {
      expect(down.regions).toEqual([A]);
      expect(down.message).toMatch(/; confirmed by 1 of 3 regions; /);
      expect(down.confirmation).toMatchObject({ by: 1, of: 3, needed: 2 });
      expect(down.confirmation!.absent.map((a) => [a.region, a.state]).sort()).toEqual([
        [C, 'impaired'],
        [B, 'silent'],
      ].sort());
    }
    expect(inbox.ops().map((e) => [e.kind, e.target])).toEqual([['down', `probe-region:${C}`]]);
    world.setAll(targets, 'up');
    for (let r = 1; r <= 3; r++) reports.push(...(await parallelRound([live, impaired], regions, inbox)));
    expect(inbox.delivered('recovered')).toEqual(ids(targets));
    expect(inbox.repeatedDedupIds()).toEqual([]);
    expect(inbox.repeatedPages()).toEqual([]);
    await expectEveryResultStoredOnce(world.store, reports, targets);
  });
});
