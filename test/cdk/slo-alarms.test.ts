import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAlarmDescription } from '../../lambdas/core/alerting/alarm-observation';
import { monitorTemplate, sampleConfig } from './cdk-app';

/**
 * The SLO burn-rate alarms in the synthesized home stack: per app and rule, two metric-math
 * window alarms and a composite that the alarm relay picks up; the leadership composite; the
 * relay's rule and its permission to publish where these alarms route.
 */

interface MetricDataQuery {
  Id: string;
  Expression?: string;
  ReturnData?: boolean;
  MetricStat?: { Metric: { MetricName: string; Namespace: string; Dimensions: Array<{ Name: string; Value: string }> }; Period: number; Stat: string };
}
interface WindowAlarm {
  AlarmName: string;
  AlarmDescription: string;
  Threshold: number;
  ComparisonOperator: string;
  EvaluationPeriods: number;
  TreatMissingData: string;
  Metrics: MetricDataQuery[];
  AlarmActions?: unknown;
}
interface Composite {
  AlarmName: string;
  AlarmDescription: string;
  AlarmRule: unknown;
  AlarmActions?: unknown;
}

const APPS = ['kpu', 'sirekap', 'sipol', 'jdih'];
const WINDOWS = {
  fast: { factor: 14.4, long: ['1h', 3600], short: ['5m', 300] },
  slow: { factor: 6, long: ['6h', 21600], short: ['30m', 1800] },
  ticket: { factor: 1, long: ['3d', 259200], short: ['6h', 21600] },
} as const;

