import { z } from 'zod';
import { DURATION_LIMITS } from './limits';
import { checkHttpUrl, checkId, checkJmesPath, checkLabelMatcher, checkRegion } from './validators';
import { strict, custom, forward, checked, duration, nonEmpty, severity, scalarText, headerMap, secretHeaderMap, secretRef } from './schema-kit';

const region = checked(checkRegion);

// ---------------------------------------------------------------------------------------------
// Capacity

const capacityUnit = z.enum(['bytes', 'percent', 'cores', 'bps', 'watts', 'units']);
const promMetricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, {
  error: 'is not a Prometheus metric name — use letters, digits, _ and :, e.g. node_memory_MemTotal_bytes',
});
const labelMatchers = z.record(z.string(), custom((value, report) => {
  const text = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
  if (typeof text !== 'string') {
    report(`expected a label value or ~regex, got ${JSON.stringify(value)} — e.g. mountpoint: / or fstype: "~^(ext4|xfs)$"`);
    return '';
  }
  const problem = checkLabelMatcher(text);
  if (problem) report(problem);
  return text;
}));

const selectorObject = strict({
  metric: promMetricName,
  labels: labelMatchers.optional(),
  notLabels: labelMatchers.optional(),
  aggregate: z.enum(['sum', 'max', 'min', 'avg']).optional(),
  scale: z.number().positive().optional(),
});

/** A selector: `metric_name` shorthand or { metric, labels, notLabels, aggregate, scale }. */
const promSelector = z.preprocess((v) => (typeof v === 'string' ? { metric: v } : v), selectorObject);

const promTotal = custom((value, report) => {
  if (typeof value === 'number') {
    if (!(value > 0)) report(`${value} is not a positive total — write the capacity, e.g. 10000000000 for a 10 Gbit/s link`);
    return value;
  }
  return forward(promSelector, value, report);
});

const promResource = strict({
  name: nonEmpty,
  unit: capacityUnit,
  used: promSelector.optional(),
  free: promSelector.optional(),
  total: promTotal,
  rate: z.boolean().optional(),
});

const jsonResource = strict({
  name: nonEmpty,
  unit: capacityUnit,
  used: checked(checkJmesPath).optional(),
  free: checked(checkJmesPath).optional(),
  total: custom((value, report) => {
    if (typeof value === 'number') {
      if (!(value > 0)) report(`${value} is not a positive total — write a number or a JMESPath expression such as capacity.total`);
      return value;
    }
    if (typeof value !== 'string') {
      report(`expected a number or a JMESPath expression, got ${JSON.stringify(value ?? null)} — e.g. total: capacity.total`);
      return 0;
    }
    const problem = checkJmesPath(value);
    if (problem) report(problem);
    return value;
  }),
});

const cloudWatchResource = strict({
  name: nonEmpty,
  unit: capacityUnit,
  namespace: nonEmpty,
  metric: nonEmpty,
  dimensions: z.record(z.string(), scalarText).optional(),
  stat: z.string().regex(/^(Average|Sum|Minimum|Maximum|SampleCount|[pP]\d{1,2}(\.\d+)?|(tm|wm|tc|ts|TM|WM|TC|TS)\d{1,2}(\.\d+)?|IQM)$/, {
    error: 'is not a CloudWatch statistic — use Average, Sum, Minimum, Maximum, SampleCount or a percentile such as p99',
  }).optional(),
  meaning: z.enum(['used', 'free']).optional(),
  total: z.number().positive(),
  period: duration({ min: 1_000, max: DURATION_LIMITS.cloudwatchPeriod }).optional(),
});

export const capacitySourceSchema = z.discriminatedUnion('type', [
  strict({
    type: z.literal('prometheus'),
    url: checked(checkHttpUrl),
    preset: z.enum(['node-exporter']).optional(),
    linkSpeedBps: z.number().positive().optional(),
    resources: z.array(promResource).optional(),
  }),
  strict({
    type: z.literal('http-json'),
    url: checked(checkHttpUrl),
    headers: headerMap.optional(),
    secretHeaders: secretHeaderMap(secretRef).optional(),
    resources: z.array(jsonResource).min(1),
  }),
  strict({
    type: z.literal('cloudwatch'),
    region: region.optional(),
    resources: z.array(cloudWatchResource).min(1),
  }),
]);
export type RawCapacitySource = z.output<typeof capacitySourceSchema>;

export const capacitySchema = strict({
  site: checked((v) => checkId(v, 'site name')),
  id: checked((v) => (/^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/.test(v) ? null : `${JSON.stringify(v)} is not a valid id — use letters, digits, ".", "_", "/" or "-"`)).optional(),
  interval: duration({ min: 1_000, max: DURATION_LIMITS.capacityInterval }).optional(),
  timeout: duration({ max: DURATION_LIMITS.timeout }).optional(),
  severity: severity.optional(),
  warnPct: z.number().gt(0).lt(100).optional(),
  criticalPct: z.number().gt(0).max(100).optional(),
  forecastHours: z.number().positive().optional(),
  forecastAlerts: z.enum(['storage', 'all', 'none']).optional(),
  lookback: duration({ min: 60_000, max: DURATION_LIMITS.lookback }).optional(),
  source: capacitySourceSchema,
});
export type RawCapacity = z.output<typeof capacitySchema>;

