import { describe, expect, it } from 'vitest';
import { allShards, planProbeFleets, targetRegions } from '../../../../lambdas/core/schedule/fleet-plan';
import { makeConfig, makeTarget, vpcFixture } from '../../../support/config-fixture';

const vpc = (privateTargets: string[]) => vpcFixture(privateTargets);

const targets = [
  makeTarget({ id: 'kpu', url: 'https://www.kpu.go.id/' }),
  makeTarget({ id: 'sirekap', url: 'https://sirekap-web.kpu.go.id/', intervalMs: 30_000 }),
  makeTarget({ id: 'db', url: 'tcp://10.0.0.5:5432', kind: 'tcp' }),
  makeTarget({ id: 'dcim', url: 'https://dcim.pdn.internal/', intervalMs: 300_000 }),
];
const twoRegions = { regions: ['ap-southeast-3', 'ap-southeast-1'], homeRegion: 'ap-southeast-3' };

describe('planProbeFleets', () => {
  it('puts private targets on a VPC fleet at home with vpc- shard names, the rest on the internet fleet everywhere', () => {
    const fleets = planProbeFleets(makeConfig({ ...twoRegions, targets, vpc: vpc(['db', 'dcim']) }));
    expect(fleets.map((f) => [f.placement, f.regions, f.targets.map((t) => t.id)])).toEqual([
      ['internet', ['ap-southeast-3', 'ap-southeast-1'], ['kpu', 'sirekap']],
      ['vpc', ['ap-southeast-3'], ['db', 'dcim']],
    ]);
    expect(fleets[1]!.shards.map((s) => s.name)).toEqual(['vpc-1m-01', 'vpc-5m-01']);
    expect(fleets[0]!.shards.map((s) => s.name)).toEqual(['30s-01', '1m-01']);
    expect(allShards(makeConfig({ ...twoRegions, targets, vpc: vpc(['db', 'dcim']) }))).toHaveLength(4);
  });

  it('has one internet fleet without a vpc, and only a VPC fleet when every target is private', () => {
    expect(planProbeFleets(makeConfig({ ...twoRegions, targets })).map((f) => f.placement)).toEqual(['internet']);
    const onlyPrivate = planProbeFleets(makeConfig({ ...twoRegions, targets: targets.slice(2), vpc: vpc(['db', 'dcim']) }));
    expect(onlyPrivate.map((f) => f.placement)).toEqual(['vpc']);
    expect(planProbeFleets(makeConfig({ ...twoRegions, targets: [] }))).toEqual([]);
  });

  it("counts a private target's quorum over the home region alone", () => {
    const regionsOf = targetRegions(makeConfig({ ...twoRegions, targets, vpc: vpc(['db']) }));
    expect(regionsOf('db')).toEqual(['ap-southeast-3']);
    expect(regionsOf('kpu')).toEqual(['ap-southeast-3', 'ap-southeast-1']);
  });
});
