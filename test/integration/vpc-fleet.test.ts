import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeCycleDeps } from '../../lambdas/app/probe-cycle';
import type { TargetSpec } from '../../lambdas/core/types';
import { makeConfig, vpcFixture } from '../support/config-fixture';
import { A, B, Inbox, startProbeWorld, unreachable, type ProbeWorld } from '../support/probe-regions';

/**
 * The VPC fleet's runs through the real probe cycle, alert engine and a shared dynalite table:
 * a private target is probed from the home region alone, so the home region alone is its
 * quorum; the internet's view (control checks, region impairment) neither runs in the VPC nor
 * discounts what the VPC sees.
 */

let world: ProbeWorld;
beforeAll(async () => {
  world = await startProbeWorld('vpc-fleet');
});
afterAll(async () => {
  await world.close();
});

const regions = [A, B];

function homeDeps(inbox: Inbox, privateTargets: TargetSpec[], controls: TargetSpec[] = []): ProbeCycleDeps {
  return world.deps(A, regions, inbox, { config: { ...makeConfig(), regions, homeRegion: A, vpc: vpcFixture(privateTargets.map((t) => t.id)), controls } });
}

describe('private targets in a two-region config', () => {
  it('page DOWN and RECOVERED from the home region alone, as 1 of 1 region, without a partial-confirmation note', async () => {
    const inbox = new Inbox();
    const internal = world.fleet('sidalih', 1, 'down');
    const { runProbeCycle } = await import('../../lambdas/app/probe-cycle');
    for (let r = 1; r <= 3; r++) await runProbeCycle(internal, homeDeps(inbox, internal));
    const downs = inbox.published.filter((e) => e.kind === 'down' && e.domain !== 'ops');
    expect(downs.map((e) => e.target)).toEqual(['sidalih1']);
    expect(downs[0]!.regions).toEqual([A]);
    expect(downs[0]!.confirmation).toBeUndefined();
    expect(downs[0]!.message).toMatch(/1\/1 region\b/);
    world.setAll(internal, 'up');
    for (let r = 1; r <= 2; r++) await runProbeCycle(internal, homeDeps(inbox, internal));
    expect(inbox.delivered('recovered')).toEqual(['sidalih1']);
    expect(inbox.repeatedDedupIds()).toEqual([]);
  });

  it('the same outage on a public target counts over both regions: its page says the other region was not heard', async () => {
    const inbox = new Inbox();
    const site = world.fleet('jdihpub', 1, 'down');
    const { runProbeCycle } = await import('../../lambdas/app/probe-cycle');
    for (let r = 1; r <= 3; r++) await runProbeCycle(site, homeDeps(inbox, []));
    const [down] = inbox.published.filter((e) => e.kind === 'down' && e.domain !== 'ops');
    expect(down!.confirmation).toMatchObject({ by: 1, of: 2 });
    expect(down!.message).toMatch(/confirmed by 1 of 2 regions/);
  });

  it('a VPC run with no internet route runs no control checks, so it is never judged impaired and its DOWN counts', async () => {
    const inbox = new Inbox();
    const internal = world.fleet('silonint', 1, 'down');
    // Control checks the VPC cannot reach: run, they would all refuse and mark the region impaired.
    const controls = unreachable(world.fleet('ctl', 2));
    const { runProbeCycle } = await import('../../lambdas/app/probe-cycle');
    const reports = [];
    for (let r = 1; r <= 3; r++) reports.push(await runProbeCycle(internal, homeDeps(inbox, internal, controls)));
    expect(reports.map((r) => [r.regionImpaired, r.impairment])).toEqual([[false, null], [false, null], [false, null]]);
    expect(inbox.delivered('down')).toEqual(['silonint1']);
    expect(inbox.ops()).toEqual([]);
  });
});
