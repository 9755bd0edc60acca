import { describe, expect, it } from 'vitest';
import { foldRegion, type RegionState } from '../../../lambdas/core/target-state';
import { observationFromResult, labelOf } from '../../../lambdas/core/alerting/observations';
import { envSecretResolver, envVarForRef } from '../../../lambdas/adapters/secrets';
import { makeResult } from '../../support/results';

/** A target's STATE is its alert state; these cover the per-region fold the status views read. */
describe('foldRegion (per-region latest observation and streaks)', () => {
  const up = (ts: string, extra = {}) => observationFromResult(makeResult({ target: 't', ts, ...extra }));
  const down = (ts: string) =>
    observationFromResult(makeResult({ target: 't', ok: false, error: 'refused', reason: 'refused', ts }));
  const fold = (...obs: ReturnType<typeof up>[]) =>
    obs.reduce<RegionState | undefined>((r, o) => foldRegion(r, o, 180_000), undefined)!;

  it('counts failing and passing streaks and remembers when each began', () => {
    const r = fold(up('2026-11-24T03:00:00.000Z'), down('2026-11-24T03:01:00.000Z'), down('2026-11-24T03:02:00.000Z'));
    expect(r).toMatchObject({
      ok: false,
      error: 'refused',
      consecutiveFailures: 2,
      consecutiveSuccesses: 0,
      failingSince: '2026-11-24T03:01:00.000Z',
    });
    const back = foldRegion(r, up('2026-11-24T03:03:00.000Z'), 180_000);
    expect(back).toMatchObject({ ok: true, consecutiveFailures: 0, consecutiveSuccesses: 1, passingSince: '2026-11-24T03:03:00.000Z' });
  });

  it('a result with warnings is a degraded pass', () => {
    const r = fold(
      up('2026-11-24T03:00:00.000Z', { warnings: ['latency 900 ms over warning 500 ms'] }),
      up('2026-11-24T03:01:00.000Z', { warnings: ['latency 950 ms over warning 500 ms'] }),
    );
    expect(r).toMatchObject({ ok: true, degraded: true, consecutiveDegraded: 2, consecutiveClean: 0, reason: 'latency 950 ms over warning 500 ms' });
  });

  it('a silence longer than the freshness window restarts the streak', () => {
    const r = fold(down('2026-11-24T03:00:00.000Z'), down('2026-11-24T03:10:00.000Z'));
    expect(r.consecutiveFailures).toBe(1);
    expect(r.failingSince).toBe('2026-11-24T03:10:00.000Z');
  });
});

describe('observations from check results', () => {
  it('labels with the URL host and marks impaired regions', () => {
    const r = makeResult({ target: 'sirekap-web', app: 'sirekap', url: 'https://pemilu2024.kpu.go.id/', ok: false, error: 'timeout', reason: 'timeout' });
    expect(observationFromResult(r, true)).toEqual({
      subject: 'sirekap-web',
      domain: 'uptime',
      app: 'sirekap',
      severity: 'high',
      ok: false,
      degraded: false,
      error: 'timeout',
      reason: 'timeout',
      region: 'ap-southeast-3',
      ts: r.ts,
      label: 'pemilu2024.kpu.go.id',
      regionImpaired: true,
    });
    expect(labelOf('tcp://10.0.0.1:5432')).toBe('10.0.0.1:5432');
    expect(labelOf('not a url')).toBeUndefined();
  });
});

describe('local secrets', () => {
  it('names the environment variable after the reference', async () => {
    expect(envVarForRef({ ssm: '/pantau/sirekap/token' })).toBe('PANTAU_SECRET_PANTAU_SIREKAP_TOKEN');
    expect(envVarForRef({ secretsManager: 'kpu/api', jsonKey: 'key' })).toBe('PANTAU_SECRET_KPU_API_KEY');
    const resolve = envSecretResolver({ PANTAU_SECRET_PANTAU_SIREKAP_TOKEN: 's3cret' });
    await expect(resolve({ ssm: '/pantau/sirekap/token' })).resolves.toBe('s3cret');
    await expect(resolve({ ssm: '/missing' })).rejects.toThrow('export PANTAU_SECRET_MISSING=');
  });
});
