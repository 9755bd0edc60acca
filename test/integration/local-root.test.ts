import { afterEach, describe, expect, it } from 'vitest';
import { LocalNotifier } from '../../lambdas/adapters/local-notifier';
import { capacityLog, LOCAL_REGION, startLocalRuntime, stderrLog, type LocalRuntime } from '../../lib/local/runtime';
import { makeConfig, makeTarget } from '../support/config-fixture';

/**
 * The local composition root: `check`, `watch`, `capacity` and the demo build their probe and
 * capacity deps from one runtime, so both cycles share its embedded store, secrets and notifier.
 */

const config = makeConfig({
  targets: [makeTarget({ id: 'kpu-www', url: 'http://127.0.0.1:9/' })],
  regions: ['ap-southeast-3', 'ap-southeast-1'],
});

let runtime: LocalRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

describe('the local composition root', () => {
  it('hands the capacity cycle the probe cycle\'s store, secrets and notifier, without alerts unless asked', async () => {
    runtime = await startLocalRuntime(config);
    const capacity = runtime.capacityDeps();
    expect(capacity.secrets).toBe(runtime.deps.secrets);
    expect(capacity.region).toBe(LOCAL_REGION);
    expect(capacity.alerts).toBeUndefined();
    // Failures are printed by the capacity command itself; the probes' log prints warnings once.
    expect(capacity.log).toBe(capacityLog);
    expect(runtime.deps.log).toBe(stderrLog);
    // One capacity store and metrics per run, whatever asks for them.
    expect(runtime.capacityDeps().store).toBe(capacity.store);
    expect(runtime.capacityDeps().metrics).toBe(capacity.metrics);
  });

  it('with alerts, the capacity engine counts a quorum of one region on the probers\' store and notifier (the demo)', async () => {
    const notifier = new LocalNotifier({ out: process.stderr });
    runtime = await startLocalRuntime(config, { notifier, region: 'ap-southeast-3', quorumOverConfigRegions: true });
    expect(runtime.deps.config.regions).toEqual(['ap-southeast-3', 'ap-southeast-1']);
    const { alerts, region } = runtime.capacityDeps({ withAlerts: true });
    expect(region).toBe('ap-southeast-3');
    expect(alerts?.regions).toEqual(['ap-southeast-3']);
    expect(alerts?.store).toBe(runtime.store);
    expect(alerts?.notifier).toBe(notifier);
  });
});
