import { describe, expect, it } from 'vitest';
import { applyResult } from '../../lambdas/core/target-state';
import { roundOffsets } from '../../lambdas/probe/rounds';
import { envSecretResolver, envVarForRef } from '../../lambdas/adapters/secrets';
import { makeResult } from '../support/results';
import type { TargetSpec } from '../../lambdas/core/types';

describe('applyResult', () => {
  const up = makeResult({ target: 't', ts: '2026-11-24T03:00:00.000Z' });
  const down = makeResult({ target: 't', ok: false, error: 'refused', reason: 'refused', ts: '2026-11-24T03:01:00.000Z' });

  it('records the first result as a change from nothing', () => {
    const { value, outcome } = applyResult(undefined, up);
    expect(outcome).toMatchObject({ from: null, to: 'up' });
    expect(value).toMatchObject({ status: 'up', since: up.ts, consecutiveSuccesses: 1, consecutiveFailures: 0 });
  });

  it('counts streaks and reports a change only when the status flips', () => {
    let state = applyResult(undefined, up).value;
    const first = applyResult(state, down);
    expect(first.outcome).toMatchObject({ from: 'up', to: 'down' });
    state = first.value;
    const second = applyResult(state, { ...down, ts: '2026-11-24T03:02:00.000Z' });
    expect(second.outcome).toBeNull();
    expect(second.value).toMatchObject({ consecutiveFailures: 2, consecutiveSuccesses: 0, since: down.ts });
  });

  it('ignores a result older than the region already has (late duplicate run)', () => {
    const state = applyResult(undefined, down).value;
    const late = applyResult(state, up);
    expect(late.value).toBe(state);
    expect(late.outcome).toBeNull();
  });

  it('keeps one observation per region', () => {
    let state = applyResult(undefined, up).value;
    state = applyResult(state, { ...down, region: 'ap-southeast-1' }).value;
    expect(Object.keys(state.regions).sort()).toEqual(['ap-southeast-1', 'ap-southeast-3']);
    expect(state.regions['ap-southeast-1']!.error).toBe('refused');
  });
});

describe('roundOffsets', () => {
  const t = (intervalMs: number) => ({ intervalMs }) as TargetSpec;
  it('runs 30 s targets twice a minute and minute targets once', () => {
    expect(roundOffsets([t(30_000)])).toEqual([0, 30_000]);
    expect(roundOffsets([t(60_000), t(300_000)])).toEqual([0]);
    expect(roundOffsets([t(20_000)])).toEqual([0, 20_000, 40_000]);
    expect(roundOffsets([])).toEqual([]);
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