/** An alarm rule's text with the alarm ARNs it references as their names. */
function ruleText(rule: unknown): string {
  if (typeof rule === 'string') return rule;
  const join = (rule as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return join[1]
    .map((part) => (typeof part === 'string' ? part : `<${String((part as { 'Fn::GetAtt': string[] })['Fn::GetAtt']?.[0] ?? (part as { Ref: string }).Ref)}>`))
    .join(join[0]);
}

let template: Template;
let windows: Record<string, WindowAlarm & { logicalId: string }>;
let composites: Record<string, Composite>;
beforeAll(() => {
  template = monitorTemplate(sampleConfig());
  windows = Object.fromEntries(
    Object.entries(template.findResources('AWS::CloudWatch::Alarm'))
      .map(([logicalId, r]) => ({ ...(r.Properties as WindowAlarm), logicalId }))
      .filter((a) => a.AlarmName.startsWith('pantau.slo-'))
      .map((a) => [a.AlarmName, a]),
  );
  composites = Object.fromEntries(
    Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm')).map((r) => [(r.Properties as Composite).AlarmName, r.Properties as Composite]),
  );
}, 120_000);

describe('burn-rate window alarms', () => {
  it('per app and objective, one alarm per window of each rule: 1 h + 5 min > 14.4×, 6 h + 30 min > 6×, 3 d + 6 h > 1×', () => {
    expect(Object.keys(windows)).toHaveLength(APPS.length * 6 * 2);
    for (const app of APPS) {
      for (const [rule, w] of Object.entries(WINDOWS)) {
        for (const [label, seconds] of [w.long, w.short].flatMap((x) => [x, [`latency-${rule}-${x[0]}`, x[1]] as const])) {
          const name = label.startsWith('latency-') ? `pantau.slo-${app}-${label}` : `pantau.slo-${app}-${rule}-${label}`;
          const alarm = windows[name];
          expect(alarm, `${app} ${rule} ${label}`).toBeDefined();
          expect(alarm!.Threshold).toBe(w.factor);
          expect(alarm!.ComparisonOperator).toBe('GreaterThanThreshold');
          expect(alarm!.EvaluationPeriods).toBe(1);
          expect(alarm!.TreatMissingData).toBe('notBreaching');
          const stats = alarm!.Metrics.filter((m) => m.MetricStat);
          expect(stats.map((m) => m.MetricStat!.Period)).toEqual([seconds, seconds]);
          // PutMetricAlarm's limits: a period of 10, 20, 30 s or a multiple of 60; period ×
          // evaluation periods ≤ 1 day below a 1-hour period, ≤ 7 days above (the 3-day window is legal)
          expect(seconds % 60, name).toBe(0);
          expect(seconds * alarm!.EvaluationPeriods).toBeLessThanOrEqual(seconds < 3600 ? 86_400 : 604_800);
        }
      }
    }
  });

  it('computes the burn rate from Average(Up) of every probe region against the app\'s budget', () => {
    const alarm = windows['pantau.slo-sirekap-fast-1h']!;
    const stats = alarm.Metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat!);
    expect(stats.map((s) => [s.Metric.Namespace, s.Metric.MetricName, s.Stat])).toEqual([
      ['Pantau', 'Up', 'Average'],
      ['Pantau', 'Up', 'Average'],
    ]);
    expect(stats.map((s) => s.Metric.Dimensions)).toEqual([
      [{ Name: 'App', Value: 'sirekap' }, { Name: 'Region', Value: 'ap-southeast-3' }],
      [{ Name: 'App', Value: 'sirekap' }, { Name: 'Region', Value: 'ap-southeast-1' }],
    ]);
    const [shown] = alarm.Metrics.filter((m) => m.Expression);
    expect(shown!.Expression).toBe('(1 - AVG([up0, up1])) / 0.00100000');
  });

  it('computes the latency burn rate from the percentile rank PR(:thresholdMs) of LatencyMs: the share of fast checks', () => {
    const alarm = windows['pantau.slo-sirekap-latency-slow-6h']!;
    const stats = alarm.Metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat!);
    expect(stats.map((s) => [s.Metric.MetricName, s.Stat, s.Period])).toEqual([
      ['LatencyMs', 'PR(:1000)', 21600],
      ['LatencyMs', 'PR(:1000)', 21600],
    ]);
    expect(stats.map((s) => s.Metric.Dimensions[1]!.Value)).toEqual(['ap-southeast-3', 'ap-southeast-1']);
    const [shown] = alarm.Metrics.filter((m) => m.Expression);
    // PR is in percent; the latency target is 99 % → a budget of 1 %
    expect(shown!.Expression).toBe('(1 - AVG([lat0, lat1]) / 100) / 0.0100000');
    expect(alarm.Threshold).toBe(6);
  });

  it('are never relayed on their own: no action, a name outside the relay\'s prefix, no severity tag', () => {
    for (const alarm of Object.values(windows)) {
      expect(alarm.AlarmActions).toBeUndefined();
      expect(alarm.AlarmName.startsWith('pantau-')).toBe(false);
      expect(parseAlarmDescription(alarm.AlarmDescription)).toBeNull();
    }
  });
});

