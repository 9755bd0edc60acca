import type { CheckResult } from '../../lambdas/core/types';

/** A CheckResult with every field filled; override what the test is about. */
export function makeResult(partial: Partial<CheckResult> & { target: string }): CheckResult {
  return {
    app: partial.app ?? partial.target,
    kind: 'http',
    url: `http://127.0.0.1:9/${partial.target}`,
    severity: 'high',
    ok: true,
    error: null,
    reason: 'ok',
    status: 200,
    latencyMs: 12,
    phases: { dns: null, connect: 1, tls: null, ttfb: 10, transfer: 1, total: 12 },
    certDaysLeft: null,
    warnings: [],
    region: 'ap-southeast-3',
    ts: '2026-11-24T03:00:00.000Z',
    ...partial,
  };
}
