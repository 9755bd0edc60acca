import type { SubjectObservation } from '../../lambdas/app/alert-cycle';
import type { AlertEvent, AlertNotifier, Observation } from '../../lambdas/core/alerting/types';
import type { AlertRules } from '../../lambdas/core/config';
import { targetSubject } from '../../lambdas/ports';

/**
 * Alert-cycle fixtures that need no store: a recording notifier, a silent log and an uptime
 * observation of one target. Shared by the storm fleet (dynalite) and the memory-only cycle tests.
 */

/** One failure confirms DOWN and one pass recovery: each shard run decides its targets' transitions. */
export const FAST_RULES: AlertRules = {
  failureThreshold: 1,
  successThreshold: 1,
  renotifyMinutes: 0,
  quorum: null,
  freshnessMs: 180_000,
  flapping: { transitions: 0, windowMs: 1_800_000 },
};

/** Records what was published; fails the next `failures` publishes. */
export class RecordingNotifier implements AlertNotifier {
  readonly published: AlertEvent[] = [];
  constructor(public failures = 0) {}
  async publish(event: AlertEvent): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('SNS: Throttling: Rate exceeded');
    }
    this.published.push(event);
  }
}

/** DOWN after two failures in a row, UP after one pass; no reminders, no flapping. */
export const DOWN_AFTER_TWO: AlertRules = {
  failureThreshold: 2,
  successThreshold: 1,
  renotifyMinutes: 0,
  quorum: null,
  freshnessMs: 180_000,
  flapping: { transitions: 0, windowMs: 1_800_000 },
};

export const quietLog = { info: () => {}, warn: () => {}, error: () => {} };

/** One uptime observation of `target` (a high-severity KPU site probed from ap-southeast-3). */
export function uptimeItem(target: string, ts: string, ok: boolean, rules: AlertRules, obs: Partial<Observation> = {}): SubjectObservation {
  return {
    obs: {
      subject: target,
      domain: 'uptime',
      app: 'kpu-kabkota',
      severity: 'high',
      ok,
      degraded: false,
      error: ok ? null : 'timeout',
      reason: ok ? 'ok' : 'no response within 10000 ms',
      region: 'ap-southeast-3',
      ts,
      label: `${target}.kpu.go.id`,
      ...obs,
    },
    rules,
    subject: targetSubject(target),
  };
}

export function observation(target: string, atMs: number, ok: boolean, app = 'kpu-kabkota', rules: AlertRules = FAST_RULES): SubjectObservation {
  return uptimeItem(target, new Date(atMs).toISOString(), ok, rules, { app });
}
