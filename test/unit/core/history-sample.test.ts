import { describe, expect, it } from 'vitest';
import { sampleHistory } from '../../../lambdas/core/history-sample';
import type { CheckResult } from '../../../lambdas/core/types';

const T0 = Date.parse('2026-11-24T03:00:00.000Z');
const MINUTE = 60_000;

function result(minute: number, over: Partial<CheckResult> = {}, region = 'ap-southeast-3'): CheckResult {
  return {
    target: 'sirekap',
    app: 'kpu',
    kind: 'http',
    url: 'https://sirekap.kpu.go.id/',
    severity: 'high',
    ok: true,
    error: null,
    reason: 'ok',
    status: 200,
    latencyMs: 80,
    phases: {} as CheckResult['phases'],
    certDaysLeft: null,
    warnings: [],
    region,
    // A round starts a few seconds into its minute, as the shard offsets make it.
    ts: new Date(T0 + minute * MINUTE + 7_250).toISOString(),
    ...over,
  };
}

const everyMinute = () => MINUTE;

describe('sampleHistory (historySampleMinutes)', () => {
  it('keeps one plain pass per 5-minute window per region: 2 of 10 healthy minutes, at the same minutes in both regions', () => {
    const results = Array.from({ length: 10 }, (_, m) => [result(m), result(m, {}, 'ap-southeast-1')]).flat();
    const kept = sampleHistory(results, everyMinute, 5);
    // Minutes 0 and 5 start their windows (03:00 and 03:05 UTC): 2 minutes × 2 regions.
    expect(kept.map((r) => `${r.region} ${r.ts.slice(11, 16)}`)).toEqual([
      'ap-southeast-3 03:00',
      'ap-southeast-1 03:00',
      'ap-southeast-3 03:05',
      'ap-southeast-1 03:05',
    ]);
  });

  it('keeps every failure, every pass with warnings and every paging patrol finding, whatever the minute', () => {
    const failing = result(2, { ok: false, error: 'timeout', reason: 'no response within 10000 ms' });
    const slow = result(3, { warnings: ['latency 2300 ms over warnLatencyMs 2000'] });
    const plain = result(4);
    const paging = result(4, { patrol: { judged: ['defacement'], findings: [{ finding: 'defacement', severity: 'page', evidence: 'title changed' }] } as never });
    const digestOnly = result(4, { patrol: { judged: ['missing_security_header'], findings: [{ finding: 'missing_security_header', severity: 'digest', evidence: 'no CSP' }] } as never });
    // A paging finding is kept; a digest-level one repeats every check and is sampled like a plain pass.
    expect(sampleHistory([failing, slow, plain, paging, digestOnly], everyMinute, 5)).toEqual([failing, slow, paging]);
  });

  it('1 keeps every result; a target checked every 5 minutes keeps every check under a 5-minute sample', () => {
    const results = Array.from({ length: 4 }, (_, m) => result(m));
    expect(sampleHistory(results, everyMinute, 1)).toEqual(results);
    const sparse = [result(0), result(5), result(10)];
    expect(sampleHistory(sparse, () => 5 * MINUTE, 5)).toEqual(sparse);
  });
});
