import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../lambdas/adapters/memory';
import { MemoryOverrides } from '../../../lambdas/adapters/memory/oncall';
import { activeOverrides } from '../../../lambdas/app/overrides';
import { runProbeCycle, type ProbeCycleDeps } from '../../../lambdas/app/probe-cycle';
import type { AlertEvent } from '../../../lambdas/core/alerting/types';
import type { OnCallOverride } from '../../../lambdas/core/oncall/overrides';
import { makeConfig, makeTarget } from '../../support/config-fixture';
import { refusedPort } from '../../support/servers';

/**
 * The probe cycle reads the overrides once per run and honours the active ones; one that has
 * ended (the clock injected past its `until`) is ignored, whether or not TTL removed it yet.
 */

const silent = { info: () => {}, warn: () => {}, error: () => {} };
const HOUR = 3_600_000;

function silence(now: number, over: Partial<OnCallOverride> = {}): OnCallOverride {
  return {
    id: 'sil-1',
    kind: 'silence',
    selector: 'web',
    targets: ['web'],
    apps: [],
    from: new Date(now - 60_000).toISOString(),
    until: new Date(now + 2 * HOUR).toISOString(),
    reason: 'DNS move',
    by: 'ana',
    createdAt: new Date(now - 60_000).toISOString(),
    ...over,
  };
}

describe('activeOverrides', () => {
  it('keeps only the overrides active at the given time', async () => {
    const store = new MemoryOverrides();
    const now = Date.now();
    await store.putOverride(silence(now));
    await store.putOverride(silence(now, { id: 'sil-old', until: new Date(now - 1000).toISOString() }));
    await store.putOverride(silence(now, { id: 'sil-later', from: new Date(now + HOUR).toISOString() }));
    expect((await activeOverrides(store, new Date(now), silent)).map((o) => o.id)).toEqual(['sil-1']);
    expect((await activeOverrides(store, new Date(now + 3 * HOUR), silent)).map((o) => o.id)).toEqual([]);
  });

  it('a store that cannot be read leaves the run with the config windows, and says so', async () => {
    const warnings: string[] = [];
    const broken = { listOverrides: () => Promise.reject(new Error('throttled')) };
    const found = await activeOverrides(broken, new Date(), { ...silent, warn: (m) => warnings.push(m) });
    expect(found).toEqual([]);
    expect(warnings).toEqual(['silences and ad-hoc maintenance windows could not be read; only the config windows apply this run']);
  });
});

describe('the probe cycle with a silence', () => {
  async function cycle(now: number, overrides: MemoryOverrides, store = memoryStore()) {
    const port = await refusedPort();
    const target = makeTarget({ id: 'web', app: 'sirekap', url: `http://127.0.0.1:${port}/` });
    target.alerting = { ...target.alerting, failureThreshold: 1 };
    const sent: AlertEvent[] = [];
    const config = makeConfig({ targets: [target], regions: ['local'] });
    const deps: ProbeCycleDeps = {
      store,
      metrics: { publish: async () => 0 },
      secrets: async () => '',
      log: silent,
      region: 'local',
      concurrency: 2,
      config,
      notifier: { publish: async (e) => void sent.push(e) },
      now: () => new Date(now),
      overrides,
    };
    const report = await runProbeCycle([target], deps);
    return { report, sent, store };
  }

  it('suppresses the page of a DOWN inside it, still recording the incident, and reports it as active', async () => {
    const overrides = new MemoryOverrides();
    await overrides.putOverride(silence(Date.now()));
    const { report, sent, store } = await cycle(Date.now(), overrides);
    expect(report.results[0]!.ok).toBe(false);
    expect(sent).toEqual([]);
    expect(report.overrides.map((o) => o.id)).toEqual(['sil-1']);
    const incidents = await store.incidentsOf<{ status: string; maintenance: string }>({ kind: 'target', target: 'web' });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ status: 'open', maintenance: expect.stringMatching(/^silenced by ana until .+ \("DNS move"\)$/) });
  });

  it('once the silence has ended (clock injected past it), the next run pages', async () => {
    const overrides = new MemoryOverrides();
    await overrides.putOverride(silence(Date.now()));
    const { report, sent } = await cycle(Date.now() + 3 * HOUR, overrides);
    expect(report.overrides).toEqual([]);
    expect(sent.map((e) => e.kind)).toEqual(['down']);
  });
});
