import type { z } from 'zod';
import { metricDataInput, readCloudWatchSource } from '../cloudwatch-read';
import type { CloudWatchSource } from '../types';
import type { SourceConfigContext, SourceSchemaKit } from './config-kit';
import type { CapacitySourceDescriptor, SourceOf } from './descriptor';
import { loadHistories, type CapacitySourceIo, type SourceReadout } from './io';

/**
 * `cloudwatch`: existing AWS metrics (RDS free storage, Lambda concurrency …), one GetMetricData
 * request per source with one query per resource; the newest datapoint of each is the reading.
 */

export const CLOUDWATCH_DEFAULTS = { stat: 'Average', meaning: 'used', periodSeconds: 300 } as const;

const STAT = /^(Average|Sum|Minimum|Maximum|SampleCount|[pP]\d{1,2}(\.\d+)?|(tm|wm|tc|ts|TM|WM|TC|TS)\d{1,2}(\.\d+)?|IQM)$/;

function schema(k: SourceSchemaKit) {
  const { z } = k;
  const cloudWatchResource = k.strict({
    name: k.nonEmpty,
    unit: k.capacityUnit,
    namespace: k.nonEmpty,
    metric: k.nonEmpty,
    dimensions: z.record(z.string(), k.scalarText).optional(),
    stat: z.string().regex(STAT, {
      error: 'is not a CloudWatch statistic — use Average, Sum, Minimum, Maximum, SampleCount or a percentile such as p99',
    }).optional(),
    meaning: z.enum(['used', 'free']).optional(),
    total: z.number().positive(),
    period: k.duration({ min: 1_000, limit: 'cloudwatchPeriod' }).optional(),
  });
  return k.strict({
    type: z.literal('cloudwatch'),
    region: k.checked(k.checks.region).optional(),
    resources: z.array(cloudWatchResource).min(1),
  });
}

type RawCloudWatch = z.output<ReturnType<typeof schema>>;

function resolve(s: RawCloudWatch, ctx: SourceConfigContext): CloudWatchSource {
  return {
    type: 'cloudwatch',
    ...(s.region ? { region: s.region } : {}),
    resources: s.resources.map((r, j) => {
      const periodSeconds = r.period === undefined ? CLOUDWATCH_DEFAULTS.periodSeconds : r.period / 1000;
      if (!Number.isInteger(periodSeconds) || (periodSeconds % 60 !== 0 && ![1, 5, 10, 30].includes(periodSeconds))) {
        ctx.problem(['resources', j, 'period'], `${ctx.formatDuration(r.period ?? 0)} is not a CloudWatch period — use 1s, 5s, 10s, 30s or a multiple of 1m (e.g. 5m)`);
      }
      return {
        name: r.name,
        unit: r.unit,
        namespace: r.namespace,
        metric: r.metric,
        dimensions: r.dimensions ?? {},
        stat: r.stat ?? CLOUDWATCH_DEFAULTS.stat,
        meaning: r.meaning ?? CLOUDWATCH_DEFAULTS.meaning,
        total: r.total,
        periodSeconds,
      };
    }),
  };
}

async function read(source: SourceOf<CloudWatchSource>, io: CapacitySourceIo): Promise<SourceReadout> {
  const spec = source.source;
  const at = new Date(io.now());
  const answer = await io.getMetricData(spec.region, metricDataInput(spec, at));
  const results = readCloudWatchSource(source.site, spec, answer, at.toISOString());
  return { ts: at.toISOString(), results, histories: await loadHistories(io, spec.resources, at.getTime()) };
}

export const cloudWatchSource: CapacitySourceDescriptor<CloudWatchSource, RawCloudWatch> = {
  type: 'cloudwatch',
  schema,
  resolve,
  read,
  // CloudWatch is an AWS API: reached from wherever the capacity Lambda runs, no VPC needed.
  networkHost: () => undefined,
  // Read-only, and granted only when the config has a source of this type.
  iam: () => ({
    secrets: [],
    statements: [
      {
        actions: ['cloudwatch:GetMetricData'],
        resources: ['*'],
        wildcardReason: 'cloudwatch:GetMetricData does not support resource-level permissions or condition keys; it is read-only and granted only when the config has a `cloudwatch` capacity source.',
      },
    ],
  }),
};
