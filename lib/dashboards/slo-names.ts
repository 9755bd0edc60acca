import type { ResolvedConfig } from '../../lambdas/core/config';
import { windowLabel, type BurnRule } from '../../lambdas/core/slo/burn-rules';

/**
 * Names of the SLO alarms, shared by the alarms (lib/constructs/slo-alarms.ts) and the dashboards'
 * alarm-status widgets. Relayed alarms start with `<project>-` (the alarm relay's rule); the
 * window alarms they combine start with `<project>.` so the relay is never invoked for them.
 */

/** The alarm that reaches on-call: `pantau-slo-sirekap-fast`. */
export function burnAlarmName(config: Pick<ResolvedConfig, 'project'>, app: string, rule: BurnRule): string {
  return `${config.project}-slo-${app}-${rule.name}`;
}

/** One window of one rule: `pantau.slo-sirekap-fast-1h`. */
export function windowAlarmName(config: Pick<ResolvedConfig, 'project'>, app: string, rule: BurnRule, windowMs: number): string {
  return `${config.project}.slo-${app}-${rule.name}-${windowLabel(windowMs)}`;
}

/** The leadership alarm over every election-critical app. */
export function electionCriticalAlarmName(config: Pick<ResolvedConfig, 'project'>): string {
  return `${config.project}-election-critical-apps`;
}

export function alarmArn(env: { region: string; account: string }, name: string): string {
  return `arn:aws:cloudwatch:${env.region}:${env.account}:alarm:${name}`;
}