describe('burn-rate composite alarms', () => {
  it('each fires when both windows of its rule do (availability and latency alike)', () => {
    for (const app of APPS) {
      for (const [rule, w] of Object.entries(WINDOWS)) {
        for (const objective of ['', 'latency-']) {
          const composite = composites[`pantau-slo-${app}-${objective}${rule}`];
          expect(composite, `${app} ${objective}${rule}`).toBeDefined();
          const long = windows[`pantau.slo-${app}-${objective}${rule}-${w.long[0]}`]!.logicalId;
          const short = windows[`pantau.slo-${app}-${objective}${rule}-${w.short[0]}`]!.logicalId;
          expect(ruleText(composite!.AlarmRule)).toBe(`(ALARM("<${long}>") AND ALARM("<${short}>"))`);
        }
      }
    }
  });

  it('reach on-call through the relay as alerts of the app: pages at the app\'s severity, tickets low', () => {
    const severities = { kpu: 'critical', sirekap: 'critical', sipol: 'high', jdih: 'low' } as const;
    for (const app of APPS) {
      for (const rule of [...Object.keys(WINDOWS), ...Object.keys(WINDOWS).map((r) => `latency-${r}`)]) {
        const composite = composites[`pantau-slo-${app}-${rule}`]!;
        expect(composite.AlarmActions).toBeUndefined();
        const tag = parseAlarmDescription(composite.AlarmDescription);
        expect(tag).toMatchObject({ project: 'pantau', app, severity: rule.endsWith('ticket') ? 'low' : severities[app as keyof typeof severities] });
      }
    }
    const fast = parseAlarmDescription(composites['pantau-slo-sirekap-fast']!.AlarmDescription)!;
    expect(fast.summary).toBe('sirekap is burning its error budget 14.4× over 1h and 5m: 2 % of its 30-day budget (objective 99.9 %) gone in 1h');
    const latency = parseAlarmDescription(composites['pantau-slo-sipol-latency-fast']!.AlarmDescription)!;
    expect(latency).toMatchObject({ app: 'sipol', severity: 'high' });
    expect(latency.summary).toBe(
      'sipol is burning its latency budget 14.4× over 1h and 5m: 2 % of its 30-day budget (latency objective: 99 % of checks within 1000 ms) gone in 1h',
    );
    const ticket = parseAlarmDescription(composites['pantau-slo-jdih-ticket']!.AlarmDescription)!;
    expect(ticket.summary).toContain('1× over 3d and 6h: 10 % of its 30-day budget');
  });

  it('the relay\'s rule matches every composite by name, and the relay may publish to the topics they route to', () => {
    const [rule] = Object.values(template.findResources('AWS::Events::Rule')).filter(
      (r) => JSON.stringify(r.Properties.EventPattern).includes('CloudWatch Alarm State Change'),
    );
    const prefix = (rule!.Properties.EventPattern.detail.alarmName as Array<{ prefix: string }>)[0]!.prefix;
    for (const name of Object.keys(composites)) expect(name.startsWith(prefix), name).toBe(true);
    // critical → critical topic, high → warning, low (tickets) → info: the relay's role may publish to all three
    const [relay] = Object.values(template.findResources('AWS::Lambda::Function')).filter((f) => String(f.Properties.Description).includes('alarm relay'));
    const topics = Object.keys(relay!.Properties.Environment.Variables as Record<string, unknown>).filter((k) => k.startsWith('TOPIC_ARN_'));
    expect(topics.sort()).toEqual(['TOPIC_ARN_CRITICAL', 'TOPIC_ARN_INFO', 'TOPIC_ARN_WARNING']);
  });

  it('the home relay may read the budget left (cloudwatch:GetMetricData, which has no resource-level permissions)', () => {
    const [relay] = Object.values(template.findResources('AWS::Lambda::Function')).filter((f) => String(f.Properties.Description).includes('alarm relay'));
    const roleId = (relay!.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>);
    const reads = statements.filter((st) => [st.Action].flat().includes('cloudwatch:GetMetricData'));
    expect(reads).toEqual([expect.objectContaining({ Action: 'cloudwatch:GetMetricData', Resource: '*', Effect: 'Allow' })]);
  });
});

describe('election-critical apps', () => {
  it('is one composite over the pages (fast and slow) of every critical app, for leadership', () => {
    const composite = composites['pantau-election-critical-apps']!;
    const tag = parseAlarmDescription(composite.AlarmDescription)!;
    expect(tag).toMatchObject({ severity: 'critical', app: 'election-critical' });
    expect(tag.summary).toContain('(kpu, sirekap)');
    const text = ruleText(composite.AlarmRule);
    const refs = [...text.matchAll(/ALARM\("<([^>]+)>"\)/g)].map((m) => m[1]);
    expect(refs).toHaveLength(4);
    expect(text.split(' OR ')).toHaveLength(4);
    for (const ref of refs) expect(ref).toMatch(/^Slo(kpu|sirekap)(fast|slow)/);
  });
});
