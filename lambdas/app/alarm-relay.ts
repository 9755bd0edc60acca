import { alarmObservation, ALARM_RULES, type AlarmStateChangeEvent } from '../core/alerting/alarm-observation';
import type { AlertEvent, AlertNotifier, Observation } from '../core/alerting/types';
import type { ResolvedConfig } from '../core/config';
import { parseBurnAlarmName } from '../core/slo/alarm-names';
import { budgetLeftQuery, budgetLeftText } from '../core/slo/budget-query';
import { sloOf } from '../core/slo/of';
import type { AlertStore, LogSink, MetricMathReader } from '../ports';
import { evaluateObservations } from './alert-cycle';

/**
 * The alarm relay: one CloudWatch alarm state change (delivered by EventBridge) goes through the
 * same alert engine as a target's check result, so Pantau's own alarms reach on-call with the
 * same topics, message attributes and guarantees (docs/alerting.md "Pantau watching itself"):
 *   - exactly once: the state change is applied by a conditional write; a redelivered event
 *     (EventBridge or Lambda retry) has the same time stamp and is ignored;
 *   - the OK change is a RECOVERED message with the downtime;
 *   - alarms that fire together (many dead shards) are grouped as an alert storm;
 *   - an SLO burn alarm going to ALARM says how much of the app's budget is left over its SLO
 *     window ("Budget left: 63 % of the 30-day budget", `budgetLeft` in the JSON form), read
 *     with the overview's budget math; when that read fails the alert still goes out, saying so.
 */

export interface AlarmRelayDeps {
  store: AlertStore;
  notifier: AlertNotifier;
  log: LogSink;
  config: Pick<ResolvedConfig, 'project' | 'alerting' | 'regions' | 'metricsNamespace' | 'slo'>;
  /** Reads the budget left of a burning app (home region: the SLO alarms and the metrics live there). */
  budget?: MetricMathReader;
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
  if (!obs.ok) await addBudgetLeft(obs, alarmName, deps);
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

/** Puts the budget left in front of a burn alarm's reason and sets `budgetLeft`; other alarms pass unchanged. */
async function addBudgetLeft(obs: Observation, alarmName: string, deps: AlarmRelayDeps): Promise<void> {
  const ref = deps.budget ? parseBurnAlarmName(deps.config, [obs.app], alarmName) : undefined;
  if (!ref || !deps.budget) return;
  let pct: number | null = null;
  try {
    pct = await deps.budget.latestValue(budgetLeftQuery(deps.config, ref.app, ref.objective, deps.now?.() ?? new Date()));
  } catch (error) {
    // The page matters more than the number: it goes out, saying the budget could not be read.
    deps.log.warn('budget left not read', { alarm: alarmName, error: error instanceof Error ? error.message : String(error) });
  }
  // First, so that the SMS (cut to one segment) still carries it.
  obs.reason = `${budgetLeftText(pct, sloOf(deps.config, ref.app).windowMs, ref.objective)} — ${obs.reason}`;
  obs.budgetLeft = pct === null ? null : Math.round(pct * 10) / 10;
}
