import type { ResolvedConfig } from '../config';
import { BURN_RULES, windowLabel, type BurnRule } from './burn-rules';
import { SLO_OBJECTIVES, type SloObjective } from './objectives';

/**
 * Names of the SLO alarms, shared by the alarms (lib/constructs/slo-alarms.ts), the dashboards'
 * alarm-status widgets and the alarm relay (which reads the budget of the alarm's app). Relayed alarms start with `<project>-` (the alarm relay's rule); the
 * window alarms they combine start with `<project>.` so the relay is never invoked for them.
 */

/** Availability alarms keep the short names they were deployed with; latency ones say so. */
function objectivePart(objective: SloObjective): string {
  return objective === 'availability' ? '' : `${objective}-`;
}

/** The alarm that reaches on-call: `pantau-slo-sirekap-fast`, `pantau-slo-sirekap-latency-fast`. */
export function burnAlarmName(config: Pick<ResolvedConfig, 'project'>, app: string, rule: BurnRule, objective: SloObjective = 'availability'): string {
  return `${config.project}-slo-${app}-${objectivePart(objective)}${rule.name}`;
}

/** One window of one rule: `pantau.slo-sirekap-fast-1h`, `pantau.slo-sirekap-latency-fast-1h`. */
export function windowAlarmName(config: Pick<ResolvedConfig, 'project'>, app: string, rule: BurnRule, windowMs: number, objective: SloObjective = 'availability'): string {
  return `${config.project}.slo-${app}-${objectivePart(objective)}${rule.name}-${windowLabel(windowMs)}`;
}

/** The leadership alarm over every election-critical app. */
export function electionCriticalAlarmName(config: Pick<ResolvedConfig, 'project'>): string {
  return `${config.project}-election-critical-apps`;
}

export function alarmArn(env: { region: string; account: string }, name: string): string {
  return `arn:aws:cloudwatch:${env.region}:${env.account}:alarm:${name}`;
}

/** A relayed burn alarm's app, objective and rule, found by building every name the config implies. */
export interface BurnAlarmRef {
  app: string;
  objective: SloObjective;
  rule: BurnRule;
}

export function parseBurnAlarmName(config: Pick<ResolvedConfig, 'project'>, apps: readonly string[], alarmName: string): BurnAlarmRef | undefined {
  for (const app of apps) {
    for (const objective of SLO_OBJECTIVES) {
      for (const rule of BURN_RULES) if (burnAlarmName(config, app, rule, objective) === alarmName) return { app, objective, rule };
    }
  }
  return undefined;
}
