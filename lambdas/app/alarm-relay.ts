import { alarmObservation, ALARM_RULES, type AlarmStateChangeEvent } from '../core/alerting/alarm-observation';
import type { AlertEvent, AlertNotifier } from '../core/alerting/types';
import type { ResolvedConfig } from '../core/config';
import type { AlertStore, LogSink } from '../ports';
import { evaluateObservations } from './alert-cycle';

/**
 * The alarm relay: one CloudWatch alarm state change (delivered by EventBridge) goes through the
 * same alert engine as a target's check result, so Pantau's own alarms reach on-call with the
 * same topics, message attributes and guarantees (docs/alerting.md "Pantau watching itself"):
 *   - exactly once: the state change is applied by a conditional write; a redelivered event
 *     (EventBridge or Lambda retry) has the same time stamp and is ignored;
 *   - the OK change is a RECOVERED message with the downtime;
 *   - alarms that fire together (many dead shards) are grouped as an alert storm.
 */

export interface AlarmRelayDeps {
  store: AlertStore;
  notifier: AlertNotifier;
  log: LogSink;
  config: Pick<ResolvedConfig, 'project' | 'alerting'>;
  now?: () => Date;
}

export interface AlarmRelayReport {
  /** Why the event was not relayed (not ours, INSUFFICIENT_DATA …). */
  ignored?: string;
  sent: AlertEvent[];
}

/** Thrown when a decided alert was not published, so Lambda's retry delivers the event again. */
export class RelayPublishFailure extends Error {
  override name = 'RelayPublishFailure';
}

export async function relayAlarm(event: AlarmStateChangeEvent, deps: AlarmRelayDeps): Promise<AlarmRelayReport> {
  const mapped = alarmObservation(event, deps.config.project);
  if ('ignored' in mapped) {
    deps.log.info('alarm event ignored', { reason: mapped.ignored });
    return { ignored: mapped.ignored, sent: [] };
  }
  const { observation: obs, alarmName } = mapped;
  const report = await evaluateObservations(
    [{ obs, rules: ALARM_RULES, subject: { kind: 'alarm', region: obs.region, alarmName } }],
    {
      store: deps.store,
      notifier: deps.notifier,
      log: deps.log,
      alerting: deps.config.alerting,
      // Maintenance windows are for the monitored apps; Pantau's own failures always page.
      maintenance: [],
      regions: [obs.region],
      now: deps.now,
    },
  );
  deps.log.info('alarm relayed', { alarm: alarmName, state: obs.ok ? 'OK' : 'ALARM', sent: report.sent.map((e) => e.dedupId) });
  if (report.failed.length > 0) {
    // The alert stays pending with its lease released: the retried event claims and publishes it
    // with the same dedupId (an alarm reports only on change, so no later event would).
    throw new RelayPublishFailure(`${report.failed.length} alert(s) not published: ${report.failed[0]!.error}`);
  }
  return { sent: report.sent };
}
