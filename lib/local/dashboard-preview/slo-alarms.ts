import type { ResolvedConfig } from '../../../lambdas/core/config';
import { judgeBurnRules, windowLabel, type RuleVerdict } from '../../../lambdas/core/slo/burn-rules';
import { SLO_OBJECTIVES, objectiveEvents, objectivePct } from '../../../lambdas/core/slo/objectives';
import { criticalApps, sloOf } from '../../../lambdas/core/slo/of';
import type { CheckResult } from '../../../lambdas/core/types';
import { appsOf } from '../../constructs/metrics-catalog';
import { burnAlarmName, electionCriticalAlarmName } from '../../../lambdas/core/slo/alarm-names';

/**
 * The SLO alarms' state, evaluated locally from the stored results with the core's own verdict
 * (`judgeBurnRules`): a burn alarm is in ALARM when the burn rate is over its factor in both its
 * long and its short window, as the deployed pair of window alarms decides (availability on every
 * check, latency on the successful ones); the election-critical composite when a page-level
 * availability burn alarm of a critical app is. Windows end at `nowMs` (the newest
 * data).
 */

export type AlarmStates = Map<string, string>;

const fmt = (rate: number) => `${rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)}×`;

function verdictText({ rule, long, short, fires }: RuleVerdict): string {
  if (long === null || short === null) return 'INSUFFICIENT_DATA (no checks in a window)';
  const detail = `burn ${fmt(long)} over ${windowLabel(rule.longMs)}, ${fmt(short)} over ${windowLabel(rule.shortMs)} (alarm above ${rule.factor}× in both)`;
  return `${fires ? 'ALARM' : 'OK'} — ${detail}, evaluated locally`;
}

export function localSloAlarmStates(config: ResolvedConfig, results: readonly CheckResult[], nowMs: number): AlarmStates {
  const states: AlarmStates = new Map();
  const key = (name: string) => `${config.homeRegion}/${name}`;
  const paging = new Set<string>();
  for (const app of appsOf(config)) {
    const slo = sloOf(config, app);
    const own = results.filter((r) => r.app === app);
    for (const objective of SLO_OBJECTIVES) {
      for (const verdict of judgeBurnRules(objectiveEvents(own, slo, objective), nowMs, objectivePct(slo, objective))) {
        states.set(key(burnAlarmName(config, app, verdict.rule, objective)), verdictText(verdict));
        if (objective === 'availability' && verdict.fires && verdict.rule.urgency === 'page') paging.add(app);
      }
    }
  }
  const critical = criticalApps(config).filter((app) => paging.has(app));
  states.set(key(electionCriticalAlarmName(config)), critical.length > 0 ? `ALARM — burning: ${critical.join(', ')}, evaluated locally` : 'OK — no election-critical app burning, evaluated locally');
  return states;
}
