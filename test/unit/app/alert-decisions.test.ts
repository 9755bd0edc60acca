import { describe, expect, it } from 'vitest';
import { MemoryLog, memoryStore } from '../../../lambdas/adapters/memory';
import type { AlertDeps } from '../../../lambdas/app/alert-cycle';
import { decideAll } from '../../../lambdas/app/alert-decisions';
import type { AlertState } from '../../../lambdas/core/alerting/state';
import { targetSubject, type AlertStore } from '../../../lambdas/ports';
import { makeConfig } from '../../support/config-fixture';
import { DOWN_AFTER_TWO, RecordingNotifier, observation } from '../../support/alert-fixtures';

/** The deciding half of the alert cycle on its own: conditional writes and leases, no publishing. */

const T0 = Date.parse('2026-11-24T03:00:00.000Z');
const MINUTE = 60_000;
const LEASE_MS = 2 * MINUTE;
const RULES = DOWN_AFTER_TWO;

const failing = (target: string, minute: number) => observation(target, T0 + minute * MINUTE, false, 'kpu-kabkota', RULES);

function deps(store: AlertStore): AlertDeps {
  return {
    store,
    notifier: new RecordingNotifier(),
    log: new MemoryLog(),
    alerting: { ...makeConfig().alerting, storm: { threshold: 0, windowMs: 120_000 } },
    maintenance: [],
    regions: ['ap-southeast-3'],
  };
}

const at = (ms: number) => () => new Date(ms);
const pendingOf = async (store: AlertStore, target: string) =>
  (await store.readSubject<AlertState>(targetSubject(target)))?.value.pending ?? [];

describe('decideAll', () => {
  it("applies one subject's observations in order, each on the version the previous one wrote", async () => {
    const store = memoryStore();
    const decisions = await decideAll([failing('a', 0), failing('b', 0), failing('a', 1)], deps(store), at(T0 + MINUTE), LEASE_MS);

    const ofA = decisions.filter((d) => d.item.obs.subject === 'a');
    expect(ofA.map((d) => d.version)).toEqual([1, 2]);
    expect(ofA.map((d) => d.events.map((e) => e.kind))).toEqual([[], ['down']]);
    expect(decisions.find((d) => d.item.obs.subject === 'b')!.events).toEqual([]);
    // The alert the winning write decided is on the subject's state, leased to this run.
    expect((await pendingOf(store, 'a')).map((p) => p.event.dedupId)).toEqual([ofA[1]!.events[0]!.dedupId]);
  });

  it('claims an undelivered alert again only once its lease has run out, with the same dedupId', async () => {
    const store = memoryStore();
    const first = await decideAll([failing('a', 0), failing('a', 1)], deps(store), at(T0 + MINUTE), LEASE_MS);
    const down = first[1]!.events[0]!;

    const withinLease = await decideAll([failing('a', 2)], deps(store), at(T0 + 2 * MINUTE), LEASE_MS);
    expect(withinLease[0]!.events).toEqual([]);

    const afterLease = await decideAll([failing('a', 4)], deps(store), at(T0 + 4 * MINUTE), LEASE_MS);
    expect(afterLease[0]!.events.map((e) => [e.kind, e.dedupId])).toEqual([['down', down.dedupId]]);
  });
});
