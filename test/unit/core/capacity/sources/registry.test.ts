import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, fetchText } from '../../../../../lambdas/adapters/capacity-fetch';
import { CapacityStore } from '../../../../../lambdas/adapters/capacity-store';
import { DynamoStore, createDocumentClient } from '../../../../../lambdas/adapters/dynamo-store';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../../../../../lambdas/adapters/local-dynamo';
import { envSecretResolver } from '../../../../../lambdas/adapters/secrets';
import { runCapacityCycle } from '../../../../../lambdas/app/capacity-cycle';
import { makeReading } from '../../../../../lambdas/core/capacity/readings';
import type { SourceSchemaKit } from '../../../../../lambdas/core/capacity/sources/config-kit';
import { hostOfUrl, type CapacitySourceDescriptor } from '../../../../../lambdas/core/capacity/sources/descriptor';
import { CAPACITY_SOURCES, capacityIamNeeds, type CapacitySourceRegistry } from '../../../../../lambdas/core/capacity/sources/registry';
import type { CapacityUnit } from '../../../../../lambdas/core/capacity/types';
import type { SecretRef } from '../../../../../lambdas/core/types';
import { resolveCapacity } from '../../../../../lib/config/capacity';
import { Problems, formatPath } from '../../../../../lib/config/problems';
import { Alerting } from '../../../../../lib/constructs/alerting';
import { CapacityWatch } from '../../../../../lib/constructs/capacity-watch';
import { Store } from '../../../../../lib/constructs/store';
import { makeConfig } from '../../../../support/config-fixture';
import { cdkJsonContext } from '../../../../cdk/cdk-app';

/**
 * Adding a capacity source type takes its descriptor and a registry entry. Here a made-up `pdu`
 * type (a PDU answering `<outlet> <watts>` lines, behind a token) goes into a registry of its own,
 * handed to the config loader, the cycle and the CDK construct through their optional registry
 * parameter: nothing is patched, and the shipped registry is left as it is.
 */

interface PduSource {
  type: 'pdu';
  url: string;
  secretHeaders: Record<string, SecretRef>;
  resources: Array<{ name: string; unit: CapacityUnit; outlet: string; ratingW: number }>;
}

function pduSchema(k: SourceSchemaKit) {
  const { z } = k;
  return k.strict({
    type: z.literal('pdu'),
    url: k.checked(k.checks.httpUrl),
    secretHeaders: k.secretHeaderMap.optional(),
    resources: z.array(k.strict({ name: k.nonEmpty, outlet: k.nonEmpty, ratingW: z.number().positive() })).min(1),
  });
}

const PDU_ACTION = 'iot:GetThingShadow';
const PDU_THING = 'arn:aws:iot:ap-southeast-3:111122223333:thing/pdu-a';

const pduSource: CapacitySourceDescriptor<PduSource, z.output<ReturnType<typeof pduSchema>>> = {
  type: 'pdu',
  schema: pduSchema,
  resolve: (raw, ctx) => {
    raw.resources.forEach((r, j) => {
      if (!/^outlet-/.test(r.outlet)) ctx.problem(['resources', j, 'outlet'], `${r.outlet} is not an outlet — write outlet-<n>`);
    });
    return {
      type: 'pdu',
      url: raw.url,
      secretHeaders: raw.secretHeaders ?? {},
      resources: raw.resources.map((r) => ({ name: r.name, unit: 'watts', outlet: r.outlet, ratingW: r.ratingW })),
    };
  },
  read: async (source, io) => {
    const headers = await io.secretHeaders(source.source.secretHeaders);
    const text = await io.fetchText(source.source.url, { timeoutMs: source.timeoutMs, headers });
    const ts = new Date(io.now()).toISOString();
    const watts = new Map(text.trim().split('\n').map((line) => line.split(' ') as [string, string]));
    const results = source.source.resources.map((r) => {
      const value = watts.get(r.outlet);
      return value === undefined
        ? { ok: false as const, resource: r.name, reason: `${r.outlet} not in the answer` }
        : { ok: true as const, resource: r.name, reading: makeReading(source.site, r.name, r.unit, Number(value), r.ratingW, ts) };
    });
    return { ts, results, histories: new Map() };
  },
  iam: (spec) => ({ secrets: Object.values(spec.secretHeaders), statements: [{ actions: [PDU_ACTION], resources: [PDU_THING] }] }),
  networkHost: (spec) => hostOfUrl(spec.url),
};

const withPdu: CapacitySourceRegistry = { ...CAPACITY_SOURCES, pdu: pduSource };

const rawPdu = (url: string, outlet = 'outlet-1') => ({
  site: 'DC-A',
  source: {
    type: 'pdu',
    url,
    secretHeaders: { authorization: { ssm: '/pantau/pdu/token' } },
    resources: [{ name: 'rack-a1', outlet, ratingW: 8000 }],
  },
});

const problemLines = (problems: Problems) => problems.list.map((p) => `${formatPath(p.path)}: ${p.message}`);

