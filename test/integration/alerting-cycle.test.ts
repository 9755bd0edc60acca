import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoStore } from '../../lambdas/adapters/dynamo-store';
import { evaluateObservations, type AlertDeps, type SubjectObservation } from '../../lambdas/app/alert-cycle';
import { runProbeCycle, type ProbeCycleDeps } from '../../lambdas/app/probe-cycle';
import { capacityPk, capacityStateKey, stateKey, targetPk } from '../../lambdas/adapters/dynamo/keys';
import { capacitySubject } from '../../lambdas/ports';
import type { AlertState } from '../../lambdas/core/alerting/state';
import type { AlertEvent, AlertNotifier } from '../../lambdas/core/alerting/types';
import { makeConfig, makeTarget } from '../support/config-fixture';
import { startHttpServer, type RunningServer } from '../support/servers';
import { alertDeps, at, item, RULES, T0, useAlertStore } from '../support/alert-cycle';

/**
 * The alert cycle against a real DynamoDB API (dynalite): exactly-once publishing under
 * concurrency, pending retries after a failed publish, storms, incidents, the shared state item.
 */

const bench = useAlertStore('alerting-test');
const { state } = bench;
let store: DynamoStore;
beforeAll(() => {
  store = bench.store();
});

/** Records what was published; fails the next `failures` publishes. */
class RecordingNotifier implements AlertNotifier {
  readonly published: AlertEvent[] = [];
  attempts = 0;
  constructor(public failures = 0) {}
  async publish(event: AlertEvent): Promise<void> {
    this.attempts++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('SNS: Throttling: Rate exceeded');
    }
    this.published.push(event);
  }
}

function deps(notifier: AlertNotifier, over: Partial<AlertDeps> = {}): AlertDeps {
  return alertDeps(store, notifier, over);
}

describe('exactly once', () => {
  it('10 concurrent evaluations of the same transition publish exactly one message', async () => {
    const notifier = new RecordingNotifier();
    for (const m of [0, 1]) await evaluateObservations([item('race', m, false)], deps(notifier));
    expect(notifier.published).toHaveLength(0);

    // The third failure arrives ten times at once (duplicate Lambda runs, retries).
    const reports = await Promise.all(
      Array.from({ length: 10 }, () => evaluateObservations([item('race', 2, false)], deps(notifier))),
    );
    expect(notifier.published).toHaveLength(1);
    expect(notifier.published[0]).toMatchObject({ kind: 'down', target: 'race', incidentId: 'race@20261124T030000Z' });
    expect(reports.flatMap((r) => r.sent)).toHaveLength(1);
    const s = await state('race');
    expect(s.status).toBe('down');
    expect(s.pending).toEqual([]);
  });

  it('10 concurrent evaluations from different regions completing a quorum publish exactly one', async () => {
    const notifier = new RecordingNotifier();
    const regions = ['r1', 'r2', 'r3'];
    const d = deps(notifier, { regions });
    // Every region reports: r1 three failures, r2 and r3 two each; the third failure of either
    // completes the quorum (2 of 3 live regions).
    for (const m of [0, 1]) {
      for (const region of regions) await evaluateObservations([item('quorum', m, false, { region })], d);
    }
    await evaluateObservations([item('quorum', 2, false, { region: 'r1' })], d);
    expect(notifier.published).toEqual([]);
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        evaluateObservations([item('quorum', 2, false, { region: i % 2 ? 'r2' : 'r3' })], d),
      ),
    );
    expect(notifier.published.map((e) => e.kind)).toEqual(['down']);
    expect(notifier.published[0]!.message).toMatch(/from [23]\/3 regions/);
  });

  it('a publish failure followed by a retry publishes exactly one, with the same dedupId', async () => {
    const notifier = new RecordingNotifier(1);
    for (const m of [0, 1]) await evaluateObservations([item('flaky-sns', m, false)], deps(notifier));
    const first = await evaluateObservations([item('flaky-sns', 2, false)], deps(notifier));
    expect(first.failed).toHaveLength(1);
    expect(notifier.published).toHaveLength(0);
    const pending = (await state('flaky-sns')).pending;
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ attempts: 1, lastError: 'SNS: Throttling: Rate exceeded' });

    // Next run: no new transition, but the pending alert is claimed and retried.
    const second = await evaluateObservations([item('flaky-sns', 3, false)], deps(notifier));
    expect(second.sent).toHaveLength(1);
    expect(notifier.published).toHaveLength(1);
    expect(notifier.published[0]!.dedupId).toBe(first.failed[0]!.event.dedupId);
    expect((await state('flaky-sns')).pending).toEqual([]);

    await evaluateObservations([item('flaky-sns', 4, false)], deps(notifier));
    expect(notifier.published).toHaveLength(1);
    expect(notifier.attempts).toBe(2);
  });

  it('10 concurrent runs retrying one pending alert publish it once', async () => {
    const notifier = new RecordingNotifier(1);
    for (const m of [0, 1, 2]) await evaluateObservations([item('retry-race', m, false)], deps(notifier));
    expect(notifier.published).toHaveLength(0);
    await Promise.all(
      Array.from({ length: 10 }, () => evaluateObservations([item('retry-race', 3, false)], deps(notifier))),
    );
    expect(notifier.published.map((e) => e.kind)).toEqual(['down']);
  });

  it('a run that claimed an alert and died leaves it to the next run after the lease', async () => {
    const notifier = new RecordingNotifier();
    const hung: AlertNotifier = { publish: () => Promise.reject(new Error('Lambda timed out')) };
    for (const m of [0, 1]) await evaluateObservations([item('lease', m, false)], deps(notifier));
    // The deciding run's publish "fails" but we simulate the crash by restoring the lease as if never released.
    await evaluateObservations([item('lease', 2, false)], deps(hung));
    await store.updateVersioned<AlertState, void>(stateKey('lease'), (s) => ({
      value: { ...s!, pending: s!.pending.map((p) => ({ ...p, leaseUntil: new Date(T0 + 12 * 60_000).toISOString() })) },
      outcome: undefined,
    }));
    await evaluateObservations([item('lease', 3, false)], deps(notifier, { now: () => new Date(T0 + 11 * 60_000) }));
    expect(notifier.published).toHaveLength(0); // still leased to the "dead" run
    await evaluateObservations([item('lease', 4, false)], deps(notifier, { now: () => new Date(T0 + 12 * 60_000) }));
    expect(notifier.published.map((e) => e.kind)).toEqual(['down']);
  });
});

