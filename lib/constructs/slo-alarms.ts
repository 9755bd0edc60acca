import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { alarmDescription } from '../../lambdas/core/alerting/alarm-observation';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { BURN_RULES, burnSeverity, windowLabel, type BurnRule } from '../../lambdas/core/slo/burn-rules';
import { burnRateExpression, sloMath } from '../../lambdas/core/slo/expressions';
import type { SloObjective } from '../../lambdas/core/slo/objectives';
import { appSeverity, criticalApps, sloOf } from '../../lambdas/core/slo/of';
import { DAY_MS } from '../../lambdas/core/slo/types';
import type { Severity } from '../../lambdas/core/types';
import { burnAlarmName, electionCriticalAlarmName, windowAlarmName } from '../../lambdas/core/slo/alarm-names';
import { appsOf } from './metrics-catalog';

export interface SloAlarmsProps {
  config: ResolvedConfig;
  /** Where each app's alarms go (a nested stack per group of apps in a large config); `this` when absent. */
  scopeOfApp?: (app: string) => Construct;
}

/**
 * Multi-window, multi-burn-rate alerts on each app's availability and latency objectives
 * (BURN_RULES): per objective and rule, one metric-math alarm per window — burn rate = (1 − share
 * of good events over the window, averaged over the probe regions) / budget, above the factor
 * (lambdas/core/slo/expressions.ts) — and a composite alarm that fires when both windows do.
 * Availability's good events are good checks (`Up`); latency's are successful checks within
 * `thresholdMs` (the percentile rank `PR(:thresholdMs)` of `LatencyMs`). One alarm per window because every metric of an alarm has one
 * period, and CloudWatch limits the evaluation range to 1 day below a 1-hour period and to 7 days
 * above (the 3-day window is one 3-day period).
 *
 * Only the composites reach on-call, through the alarm relay (its rule matches `<project>-`;
 * window alarms are named `<project>.…` so they never invoke it). Their description carries the
 * severity and the app (`[pantau critical app=sirekap]`), so the alert has the app's message
 * attributes. "election-critical apps" combines the pages of the critical apps for leadership.
 */
export class SloAlarms extends Construct {
  /** The relayed availability alarms per app: one composite per burn rule. */
  readonly burnAlarms = new Map<string, cloudwatch.CompositeAlarm[]>();
  /** The relayed latency alarms per app, built alike on the share of checks slower than the threshold. */
  readonly latencyBurnAlarms = new Map<string, cloudwatch.CompositeAlarm[]>();
  readonly windowAlarms: cloudwatch.Alarm[] = [];
  readonly electionCritical?: cloudwatch.CompositeAlarm;
  /** Severities the relayed alarms carry: the relay needs the topics they route to. */
  readonly severities: Severity[] = [];

  constructor(scope: Construct, id: string, props: SloAlarmsProps) {
    super(scope, id);
    const { config } = props;
    for (const app of appsOf(config)) {
      const scope = this.scopeOf(app, props.scopeOfApp);
      this.burnAlarms.set(app, BURN_RULES.map((rule) => this.burnAlarm(scope, config, app, rule, 'availability')));
      this.latencyBurnAlarms.set(app, BURN_RULES.map((rule) => this.burnAlarm(scope, config, app, rule, 'latency')));
    }
    const critical = criticalApps(config).filter((app) => this.burnAlarms.has(app));
    if (critical.length > 0) {
      if (!this.severities.includes('critical')) this.severities.push('critical');
      const pages = critical.flatMap((app) =>
        BURN_RULES.flatMap((rule, i) => (rule.urgency === 'page' ? [{ alarm: this.burnAlarms.get(app)![i]!, name: burnAlarmName(config, app, rule) }] : [])),
      );
      this.electionCritical = new cloudwatch.CompositeAlarm(this, 'ElectionCritical', {
        compositeAlarmName: electionCriticalAlarmName(config),
        alarmDescription: alarmDescription(
          config.project,
          'critical',
          `An election-critical app is burning its error budget fast (${critical.join(', ')})`,
          'For leadership: in ALARM while any of these apps pages on its availability objective. Subscribe with the filter app: [election-critical].',
          'election-critical',
        ),
        alarmRule: this.anyOfBounded(config, pages),
      });
    }
  }

  /**
   * "Any of these alarms", within CloudWatch's rule limits (100 alarms, 10240 characters): beyond
   * them, the alarms are grouped in unrelayed part composites (`<project>.election-critical-N`).
   */
  private anyOfBounded(config: ResolvedConfig, named: Array<{ alarm: cloudwatch.IAlarm; name: string }>): cloudwatch.IAlarmRule {
    const alarms = named.map((n) => n.alarm);
    const groups = ruleGroups(named.map((n) => referenceLength(config, n.name)));
    if (groups.length === 1) return cloudwatch.AlarmRule.anyOf(...alarms);
    const parts = groups.map(
      ([from, to], n) =>
        new cloudwatch.CompositeAlarm(this, `ElectionCriticalPart${n + 1}`, {
          compositeAlarmName: `${config.project}.election-critical-${n + 1}`,
          alarmDescription: `Part ${n + 1} of ${electionCriticalAlarmName(config)} (not relayed on its own).`,
          alarmRule: cloudwatch.AlarmRule.anyOf(...alarms.slice(from, to)),
        }),
    );
    return cloudwatch.AlarmRule.anyOf(...parts);
  }