describe('a capacity source type added by registry', () => {
  it('the config resolves it through its own schema and checks', () => {
    const problems = new Problems();
    const sources = resolveCapacity([rawPdu('http://pdu.dc-a.local/power')], problems, withPdu);
    expect(problemLines(problems)).toEqual([]);
    expect(sources).toMatchObject([
      {
        id: 'DC-A/0',
        site: 'DC-A',
        source: { type: 'pdu', url: 'http://pdu.dc-a.local/power', resources: [{ name: 'rack-a1', unit: 'watts', outlet: 'outlet-1', ratingW: 8000 }] },
      },
    ]);

    const bad = new Problems();
    expect(resolveCapacity([rawPdu('http://pdu.dc-a.local/power', 'socket-1')], bad, withPdu)).toEqual([]);
    expect(problemLines(bad)).toEqual(['capacity[0].source.resources[0].outlet: socket-1 is not an outlet — write outlet-<n>']);
  });

  it('the shipped registry does not know it: the type is what the registry admits', () => {
    const problems = new Problems();
    expect(resolveCapacity([rawPdu('http://pdu.dc-a.local/power')], problems)).toEqual([]);
    expect(problemLines(problems)).toHaveLength(1);
    expect(problemLines(problems)[0]).toMatch(/^capacity\[0\]\.source\.type: /);
  });

  describe('the cycle reads it through the registry', () => {
    let dynamo: LocalDynamo;
    let server: Server;
    let url: string;
    const seen: IncomingHttpHeaders[] = [];
    beforeAll(async () => {
      dynamo = await startLocalDynamo();
      await ensureTable(dynamo.client, 'registry-test');
      server = createServer((req, res) => {
        seen.push(req.headers);
        res.writeHead(200, { 'content-type': 'text/plain' }).end('outlet-1 6400\noutlet-2 100\n');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/power`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dynamo.close();
    });

    it('fetches with the shared secret-header resolver and turns the answer into readings', async () => {
      const sources = resolveCapacity([rawPdu(url)], new Problems(), withPdu);
      const doc = createDocumentClient(dynamo.client);
      const store = new DynamoStore(doc, { tableName: 'registry-test', historyDays: 30, sleep: async () => {} });
      const published: unknown[] = [];
      const report = await runCapacityCycle(sources, {
        store: new CapacityStore(doc, store, { historyDays: 30 }),
        metrics: { publish: async (series) => published.push(...series) },
        fetchText,
        fetchJson,
        getMetricData: async () => {
          throw new Error('a pdu source sends no GetMetricData');
        },
        secrets: envSecretResolver({ PANTAU_SECRET_PANTAU_PDU_TOKEN: 'Bearer pdu-1' }),
        log: { info: () => {}, warn: () => {}, error: () => {} },
        region: 'ap-southeast-3',
        now: () => Date.parse('2026-12-01T00:00:00.000Z'),
        sourceTypes: withPdu,
      });
      expect(seen.map((h) => h.authorization)).toEqual(['Bearer pdu-1']);
      expect(report.failures).toEqual([]);
      expect(report.readings.map((r) => [r.site, r.resource, r.used, r.total, r.utilisation])).toEqual([['DC-A', 'rack-a1', 6400, 8000, 80]]);
      expect(report.levels).toEqual(['warn']);
      expect(report.sinkErrors).toEqual([]);
      expect(published.length).toBeGreaterThan(0);
    });

    it('without its registry the cycle reports the source as failed, never as a reading', async () => {
      const sources = resolveCapacity([rawPdu(url)], new Problems(), withPdu);
      const report = await runCapacityCycle(sources, {
        store: new CapacityStore(createDocumentClient(dynamo.client), new DynamoStore(createDocumentClient(dynamo.client), { tableName: 'registry-test', historyDays: 30 }), { historyDays: 30 }),
        metrics: { publish: async () => 0 },
        fetchText,
        fetchJson,
        getMetricData: async () => [],
        log: { info: () => {}, warn: () => {}, error: () => {} },
        region: 'ap-southeast-3',
      });
      expect(report.readings).toEqual([]);
      expect(report.failures).toEqual([{ sourceId: 'DC-A/0', site: 'DC-A', resource: null, reason: 'capacity source type "pdu" is not registered' }]);
    });
  });

  it('the CDK construct grants what its descriptor asks for', () => {
    const sources = resolveCapacity([rawPdu('http://pdu.dc-a.local/power')], new Problems(), withPdu);
    expect(capacityIamNeeds(sources, withPdu)).toEqual({
      secrets: [{ ssm: '/pantau/pdu/token' }],
      statements: [{ actions: [PDU_ACTION], resources: [PDU_THING] }],
    });

    const config = makeConfig({ capacity: sources, targets: [] });
    const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Registry', { env: { account: '111122223333', region: 'ap-southeast-3' } });
    const store = new Store(stack, 'Store', { config });
    const alerts = new Alerting(stack, 'Alerting', { config });
    new CapacityWatch(stack, 'Capacity', { config, table: store.table, tableName: store.tableName, alerts, sourceTypes: withPdu });
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .flatMap((p) => (p.Properties as { PolicyDocument: { Statement: Array<{ Action: string | string[]; Resource: unknown }> } }).PolicyDocument.Statement);
    const byAction = (action: string) => statements.filter((s) => [s.Action].flat().includes(action));
    expect(byAction(PDU_ACTION)).toEqual([expect.objectContaining({ Resource: PDU_THING })]);
    expect(JSON.stringify(byAction('ssm:GetParameter').map((s) => s.Resource))).toContain(':parameter/pantau/pdu/token');
    expect(byAction('cloudwatch:GetMetricData')).toEqual([]);

    // The shipped registry cannot grant for a type it does not know.
    const other = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Shipped', { env: { account: '111122223333', region: 'ap-southeast-3' } });
    const otherStore = new Store(other, 'Store', { config });
    expect(() => new CapacityWatch(other, 'Capacity', { config, table: otherStore.table, tableName: otherStore.tableName, alerts: new Alerting(other, 'Alerting', { config }) })).toThrow(
      'capacity source type "pdu" is not registered',
    );
  }, 180_000);
});
