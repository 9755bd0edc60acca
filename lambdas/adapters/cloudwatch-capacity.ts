import { CloudWatchClient, GetMetricDataCommand, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import type { GetMetricDataInput, MetricDataResultLike } from '../core/capacity/cloudwatch-read';

/**
 * The `cloudwatch` capacity source's I/O: sends the GetMetricData request the source type built
 * (one per source, every resource a query in it) and follows its pages. Building the request and
 * reading the answer are pure (core/capacity/sources/cloudwatch.ts); this only sends it.
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

export async function getMetricData(
  clientFor: CloudWatchClientFor,
  region: string | undefined,
  input: GetMetricDataInput,
): Promise<MetricDataResultLike[]> {
  const client = clientFor(region);
  const results: MetricDataResult[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const out = await client.send(new GetMetricDataCommand({ ...input, ...(nextToken ? { NextToken: nextToken } : {}) }));
    results.push(...(out.MetricDataResults ?? []));
    nextToken = out.NextToken;
  } while (nextToken && ++pages < MAX_PAGES);
  return results;
}
