import type { TargetSpec } from '../../lambdas/core/types';
import { DEFAULT_MAX_REDIRECTS } from '../../lambdas/core/types';
import type { Problems } from './problems';
import { kindSettingsOf, parseTargetUrl } from './target-url';
import { TARGET_DEFAULTS } from './targets';

/**
 * `regions.controls`: reference endpoints outside the monitored estate (a public resolver, a
 * CDN, the cloud provider's own health page). Every probe run checks them beside its targets;
 * when every control fails, the prober's own network is broken and its region is impaired for
 * that run (lambdas/core/alerting/impairment.ts). They are never stored, graphed or alerted on
 * as targets.
 */

/** A control answers quickly or not at all: a short timeout keeps it out of the shard's budget. */
export const CONTROL_TIMEOUT_MS = 5_000;
/** Controls only need to answer; their bodies are not read beyond this. */
const CONTROL_MAX_BODY_BYTES = 64 * 1024;

export function resolveControls(raw: readonly string[] | undefined, problems: Problems): TargetSpec[] {
  const controls: TargetSpec[] = [];
  (raw ?? []).forEach((value, i) => {
    const url = parseTargetUrl(value);
    if (!url.ok) {
      problems.add(['regions', 'controls', i], url.problem);
      return;
    }
    controls.push({
      id: `control-${i + 1}`,
      app: 'control',
      url: value.trim(),
      kind: url.kind,
      intervalMs: TARGET_DEFAULTS.intervalMs,
      timeoutMs: CONTROL_TIMEOUT_MS,
      severity: 'low',
      tags: {},
      metrics: 'app',
      method: 'GET',
      headers: {},
      secretHeaders: {},
      maxRedirects: DEFAULT_MAX_REDIRECTS,
      maxBodyBytes: CONTROL_MAX_BODY_BYTES,
      tls: { insecureSkipVerify: false },
      ...kindSettingsOf(url),
      expect: {},
      alerting: {
        failureThreshold: 1,
        successThreshold: 1,
        renotifyMinutes: 0,
        quorum: 1,
        freshnessMs: 3 * TARGET_DEFAULTS.intervalMs,
        flapping: { transitions: 0, windowMs: TARGET_DEFAULTS.flapping.windowMs },
      },
    });
  });
  return controls;
}