describe('storms, incidents and the shared state item', () => {
  it('many targets down in one run: one grouped message; a failed storm is retried as the same group', async () => {
    const notifier = new RecordingNotifier(1);
    // Storm windows span runs (alerting.storm.windowMs): the alerts of this app in the tests above
    // share one window at T0+10 min, so this storm runs an hour later, in a window of its own.
    const later = { now: () => new Date(T0 + 60 * 60_000) };
    const targets = ['aceh', 'sumut', 'sumbar', 'riau', 'jambi', 'sumsel'].map((p) => `storm-${p}`);
    for (const m of [0, 1]) await evaluateObservations(targets.map((t) => item(t, m, false)), deps(notifier, later));
    const failed = await evaluateObservations(targets.map((t) => item(t, 2, false)), deps(notifier, later));
    expect(failed.failed).toHaveLength(1);
    expect(failed.decided).toHaveLength(6);
    const retried = await evaluateObservations(targets.map((t) => item(t, 3, false)), deps(notifier, later));
    expect(retried.sent).toHaveLength(1);
    expect(notifier.published).toHaveLength(1);
    const storm = notifier.published[0]!;
    expect(storm.grouped).toEqual([...targets].sort());
    expect(storm.dedupId).toBe(failed.failed[0]!.event.dedupId);
    expect(storm.message).toMatch(/^DOWN 6 Kpu-provinsi targets \(status\): /);
    for (const t of targets) expect((await state(t)).pending).toEqual([]);
  });

  it('writes an incident item per DOWN period: start, end, duration, cause, regions, alerts sent', async () => {
    const notifier = new RecordingNotifier();
    const script = [false, false, false, false, true, true];
    for (const [m, ok] of script.entries()) await evaluateObservations([item('incident', m + 1, ok)], deps(notifier));
    const incidents = await store.queryPrefix<Record<string, unknown>>(targetPk('incident'), 'INCIDENT#');
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      id: 'incident@20261124T030100Z',
      subject: 'incident',
      status: 'closed',
      start: at(1),
      end: at(5),
      durationMs: 4 * 60_000,
      cause: 'status',
      regions: ['ap-southeast-3'],
      alertsSent: 2,
      maintenance: null,
    });
    expect(notifier.published.map((e) => [e.kind, e.incidentId, e.downtimeMs])).toEqual([
      ['down', 'incident@20261124T030100Z', undefined],
      ['recovered', 'incident@20261124T030100Z', 240_000],
    ]);
  });

  it('keeps attributes other writers own on the shared state item (capacity level, forecast)', async () => {
    const key = capacityStateKey('PDN-Cikarang', 'filesystem:/data');
    await store.putIfVersion(key, { site: 'PDN-Cikarang', resource: 'filesystem:/data', level: 'critical', exhaustionAt: null }, 0);
    const notifier = new RecordingNotifier();
    const obs = (m: number): SubjectObservation => ({
      obs: {
        subject: 'capacity:PDN-Cikarang/filesystem:/data',
        domain: 'capacity',
        app: 'PDN-Cikarang',
        severity: 'critical',
        ok: false,
        degraded: false,
        error: 'critical',
        reason: '93% used (critical 90%)',
        region: 'ap-southeast-3',
        ts: at(m),
      },
      rules: { ...RULES, failureThreshold: 1 },
      subject: capacitySubject('PDN-Cikarang', 'filesystem:/data'),
    });
    await evaluateObservations([obs(0)], deps(notifier));
    const item = (await store.getVersioned<Record<string, unknown>>(key))!;
    expect(item.value).toMatchObject({ level: 'critical', exhaustionAt: null, status: 'down', domain: 'capacity' });
    expect(notifier.published[0]!.message).toBe('CRITICAL PDN-Cikarang/filesystem:/data: 93% used (critical 90%) since 10:00 WIB');
    expect(await store.queryPrefix(capacityPk('PDN-Cikarang', 'filesystem:/data'), 'INCIDENT#')).toHaveLength(1);
  });
});

