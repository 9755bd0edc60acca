import { CloudWatchClient, GetMetricDataCommand, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { metricDataInput, readCloudWatchSource } from '../core/capacity/cloudwatch-read';
import type { ResourceResult } from '../core/capacity/prometheus-read';
import type { CloudWatchSource } from '../core/capacity/types';

/**
 * The `cloudwatch` capacity source: one GetMetricData request per source (every resource a
 * query in it), pages followed, newest datapoint per resource. The request and the reading
 * logic are pure (core/capacity/cloudwatch-read.ts); this only sends it.
 */

/** Clients per region, made once per container (a source may name another region). */
export function cloudWatchClients(defaultRegion: string, make: (region: string) => CloudWatchClient = (region) => new CloudWatchClient({ region })) {
  const clients = new Map<string, CloudWatchClient>();
  return (region: string | undefined): CloudWatchClient => {
    const r = region ?? defaultRegion;
    let client = clients.get(r);
    if (!client) {
      client = make(r);
      clients.set(r, client);
    }
    return client;
  };
}

export type CloudWatchClientFor = (region: string | undefined) => CloudWatchClient;

const MAX_PAGES = 10;

export async function readCloudWatch(
  clientFor: CloudWatchClientFor,
  site: string,
  source: CloudWatchSource,
  now: Date,
): Promise<ResourceResult[]> {
  const input = metricDataInput(source, now);
  const client = clientFor(source.region);
  const results: MetricDataResult[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const out = await client.send(new GetMetricDataCommand({ ...input, ...(nextToken ? { NextToken: nextToken } : {}) }));
    results.push(...(out.MetricDataResults ?? []));
    nextToken = out.NextToken;
  } while (nextToken && ++pages < MAX_PAGES);
  return readCloudWatchSource(site, source, results, now.toISOString());
}
