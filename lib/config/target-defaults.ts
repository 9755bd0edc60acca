import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_REDIRECTS } from '../../lambdas/core/types';

/** Built-in target settings, under `defaults:`, `apps.<app>:` and the target's own. */
export const TARGET_DEFAULTS = {
  intervalMs: 60_000,
  /** The default timeout, capped at half the interval so `interval: 1s` works without a timeout. */
  timeoutMs: 10_000,
  severity: 'high',
  metrics: 'app',
  method: 'GET',
  maxRedirects: DEFAULT_MAX_REDIRECTS,
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  failureThreshold: 3,
  successThreshold: 2,
  renotifyMinutes: 30,
  /** freshness = this × interval unless set. */
  freshnessIntervals: 3,
  flapping: { transitions: 6, windowMs: 30 * 60_000 },
  /** Intermittent failures: 5 failed of a region's last 10 checks → DOWN, 3 → DEGRADED. */
  failureRate: { of: 10, atLeast: 5, then: 'down', warnAtLeast: 3 },
} as const;
