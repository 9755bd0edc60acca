import { describe, expect, it } from 'vitest';
import { judgeByControls, judgeByRegions, worthAskingPeers, type PeerStates } from '../../../../lambdas/core/alerting/impairment';
import type { RegionState } from '../../../../lambdas/core/alerting/state';
import { makeResult } from '../../../support/results';
import { regionState } from '../../../support/engine-script';

/**
 * A probe region is impaired only on evidence about the prober: its control checks, or other
 * live regions contradicting its failures. Never because every target of a shard failed.
 */

const HERE = 'ap-southeast-1';
const THERE = 'ap-southeast-3';
const NOW = Date.parse('2026-12-01T03:10:00.000Z');
const iso = (secondsAgo: number) => new Date(NOW - secondsAgo * 1000).toISOString();
const rules = () => ({ freshnessMs: 180_000 });

const region = (over: Partial<RegionState>): RegionState => regionState({ ts: iso(30), ...over });

const failing = (n: number, passing = 0) =>
  Array.from({ length: n + passing }, (_, i) =>
    makeResult({ target: `t${i}`, ok: i >= n, error: i >= n ? null : 'status', region: HERE, ts: new Date(NOW).toISOString() }),
  );

function peersOf(targets: number, view: (i: number) => Record<string, RegionState>): PeerStates {
  return new Map(Array.from({ length: targets }, (_, i) => [`t${i}`, { regions: view(i) }]));
}

describe('control checks', () => {
  it('all failing → impaired, naming the failure classes; any passing → not', () => {
    const down = [makeResult({ target: 'control-1', ok: false, error: 'dns' }), makeResult({ target: 'control-2', ok: false, error: 'timeout' })];
    expect(judgeByControls(down)).toEqual({ impaired: true, basis: 'controls', reason: 'all 2 control checks failed (dns, timeout)' });
    expect(judgeByControls([down[0]!, makeResult({ target: 'control-2', ok: true })])).toMatchObject({ impaired: false, reason: '1 of 2 control checks passed' });
    expect(judgeByControls([])).toBeNull();
  });
});

describe('other regions contradicting this one', () => {
  it('five failures here, passing there after this region began failing → impaired', () => {
    const peers = peersOf(5, () => ({
      [HERE]: region({ ok: false, error: 'timeout', consecutiveFailures: 2, failingSince: iso(120), ts: iso(60) }),
      [THERE]: region({ ts: iso(20) }),
    }));
    expect(judgeByRegions(HERE, failing(5), peers, rules, NOW)).toEqual({
      impaired: true,
      basis: 'regions',
      reason: `5 of 5 checks failed here while ${THERE} saw them pass`,
    });
  });

  it('the first failure of an outage is not contradicted by a pass from before it began', () => {
    // Both regions passed a minute ago; this region's round is simply first to see the outage.
    const peers = peersOf(5, () => ({ [HERE]: region({ ts: iso(60) }), [THERE]: region({ ts: iso(55) }) }));
    expect(judgeByRegions(HERE, failing(5), peers, rules, NOW).impaired).toBe(false);
  });

  it('a shard whose targets all fail everywhere (one data centre down) is not impaired', () => {
    const peers = peersOf(5, () => ({
      [HERE]: region({ ok: false, consecutiveFailures: 3, failingSince: iso(180), ts: iso(60) }),
      [THERE]: region({ ok: false, consecutiveFailures: 3, ts: iso(20) }),
    }));
    expect(judgeByRegions(HERE, failing(5), peers, rules, NOW)).toMatchObject({ impaired: false, reason: '5 of 5 checks failed; no other region contradicts them' });
  });

  it('stale, impaired or silent peers contradict nothing', () => {
    const mine = { [HERE]: region({ ok: false, consecutiveFailures: 3, failingSince: iso(170), ts: iso(60) }) };
    const stale = peersOf(5, () => ({ ...mine, [THERE]: region({ ts: iso(150) }) }));
    expect(judgeByRegions(HERE, failing(5), stale, () => ({ freshnessMs: 60_000 }), NOW).impaired).toBe(false);
    const impaired = peersOf(5, () => ({ ...mine, [THERE]: region({ ts: iso(20), impaired: true }) }));
    expect(judgeByRegions(HERE, failing(5), impaired, rules, NOW).impaired).toBe(false);
    expect(judgeByRegions(HERE, failing(5), new Map(), rules, NOW).impaired).toBe(false);
  });

  it('needs at least 3 contradicted failures and at least half of the run', () => {
    const contradict = (i: number) => ({
      [HERE]: region({ ok: false, consecutiveFailures: 2, failingSince: iso(120), ts: iso(60) }),
      [THERE]: region({ ts: iso(20), ok: i < 100 }),
    });
    // Two geo-blocked targets among many: that is the targets, not the region.
    expect(judgeByRegions(HERE, failing(2, 10), peersOf(12, contradict), rules, NOW).impaired).toBe(false);
    // Four of twenty-five: under half the run.
    expect(judgeByRegions(HERE, failing(4, 21), peersOf(25, contradict), rules, NOW).impaired).toBe(false);
    expect(judgeByRegions(HERE, failing(13, 12), peersOf(25, contradict), rules, NOW).impaired).toBe(true);
  });

  it('asks the other regions only when the verdict could be yes', () => {
    expect(worthAskingPeers(failing(5), 2)).toBe(true);
    expect(worthAskingPeers(failing(5), 1)).toBe(false);
    expect(worthAskingPeers(failing(2), 2)).toBe(false);
    expect(worthAskingPeers(failing(3, 4), 2)).toBe(false);
  });
});
