import { expect } from 'vitest';
import { DynamoStore, createDocumentClient } from '../../lambdas/adapters/dynamo-store';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { runProbeCycle, type ProbeCycleDeps, type ProbeCycleReport } from '../../lambdas/app/probe-cycle';
import type { AlertEvent, AlertNotifier } from '../../lambdas/core/alerting/types';
import type { TargetSpec } from '../../lambdas/core/types';
import { makeConfig, makeTarget } from './config-fixture';
import { startHttpServer, type RunningServer } from './servers';

/**
 * Several probe regions sharing one dynalite table through the real probe cycle, alert engine
 * and store, exactly as the Lambdas of several regions share the home table, against a loopback
 * server whose targets answer as the test says. Each region is a ProbeCycleDeps with its own
 * `region`; a region whose network is broken sees the same target ids at an address that refuses.
 * Used by paging-scenarios.test.ts and the fault suite (faults*.test.ts).
 */

export const A = 'ap-southeast-3';
export const B = 'ap-southeast-1';
export const C = 'ap-northeast-1';

/** What a target answers now: 'up', 'down' (503) or 'alternate' (503, 200, 503 …). */
export type TargetMode = 'up' | 'down' | 'alternate';

export interface ProbeWorld {
  dynamo: LocalDynamo;
  /** The shared table's store (no faults). */
  store: DynamoStore;
  tableName: string;
  server: RunningServer;
  /** `n` targets `<prefix>1 … <prefix>n` of app `prefix`, answering `mode`. */
  fleet(prefix: string, n: number, mode?: TargetMode, over?: Partial<TargetSpec>): TargetSpec[];
  setAll(targets: TargetSpec[], mode: TargetMode): void;
  /** One region's probe-cycle dependencies on the shared table. */
  deps(region: string, regions: string[], notifier: AlertNotifier, over?: Partial<ProbeCycleDeps>): ProbeCycleDeps;
  /** Runs each [region, targets] in turn; asserts each run reported no sink error. */
  round(runs: Array<[string, TargetSpec[]]>, regions: string[], notifier: AlertNotifier): Promise<ProbeCycleReport[]>;
  close(): Promise<void>;
}

export const quietLog = { info: () => {}, warn: () => {}, error: () => {} };

export async function startProbeWorld(tableName = 'paging'): Promise<ProbeWorld> {
  const dynamo = await startLocalDynamo();
  await ensureTable(dynamo.client, tableName);
  const store = new DynamoStore(createDocumentClient(dynamo.client), { tableName, historyDays: 30, backoffBaseMs: 5 });
  const behaviour = new Map<string, TargetMode>();
  const served = new Map<string, number>();
  const server = await startHttpServer((req, res) => {
    const path = req.url ?? '/';
    const n = (served.get(path) ?? 0) + 1;
    served.set(path, n);
    const mode = behaviour.get(path) ?? 'up';
    const fail = mode === 'down' || (mode === 'alternate' && n % 2 === 1);
    res.statusCode = fail ? 503 : 200;
    res.end(fail ? 'Service Unavailable' : 'ok');
  });

  const deps = (region: string, regions: string[], notifier: AlertNotifier, over: Partial<ProbeCycleDeps> = {}): ProbeCycleDeps => ({
    store,
    metrics: { publish: async () => 0 },
    secrets: async () => '',
    log: quietLog,
    region,
    concurrency: 8,
    config: { ...makeConfig(), regions },
    notifier,
    ...over,
  });

  return {
    dynamo,
    store,
    tableName,
    server,
    fleet(prefix, n, mode = 'up', over = {}) {
      return Array.from({ length: n }, (_, i) => {
        const id = `${prefix}${i + 1}`;
        behaviour.set(`/${id}`, mode);
        return makeTarget({ id, app: prefix, url: `${server.url}/${id}`, timeoutMs: 2000, ...over });
      });
    },
    setAll(targets, mode) {
      targets.forEach((t) => behaviour.set(`/${t.id}`, mode));
    },
    deps,
    async round(runs, regions, notifier) {
      const reports: ProbeCycleReport[] = [];
      for (const [region, targets] of runs) {
        const report = await runProbeCycle(targets, deps(region, regions, notifier));
        expect(report.sinkErrors).toEqual([]);
        reports.push(report);
      }
      return reports;
    },
    async close() {
      await server.close();
      await dynamo.close();
    },
  };
}

/** The same targets as seen from a region whose own network is broken: every connection refused. */
export const unreachable = (targets: TargetSpec[]): TargetSpec[] => targets.map((t) => ({ ...t, url: `http://127.0.0.1:9/${t.id}` }));

/** Records every published message, in order. */
export class Inbox implements AlertNotifier {
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
  /** dedupIds published more than once. */
  repeatedDedupIds(): string[] {
    return repeated(this.published.map((e) => e.dedupId));
  }
  /**
   * (target, kind, incident) delivered more than once: a page is a DOWN or RECOVERED of one
   * incident of one target, whether it went out on its own or inside a grouped storm message.
   */
  repeatedPages(): string[] {
    return repeated(
      this.published
        .filter((e) => e.kind === 'down' || e.kind === 'recovered')
        .flatMap((e) => (e.grouped ?? [e.target]).map((t) => `${t} ${e.kind} ${e.grouped ? 'storm' : (e.incidentId ?? '-')}`)),
    );
  }
}

function repeated(keys: string[]): string[] {
  const seen = new Map<string, number>();
  for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
}
