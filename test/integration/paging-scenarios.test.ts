import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStore, createDocumentClient } from '../../lambdas/adapters/dynamo-store';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { runProbeCycle, type ProbeCycleDeps, type ProbeCycleReport } from '../../lambdas/app/probe-cycle';
import type { AlertEvent, AlertNotifier } from '../../lambdas/core/alerting/types';
import type { TargetSpec } from '../../lambdas/core/types';
import { makeConfig, makeTarget } from '../support/config-fixture';
import { startHttpServer, type RunningServer } from '../support/servers';

/**
 * The outages Pantau exists to page, through the real probe cycle, alert engine and store
 * (dynalite), with two and three probe regions sharing one table exactly as the Lambdas of
 * several regions share the home table. Each region is a ProbeCycleDeps with its own `region`;
 * a region whose network is broken sees the same target ids at an address that refuses.
 */

const A = 'ap-southeast-3';
const B = 'ap-southeast-1';
const C = 'ap-northeast-1';

let dynamo: LocalDynamo;
let store: DynamoStore;
let server: RunningServer;
/** Target path → what it answers now: 'up', 'down' (503) or 'alternate' (503, 200, 503 …). */
const behaviour = new Map<string, 'up' | 'down' | 'alternate'>();
const served = new Map<string, number>();

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  await ensureTable(dynamo.client, 'paging');
  store = new DynamoStore(createDocumentClient(dynamo.client), { tableName: 'paging', historyDays: 30, backoffBaseMs: 5 });
  server = await startHttpServer((req, res) => {
    const path = req.url ?? '/';
    const n = (served.get(path) ?? 0) + 1;
    served.set(path, n);
    const mode = behaviour.get(path) ?? 'up';
    const fail = mode === 'down' || (mode === 'alternate' && n % 2 === 1);
    res.statusCode = fail ? 503 : 200;
    res.end(fail ? 'Service Unavailable' : 'ok');
  });
});
afterAll(async () => {
  await server.close();
  await dynamo.close();
});

class Inbox implements AlertNotifier {
  readonly published: AlertEvent[] = [];
  async publish(event: AlertEvent): Promise<void> {
    this.published.push(event);
  }
  /** Target ids each published `kind` message delivers (a grouped storm message delivers several). */
  delivered(kind: string): string[] {
    return this.published.filter((e) => e.kind === kind && e.domain !== 'ops').flatMap((e) => e.grouped ?? [e.target]).sort();
  }
  ops(): AlertEvent[] {
    return this.published.filter((e) => e.domain === 'ops');
  }
}

function deps(region: string, regions: string[], inbox: Inbox): ProbeCycleDeps {
  return {
    store,
    metrics: { publish: async () => 0 },
    secrets: async () => '',
    log: { info: () => {}, warn: () => {}, error: () => {} },
    region,
    concurrency: 8,
    config: { ...makeConfig(), regions },
    notifier: inbox,
  };
}

function fleet(prefix: string, n: number, mode: 'up' | 'down' | 'alternate' = 'up', over: Partial<TargetSpec> = {}): TargetSpec[] {
  return Array.from({ length: n }, (_, i) => {
    const id = `${prefix}${i + 1}`;
    behaviour.set(`/${id}`, mode);
    return makeTarget({ id, app: prefix, url: `${server.url}/${id}`, timeoutMs: 2000, ...over });
  });
}

const setAll = (targets: TargetSpec[], mode: 'up' | 'down' | 'alternate') => targets.forEach((t) => behaviour.set(`/${t.id}`, mode));
/** The same targets as seen from a region whose own network is broken: every connection refused. */
const unreachable = (targets: TargetSpec[]) => targets.map((t) => ({ ...t, url: `http://127.0.0.1:9/${t.id}` }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function round(runs: Array<[string, TargetSpec[]]>, regions: string[], inbox: Inbox): Promise<ProbeCycleReport[]> {
  const reports: ProbeCycleReport[] = [];
  for (const [region, targets] of runs) {
    const report = await runProbeCycle(targets, deps(region, regions, inbox));
    expect(report.sinkErrors).toEqual([]);
    reports.push(report);
  }
  return reports;
}

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