  /** One construct per place the apps' alarms go (a nested stack of a large config), so their ids stay as they are in `this`. */
  private readonly appScopes = new Map<Construct, Construct>();
  private scopeOf(app: string, scopeOfApp: ((app: string) => Construct) | undefined): Construct {
    const place = scopeOfApp?.(app);
    if (!place || place === this || place === this.node.scope) return this;
    let scope = this.appScopes.get(place);
    if (!scope) {
      scope = new Construct(place, this.node.id);
      this.appScopes.set(place, scope);
    }
    return scope;
  }

  private burnAlarm(scope: Construct, config: ResolvedConfig, app: string, rule: BurnRule, objective: SloObjective): cloudwatch.CompositeAlarm {
    const slo = sloOf(config, app);
    const [long, short] = [rule.longMs, rule.shortMs].map((windowMs) => this.windowAlarm(scope, config, app, rule, windowMs, objective));
    const windowDays = Math.round(slo.windowMs / DAY_MS);
    const spent = Math.round(((rule.factor * rule.longMs) / slo.windowMs) * 1000) / 10;
    const runbook = runbookOf(config, app);
    const severity = burnSeverity(rule, appSeverity(config, app));
    if (!this.severities.includes(severity)) this.severities.push(severity);
    const what =
      objective === 'availability'
        ? `(objective ${slo.availability} %)`
        : `(latency objective: ${slo.latency.target} % of checks within ${slo.latency.thresholdMs} ms)`;
    const budgetName = objective === 'availability' ? 'error budget' : 'latency budget';
    const summary =
      `${app} is burning its ${budgetName} ${rule.factor}× over ${windowLabel(rule.longMs)} and ${windowLabel(rule.shortMs)}: ` +
      `${spent} % of its ${windowDays}-day budget ${what} gone in ${windowLabel(rule.longMs)}` +
      (runbook ? ` — runbook ${runbook}` : '');
    return new cloudwatch.CompositeAlarm(scope, `${app}-${objective === 'availability' ? '' : `${objective}-`}${rule.name}`, {
      compositeAlarmName: burnAlarmName(config, app, rule, objective),
      alarmDescription: alarmDescription(
        config.project,
        severity,
        summary,
        `${rule.urgency === 'page' ? 'Page' : 'Ticket'}: both windows above ${rule.factor}×. The relayed message says how much budget is left.`,
        app,
      ),
      alarmRule: cloudwatch.AlarmRule.allOf(long!, short!),
    });
  }

  private windowAlarm(scope: Construct, config: ResolvedConfig, app: string, rule: BurnRule, windowMs: number, objective: SloObjective): cloudwatch.Alarm {
    const period = Duration.millis(windowMs);
    const slo = sloOf(config, app);
    const math = sloMath(config.regions, app, slo, objective, objective === 'availability' ? 'up' : 'lat');
    const usingMetrics = Object.fromEntries(
      math.metrics.map((m) => [m.id, new cloudwatch.Metric({ namespace: config.metricsNamespace, metricName: m.metricName, dimensionsMap: m.dimensions, statistic: m.stat, period })]),
    );
    const label = `${app} ${objective === 'availability' ? '' : `${objective} `}burn rate ${windowLabel(windowMs)}`;
    const alarm = new cloudwatch.MathExpression({ expression: burnRateExpression(math.goodFraction, slo, objective), usingMetrics, period, label }).createAlarm(
      scope,
      `${app}-${objective === 'availability' ? '' : `${objective}-`}${rule.name}-${windowLabel(windowMs)}`,
      {
        alarmName: windowAlarmName(config, app, rule, windowMs, objective),
        alarmDescription: `${app}: ${objective} burn rate over ${windowLabel(windowMs)} above ${rule.factor}× (one window of ${burnAlarmName(config, app, rule, objective)}; not relayed on its own).`,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        threshold: rule.factor,
        evaluationPeriods: 1,
        // No checks in a window is no evidence of a burn; the dead-man alarms cover silent probes.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );
    this.windowAlarms.push(alarm);
    return alarm;
  }
}

/** A composite's rule may name at most 100 alarms and be at most 10240 characters long. */
export const RULE_LIMITS = { alarms: 100, chars: 10_240 } as const;

/** `ALARM("arn:aws:cloudwatch:<region>:<12-digit account>:alarm:<name>") OR `: the characters one reference takes. */
function referenceLength(config: ResolvedConfig, alarmName: string): number {
  return `ALARM("arn:aws:cloudwatch:${config.homeRegion}:123456789012:alarm:${alarmName}") OR `.length;
}

/** [from, to) ranges of references that each fit one rule. */
export function ruleGroups(lengths: number[], limits = RULE_LIMITS): Array<[number, number]> {
  const groups: Array<[number, number]> = [];
  let from = 0;
  let chars = 0;
  for (let i = 0; i < lengths.length; i++) {
    if (i - from >= limits.alarms || chars + lengths[i]! > limits.chars) {
      groups.push([from, i]);
      from = i;
      chars = 0;
    }
    chars += lengths[i]!;
  }
  if (lengths.length > 0) groups.push([from, lengths.length]);
  return groups;
}

/** The app's runbook link (`runbook:` on a target), when the config has one. */
function runbookOf(config: ResolvedConfig, app: string): string | undefined {
  for (const target of config.targets) {
    const runbook = (target as { runbook?: unknown }).runbook;
    if (target.app === app && typeof runbook === 'string' && runbook) return runbook;
  }
  return undefined;
}
