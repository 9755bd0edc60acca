import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetBundledConfig } from '../../lambdas/adapters/bundled-config';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { DEFAULT_THRESHOLDS } from '../../lambdas/core/capacity/levels';
import type { CapacitySource } from '../../lambdas/core/capacity/types';
import { makeConfig } from '../support/config-fixture';

/**
 * The capacity Lambda's handler module as deployed: config from PANTAU_CONFIG_PATH, DynamoDB
 * through the environment (dynalite via AWS_ENDPOINT_URL_DYNAMODB), CloudWatch and SNS mocked.
 */

let dynamo: LocalDynamo;
let server: Server;
const cw = mockClient(CloudWatchClient);
const sns = mockClient(SNSClient);

const source = (id: string, url: string): CapacitySource => ({
  id,
  site: id.split('/')[0]!,
  intervalMs: 60_000,
  timeoutMs: 2_000,
  severity: 'critical',
  thresholds: DEFAULT_THRESHOLDS,
  lookbackMs: null,
  source: { type: 'prometheus', url, resources: [{ name: 'rack-power', unit: 'watts', used: { metric: 'pdu_watts', aggregate: 'sum' }, total: 8000 }] },
});

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  await ensureTable(dynamo.client, 'capacity-handler-test');
  server = createServer((req, res) => res.writeHead(200).end(req.url === '/a' ? 'pdu_watts{outlet="1"} 1000\npdu_watts{outlet="2"} 3000\n' : 'pdu_watts 7600\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'pantau-capacity-'));
  const configPath = join(dir, 'pantau-config.json');
  writeFileSync(configPath, JSON.stringify(makeConfig({ capacity: [source('DC-A/0', `${base}/a`), source('DC-B/0', `${base}/b`)] })));
  Object.assign(process.env, {
    PANTAU_CONFIG_PATH: configPath,
    TABLE_NAME: 'capacity-handler-test',
    HOME_REGION: 'ap-southeast-3',
    HISTORY_DAYS: '30',
    METRICS_NAMESPACE: 'Pantau',
    TOPIC_ARN_CRITICAL: 'arn:aws:sns:ap-southeast-3:123456789012:critical',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: 'ap-southeast-3',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  resetBundledConfig();
  cw.on(PutMetricDataCommand).resolves({});
  sns.on(PublishCommand).resolves({ MessageId: '1' });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await dynamo.close();
});

describe('capacity Lambda handler', () => {
  it('reads the sources the event names (all when none), publishes metrics, and rejects unknown ids', async () => {
    const { readCapacity, selectSources } = await import('../../lambdas/capacity/handler');
    const one = await readCapacity({ sources: ['DC-A/0'] });
    expect(one).toEqual({ sources: 1, readings: 1, failures: 0, critical: 0, alertsSent: 0, sinkErrors: [] });
    const put = cw.commandCalls(PutMetricDataCommand).at(-1)!.args[0].input;
    expect(put.Namespace).toBe('Pantau');
    expect(put.MetricData!.map((d) => [d.MetricName, d.Values])).toEqual([
      ['Utilisation', [50]],
      ['HeadroomPct', [50]],
    ]);

    const all = await readCapacity({});
    expect(all).toMatchObject({ sources: 2, readings: 2, critical: 1 }); // DC-B at 95 %

    await expect(readCapacity({ sources: ['DC-A/0', 'nope/9'] })).rejects.toThrow('unknown capacity source ids nope/9');
    expect(selectSources(undefined, []).length).toBe(0);
  });

  it('a resource critical on two runs in a row pages once through SNS', async () => {
    const { readCapacity } = await import('../../lambdas/capacity/handler');
    sns.resetHistory();
    await readCapacity({ sources: ['DC-B/0'] }); // second critical reading (the first was in the test above)
    await readCapacity({ sources: ['DC-B/0'] });
    const publishes = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(publishes).toHaveLength(1);
    expect(publishes[0]!.TopicArn).toBe('arn:aws:sns:ap-southeast-3:123456789012:critical');
    expect(publishes[0]!.Subject).toMatch(/DC-B/);
  });
});
