import { describe, expect, it } from 'vitest';
import { localSloAlarmStates } from '../../../../lib/local/dashboard-preview/slo-alarms';
import { makeConfig, makeTarget } from '../../../support/config-fixture';
import { makeResult } from '../../../support/results';

/**
 * The SLO alarms evaluated on local results. 99.9 % objective: a budget of 0.1 % failed checks.
 * One check a minute for 60 minutes; sirekap fails 3 of the last 5 (burn over 5 min = 0.6 / 0.001
 * = 600×, over 1 h = 3/60 / 0.001 = 50×: both over 14.4, the fast rule fires); silon failed once,
 * 50 minutes ago (1 h: 1/60 / 0.001 ≈ 16.7× but 5 min: 0×: the short window holds it back).
 */

const T0 = Date.parse('2026-11-24T03:00:00.000Z');
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();

describe('local SLO alarm states', () => {
  it('fires a burn alarm only when both of its windows burn faster than its factor', () => {
    const config = makeConfig({
      project: 'kpu',
      homeRegion: 'ap-southeast-3',
      targets: [makeTarget({ id: 'web', app: 'sirekap', url: 'http://127.0.0.1:9/', severity: 'critical' }), makeTarget({ id: 'silon', app: 'silon', url: 'http://127.0.0.1:9/' })],
    });
    const results = Array.from({ length: 60 }, (_, m) => [
      makeResult({ target: 'web', app: 'sirekap', ok: m < 56 || m === 57, ts: at(m) }),
      makeResult({ target: 'silon', app: 'silon', ok: m !== 9, ts: at(m) }),
    ]).flat();
    const states = localSloAlarmStates(config, results, Date.parse(at(59)));
    expect(states.get('ap-southeast-3/kpu-slo-sirekap-fast')).toBe('ALARM — burn 50× over 1h, 600× over 5m (alarm above 14.4× in both), evaluated locally');
    expect(states.get('ap-southeast-3/kpu-slo-silon-fast')).toMatch(/^OK — burn 17× over 1h, 0\.0× over 5m/);
    expect(states.get('ap-southeast-3/kpu-election-critical-apps')).toBe('ALARM — burning: sirekap, evaluated locally');
  });

  it('judges latency on successful checks only: slower than thresholdMs is bad, a failed check does not count', () => {
    // latency target 99 %: a budget of 1 % slow checks. Over the last 5 min, 2 of 4 successful
    // checks are slow (50 % / 1 % = 50×), over 1 h 2 of 59 (≈ 3.4 % / 1 % ≈ 3.4×): only the short window burns.
    const config = makeConfig({ project: 'kpu', homeRegion: 'ap-southeast-3', targets: [makeTarget({ id: 'web', app: 'sirekap', url: 'http://127.0.0.1:9/' })] });
    const results = Array.from({ length: 60 }, (_, m) =>
      makeResult({ target: 'web', app: 'sirekap', ok: m !== 57, latencyMs: m === 58 || m === 59 ? 1_500 : 200, ts: at(m) }),
    );
    const states = localSloAlarmStates(config, results, Date.parse(at(59)));
    expect(states.get('ap-southeast-3/kpu-slo-sirekap-latency-fast')).toBe('OK — burn 3.4× over 1h, 50× over 5m (alarm above 14.4× in both), evaluated locally');
    // every check slow in the last hour: both windows burn 100×
    const slow = results.map((r) => ({ ...r, latencyMs: 2_000 }));
    expect(localSloAlarmStates(config, slow, Date.parse(at(59))).get('ap-southeast-3/kpu-slo-sirekap-latency-fast')).toMatch(/^ALARM — burn 100× over 1h, 100× over 5m/);
  });

  it('says when a window holds no checks', () => {
    const config = makeConfig({ project: 'kpu', homeRegion: 'ap-southeast-3', targets: [makeTarget({ id: 'web', app: 'sirekap', url: 'http://127.0.0.1:9/' })] });
    const states = localSloAlarmStates(config, [makeResult({ target: 'web', app: 'sirekap', ts: at(0) })], Date.parse(at(30)));
    expect(states.get('ap-southeast-3/kpu-slo-sirekap-fast')).toMatch(/^INSUFFICIENT_DATA/);
  });
});