describe('probe cycle with the engine (loopback target)', () => {
  let server: RunningServer;
  let healthy = true;
  beforeAll(async () => {
    server = await startHttpServer((_req, res) => {
      res.statusCode = healthy ? 200 : 503;
      res.end(healthy ? 'ok' : 'down');
    });
  });
  afterAll(async () => server.close());

  function probeDeps(notifier: AlertNotifier, regions = ['ap-southeast-3']): ProbeCycleDeps {
    return {
      store,
      metrics: { publish: async () => 0 },
      secrets: async () => '',
      log: { info: () => {}, warn: () => {}, error: () => {} },
      region: 'ap-southeast-3',
      concurrency: 4,
      config: { ...makeConfig(), regions },
      notifier,
    };
  }

  it('pages once after three failing cycles and recovers after two passing ones', async () => {
    const target = makeTarget({ id: 'loop-web', app: 'sirekap', url: `${server.url}/`, timeoutMs: 2000 });
    const notifier = new RecordingNotifier();
    const kinds: string[] = [];
    for (const up of [true, false, false, false, false, true, true]) {
      healthy = up;
      const report = await runProbeCycle([target], probeDeps(notifier));
      expect(report.sinkErrors).toEqual([]);
      kinds.push(report.alerts.map((a) => a.kind).join(',') || '-');
    }
    expect(kinds).toEqual(['-', '-', '-', 'down', '-', '-', 'recovered']);
    expect(notifier.published[0]!.message).toMatch(/^DOWN Sirekap \(127\.0\.0\.1:\d+\): status from 1\/1 region since \d\d:\d\d WIB$/);
  });

  it('every check failing from one of two regions is no evidence against the prober: it pages, naming the silent region', async () => {
    healthy = false;
    const targets = ['imp-a', 'imp-b', 'imp-c'].map((id) => makeTarget({ id, url: `${server.url}/${id}`, timeoutMs: 2000 }));
    const notifier = new RecordingNotifier();
    let report;
    for (let i = 0; i < 3; i++) report = await runProbeCycle(targets, probeDeps(notifier, ['ap-southeast-3', 'ap-southeast-1']));
    expect(report!.regionImpaired).toBe(false);
    expect(notifier.published.map((e) => `${e.kind} ${e.target}`).sort()).toEqual(['down imp-a', 'down imp-b', 'down imp-c']);
    expect(notifier.published[0]!.message).toContain('confirmed by 1 of 2 regions; ap-southeast-1 silent');
  });

  it('control checks all failing mark the region impaired: no target page, one ops alert for the region; a failed publish is a sink error', async () => {
    healthy = false;
    const targets = ['ctl-a', 'ctl-b', 'ctl-c'].map((id) => makeTarget({ id, url: `${server.url}/${id}`, timeoutMs: 2000 }));
    const controls = [makeTarget({ id: 'control-1', url: 'http://127.0.0.1:9/', timeoutMs: 1000 })];
    const notifier = new RecordingNotifier();
    for (let i = 0; i < 4; i++) {
      const report = await runProbeCycle(targets, { ...probeDeps(notifier), config: { ...makeConfig({ project: 'kpu-pantau' }), controls } });
      expect(report.regionImpaired).toBe(true);
      expect(report.impairment).toEqual({ impaired: true, basis: 'controls', reason: 'all 1 control checks failed (refused)' });
    }
    // The project is the app of Pantau's own alerts, as for relayed alarms.
    expect(notifier.published.map((e) => [e.kind, e.target, e.domain, e.severity, e.app])).toEqual([['down', 'probe-region:ap-southeast-3', 'ops', 'high', 'kpu-pantau']]);
    expect(notifier.published[0]!.message).toMatch(/^PANTAU ALARM probe region ap-southeast-3: probes impaired: all 1 control checks failed \(refused\) since/);
    expect((await state('ctl-a')).regions['ap-southeast-3']).toMatchObject({ impaired: true, ok: false });

    // Without controls and with one region the same failures are real and page (the publish fails here).
    const failing = new RecordingNotifier(10);
    let report;
    for (let i = 0; i < 3; i++) report = await runProbeCycle(targets, probeDeps(failing));
    expect(report!.regionImpaired).toBe(false);
    expect(report!.impairment).toBeNull();
    expect(report!.failedAlerts).toHaveLength(3);
    expect(report!.sinkErrors).toEqual([{ sink: 'state', message: expect.stringContaining('3 alert(s) not published') }]);
  });
});
