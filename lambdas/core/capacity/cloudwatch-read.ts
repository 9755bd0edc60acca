import type { CloudWatchResource, CloudWatchSource } from './types';
import type { ResourceResult } from './prometheus-read';
import { makeReading, readValue } from './readings';

/**
 * The pure half of the `cloudwatch` source: the GetMetricData request for a source's resources
 * (one query per resource, all in one request) and the readings from its answer. The adapter
 * (lambdas/adapters/cloudwatch-capacity.ts) only sends it. Shapes mirror the SDK's
 * GetMetricDataCommandInput / MetricDataResult without importing the SDK into the core.
 */

export interface MetricDataQueryInput {
  Id: string;
  MetricStat: {
    Metric: { Namespace: string; MetricName: string; Dimensions: Array<{ Name: string; Value: string }> };
    Period: number;
    Stat: string;
  };
  ReturnData: boolean;
}

export interface GetMetricDataInput {
  MetricDataQueries: MetricDataQueryInput[];
  StartTime: Date;
  EndTime: Date;
  ScanBy: 'TimestampDescending';
}

export interface MetricDataResultLike {
  Id?: string;
  Timestamps?: Date[];
  Values?: number[];
  StatusCode?: string;
}

/** How far back to look for the newest datapoint: metrics land minutes late, and a 5-minute metric is sparse. */
export function lookbackSeconds(resource: CloudWatchResource): number {
  return Math.max(resource.periodSeconds * 5, 900);
}

export const queryId = (index: number): string => `m${index}`;

export function metricDataInput(source: CloudWatchSource, now: Date): GetMetricDataInput {
  const longest = Math.max(...source.resources.map(lookbackSeconds));
  return {
    MetricDataQueries: source.resources.map((r, i) => ({
      Id: queryId(i),
      MetricStat: {
        Metric: {
          Namespace: r.namespace,
          MetricName: r.metric,
          Dimensions: Object.entries(r.dimensions).map(([Name, Value]) => ({ Name, Value })),
        },
        Period: r.periodSeconds,
        Stat: r.stat,
      },
      ReturnData: true,
    })),
    // Whole seconds: CloudWatch rounds anyway, and a stable request is easier to assert on.
    StartTime: new Date(Math.floor(now.getTime() / 1000 - longest) * 1000),
    EndTime: new Date(Math.floor(now.getTime() / 1000) * 1000),
    ScanBy: 'TimestampDescending',
  };
}

/** The newest datapoint of one query's results (several pages may have been merged). */
export function newestValue(result: MetricDataResultLike | undefined): number | undefined {
  if (!result?.Values?.length) return undefined;
  let best = 0;
  const times = result.Timestamps ?? [];
  for (let i = 1; i < result.Values.length; i++) {
    if ((times[i]?.getTime() ?? 0) > (times[best]?.getTime() ?? 0)) best = i;
  }
  return result.Values[best];
}

export function readCloudWatchSource(
  site: string,
  source: CloudWatchSource,
  results: MetricDataResultLike[],
  ts: string,
): ResourceResult[] {
  const byId = new Map<string, MetricDataResultLike>();
  for (const r of results) {
    if (!r.Id) continue;
    const seen = byId.get(r.Id);
    byId.set(r.Id, seen ? { ...seen, Timestamps: [...(seen.Timestamps ?? []), ...(r.Timestamps ?? [])], Values: [...(seen.Values ?? []), ...(r.Values ?? [])] } : r);
  }
  return source.resources.map((resource, i): ResourceResult => {
    const value = newestValue(byId.get(queryId(i)));
    if (value === undefined) {
      const dims = Object.entries(resource.dimensions).map(([k, v]) => `${k}=${v}`).join(',');
      return {
        ok: false,
        resource: resource.name,
        reason: `${resource.name}: no datapoints for ${resource.namespace} ${resource.metric}${dims ? ` {${dims}}` : ''} in the last ${Math.round(lookbackSeconds(resource) / 60)} min`,
      };
    }
    try {
      readValue(resource.meaning, value, `(${resource.namespace} ${resource.metric}) in CloudWatch`);
      const used = resource.meaning === 'used' ? value : resource.total - value;
      return { ok: true, resource: resource.name, reading: makeReading(site, resource.name, resource.unit, used, resource.total, ts) };
    } catch (err) {
      return { ok: false, resource: resource.name, reason: `${resource.name}: ${(err as Error).message}` };
    }
  });
}
