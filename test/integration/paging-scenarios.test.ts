import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeCycleReport } from '../../lambdas/app/probe-cycle';
import type { TargetSpec } from '../../lambdas/core/types';
import { makeTarget } from '../support/config-fixture';
import { A, B, C, Inbox, startProbeWorld, unreachable, type ProbeWorld, type TargetMode } from '../support/probe-regions';

/**
 * The outages Pantau exists to page, through the real probe cycle, alert engine and store
 * (dynalite), with two and three probe regions sharing one table exactly as the Lambdas of
 * several regions share the home table (test/support/probe-regions.ts).
 */

let world: ProbeWorld;
beforeAll(async () => {
  world = await startProbeWorld('paging');
});
afterAll(async () => world.close());

const fleet = (prefix: string, n: number, mode: TargetMode = 'up', over: Partial<TargetSpec> = {}) => world.fleet(prefix, n, mode, over);
const setAll = (targets: TargetSpec[], mode: TargetMode) => world.setAll(targets, mode);
const round = (runs: Array<[string, TargetSpec[]]>, regions: string[], inbox: Inbox) => world.round(runs, regions, inbox);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('paging scenarios across regions (dynalite)', () => {
  it('(a) a five-target shard all 503 in both regions (one data centre down) pages within failureThreshold rounds, each DOWN once', async () => {
    const inbox = new Inbox();
    const regions = [A, B];
    const shard = fleet('pdn', 5);
    await round([[A, shard], [B, shard]], regions, inbox);
    setAll(shard, 'down');
    const after: string[][] = [];
    for (let r = 1; r <= 5; r++) {
      await round([[A, shard], [B, shard]], regions, inbox);
      after.push(inbox.delivered('down'));
    }
    // Paged in round 3 (failureThreshold), and nothing more for the same outage.
    expect(after[1]).toEqual([]);
    expect(after[2]).toEqual(shard.map((t) => t.id));
    expect(after[4]).toEqual(shard.map((t) => t.id));
    expect(inbox.ops()).toEqual([]);
    const downs = inbox.published.filter((e) => e.kind === 'down');
    expect(downs.every((e) => e.confirmation === undefined)).toBe(true);
    // One storm message for the shard (threshold 5), seen from both regions.
    expect(downs).toHaveLength(1);
    expect(downs[0]!.message).toMatch(/^DOWN 5 Pdn targets \(status\): pdn1, pdn2, pdn3, pdn4, pdn5/);
    expect(downs[0]!.regions).toEqual([B, A].sort());
  });

  it('(b) one region silent, the other sees the outage: paged, confirmed by 1 of 2', async () => {
    const inbox = new Inbox();
    const regions = [A, B];
    const targets = fleet('sirekap', 3, 'up', {
      alerting: { ...makeTarget({ id: 'x', url: 'http://x/' }).alerting, freshnessMs: 1500 },
    });
    await round([[A, targets], [B, targets]], regions, inbox);
    await sleep(1600); // B's last word is now older than the freshness: B is silent.
    setAll(targets, 'down');
    for (let r = 1; r <= 3; r++) await round([[A, targets]], regions, inbox);
    expect(inbox.delivered('down')).toEqual(targets.map((t) => t.id));
    const down = inbox.published.find((e) => e.kind === 'down')!;
    expect(down.message).toMatch(/; confirmed by 1 of 2 regions; ap-southeast-1 silent for \d+ s$/);
    expect(down.confirmation).toMatchObject({ by: 1, of: 2, needed: 2, absent: [{ region: B, state: 'silent' }] });
  });

  it('(c) one region\'s network broken, the other fine: no target page, one region-impaired ops alert', async () => {
    const inbox = new Inbox();
    const regions = [A, B];
    const targets = fleet('kab', 5);
    const reports: ProbeCycleReport[] = [];
    for (let r = 1; r <= 6; r++) reports.push(...(await round([[B, targets], [A, unreachable(targets)]], regions, inbox)));
    expect(inbox.delivered('down')).toEqual([]);
    const ops = inbox.ops();
    expect(ops.map((e) => [e.kind, e.target, e.severity])).toEqual([['down', `probe-region:${A}`, 'high']]);
    expect(ops[0]!.message).toMatch(/^PANTAU ALARM probe region ap-southeast-3: probes impaired: 5 of 5 checks failed here while ap-southeast-1 saw them pass since/);
    // The broken region's first round is not yet contradicted (nothing newer from B); from then on it is.
    expect(reports.filter((_, i) => i % 2 === 1).map((r) => r.regionImpaired)).toEqual([false, true, true, true, true, true]);
  });

  it('(d) three regions, one dead: paged by the two live ones', async () => {
    const inbox = new Inbox();
    const regions = [A, B, C];
    const targets = fleet('silon', 2);
    await round([[A, targets], [B, targets], [C, targets]], regions, inbox);
    setAll(targets, 'down'); // and C stops reporting
    for (let r = 1; r <= 3; r++) await round([[A, targets], [B, targets]], regions, inbox);
    expect(inbox.delivered('down')).toEqual(targets.map((t) => t.id));
    const down = inbox.published.find((e) => e.kind === 'down')!;
    expect(down.message).toMatch(/status from 2\/3 regions since/);
    expect(down.regions).toEqual([B, A].sort());
  });

  it('(e) a target failing every other check pages within 10 checks', async () => {
    const inbox = new Inbox();
    const [target] = fleet('cekdpt', 1, 'alternate');
    const kinds: string[] = [];
    for (let r = 1; r <= 10; r++) {
      const [report] = await round([[A, [target!]]], [A], inbox);
      kinds.push(report!.alerts.map((e) => e.kind).join(',') || '-');
    }
    expect(kinds).toEqual(['-', '-', '-', '-', 'degraded', '-', '-', '-', 'down', '-']);
    const down = inbox.published.find((e) => e.kind === 'down')!;
    expect(down.cause).toBe('intermittent');
    expect(down.message).toMatch(/^DOWN Cekdpt \(127\.0\.0\.1:\d+\): intermittent from 1\/1 region since/);
  });
});
