import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { DEFAULT_THRESHOLDS } from '../../lambdas/core/capacity/levels';
import type { CapacitySource } from '../../lambdas/core/capacity/types';
import { makeConfig } from '../support/config-fixture';
import { useHandlerEnv } from '../support/handler-env';

/**
 * The capacity Lambda's dead-man signal: a scheduled run (its input names its group) publishes
 * one `Heartbeat` with `{Region, Shard: <group>}` beside its capacity metrics, which the group's
 * dead-man alarm counts (lib/constructs/dead-man.ts). Handler module as deployed, a loopback
 * exporter, dynalite, CloudWatch mocked.
 */

let dynamo: LocalDynamo;
let server: Server;
const cw = mockClient(CloudWatchClient);

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  await ensureTable(dynamo.client, 'capacity-heartbeat-test');
  server = createServer((_req, res) => res.writeHead(200).end('pdu_watts 2000\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const source: CapacitySource = {
    id: 'DC-A/0',
    site: 'DC-A',
    intervalMs: 300_000,
    timeoutMs: 2_000,
    severity: 'high',
    thresholds: DEFAULT_THRESHOLDS,
    lookbackMs: null,
    source: {
      type: 'prometheus',
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`,
      resources: [{ name: 'rack-power', unit: 'watts', used: { metric: 'pdu_watts', aggregate: 'sum' }, total: 8000 }],
    },
  };
  useHandlerEnv(makeConfig({ capacity: [source] }), {
    table: 'capacity-heartbeat-test',
    dynamoEndpoint: dynamo.endpoint,
    extra: { METRICS_NAMESPACE: 'Pantau' },
  });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await dynamo.close();
});
beforeEach(() => {
  cw.reset();
  cw.on(PutMetricDataCommand).resolves({});
});

const datums = () => cw.commandCalls(PutMetricDataCommand).flatMap((c) => c.args[0].input.MetricData ?? []);

describe('capacity heartbeat', () => {
  it('a scheduled run publishes Heartbeat 1 (Count) with its group as Shard, in the home region', async () => {
    const { readCapacity } = await import('../../lambdas/capacity/handler');
    await readCapacity({ sources: ['DC-A/0'], group: 'capacity-5m' });
    const heartbeats = datums().filter((d) => d.MetricName === 'Heartbeat');
    expect(heartbeats).toEqual([
      {
        MetricName: 'Heartbeat',
        Dimensions: [
          { Name: 'Region', Value: 'ap-southeast-3' },
          { Name: 'Shard', Value: 'capacity-5m' },
        ],
        Unit: 'Count',
        Timestamp: expect.any(Date),
        Values: [1],
        Counts: [1],
      },
    ]);
    expect(cw.commandCalls(PutMetricDataCommand)[0]!.args[0].input.Namespace).toBe('Pantau');
    expect(datums().map((d) => d.MetricName)).toEqual(['Utilisation', 'HeadroomPct', 'Heartbeat']);
  });

  it('a run without a group (an ad-hoc invocation) publishes no heartbeat: it belongs to no schedule', async () => {
    const { readCapacity } = await import('../../lambdas/capacity/handler');
    await readCapacity({ sources: ['DC-A/0'] });
    expect(datums().map((d) => d.MetricName)).toEqual(['Utilisation', 'HeadroomPct']);
  });
});
