import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoStore, createDocumentClient } from '../../lambdas/adapters/dynamo-store';
import { LocalStoreError, createTable, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { connectStoreEndpoint, endpointClient, isLoopbackHost, requireTable, storeError } from '../../lambdas/adapters/store-endpoint';
import { stateKey } from '../../lambdas/adapters/dynamo/keys';
import { main } from '../../lib/local/cli';
import { defaultTable, quorumRegions } from '../../lib/local/runtime';
import { captureOutput } from '../support/capture';
import { makeConfig } from '../support/config-fixture';
import { refusedPort, startHttpServer, type RunningServer } from '../support/servers';

/**
 * `check`/`watch --store-endpoint URL [--table NAME]`: the CLI on a DynamoDB it does not own.
 * The endpoint here is a dynalite server on loopback with no table in it (a real DynamoDB API).
 */

let server: LocalDynamo;
let app: RunningServer;
const dir = mkdtempSync(join(tmpdir(), 'pantau-endpoint-'));
const configPath = join(dir, 'c.yaml');
/** Starts creating `table` as another process would, leaving it CREATING. */
async function startCreating(dynamo: LocalDynamo, table: string): Promise<void> {
  await createTable(dynamo.client, table);
  const status = (await dynamo.client.send(new DescribeTableCommand({ TableName: table }))).Table?.TableStatus;
  expect(status).toBe('CREATING');
}

const tables = async () => (await server.client.send(new ListTablesCommand({}))).TableNames ?? [];

beforeAll(async () => {
  server = await startLocalDynamo();
  app = await startHttpServer((_req, res) => res.end('ok'));
  writeFileSync(
    configPath,
    `project: pantau-endpoint\nregions: { home: ap-southeast-3, probes: [ap-southeast-3, ap-southeast-1] }\ntargets:\n  - { id: web, url: "${app.url}/" }\n`,
  );
});
afterAll(async () => {
  await server.close();
  await app.close();
});
afterEach(() => vi.restoreAllMocks());

describe('which endpoints are loopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['[::1]', true],
    ['128.0.0.1', false],
    ['127.0.0.256', false],
    ['dynamodb.ap-southeast-3.amazonaws.com', false],
    ['127.0.0.1.example.com', false],
  ])('%s → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});

describe('connecting to a store endpoint', () => {
  it('on loopback creates the missing table, and five processes connecting at once all succeed', async () => {
    const stores = await Promise.all(Array.from({ length: 5 }, () => connectStoreEndpoint(server.endpoint, 'pantau-shared')));
    expect(stores.every((s) => s.loopback)).toBe(true);
    expect(await tables()).toContain('pantau-shared');
    await Promise.all(stores.map((s) => s.close()));
  });

  it('on loopback waits for a table another process is still creating, so the first write succeeds', async () => {
    // The dynalite CLI keeps a new table CREATING for 500 ms by default; writes to it fail until ACTIVE.
    const slow = await startLocalDynamo({ createTableMs: 300 });
    try {
      await startCreating(slow, 'pantau-slow');
      const store = await connectStoreEndpoint(slow.endpoint, 'pantau-slow');
      const doc = new DynamoStore(createDocumentClient(store.client), { tableName: 'pantau-slow', historyDays: 30 });
      await doc.putItem({ pk: 'P', sk: 'S' }, { written: true });
      expect(await doc.getItem({ pk: 'P', sk: 'S' })).toEqual({ written: true });
      await store.close();
    } finally {
      await slow.close();
    }
  });

  it('elsewhere the table is required, never created: the error names --table and the fix', async () => {
    await expect(requireTable(server.client, 'pantau-prod-state', 'https://dynamodb.example')).rejects.toThrow(
      new LocalStoreError(
        "--table: no table pantau-prod-state at https://dynamodb.example — pass the deployed table's name (<project>-state) with --table, or deploy first; pantau creates tables only on loopback endpoints",
      ),
    );
    expect(await tables()).not.toContain('pantau-prod-state');
  });

  it('elsewhere the client takes the operator credential chain and region, not the dummy local keys', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAOPERATOR');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'operator-secret');
    vi.stubEnv('AWS_REGION', 'ap-southeast-1');
    try {
      // Building a client and resolving its credentials sends nothing over the network.
      const remote = endpointClient(new URL('https://dynamodb.ap-southeast-1.amazonaws.com/'));
      expect(remote.loopback).toBe(false);
      expect(remote.endpoint).toBe('https://dynamodb.ap-southeast-1.amazonaws.com');
      expect((await remote.client.config.credentials()).accessKeyId).toBe('AKIAOPERATOR');
      expect(await remote.client.config.region()).toBe('ap-southeast-1');
      const local = endpointClient(new URL(server.endpoint));
      expect(local.loopback).toBe(true);
      expect((await local.client.config.credentials()).accessKeyId).toBe('local');
      remote.client.destroy();
      local.client.destroy();
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('turns SDK failures into one line naming --store-endpoint and the fix', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(storeError(refused, 'https://db.example', false).message).toBe(
      "--store-endpoint: cannot reach https://db.example (ECONNREFUSED) — check the URL and this machine's network",
    );
    expect(storeError(new Error('Region is missing'), 'https://db.example', false).message).toBe(
      "--store-endpoint: no AWS region for https://db.example — set AWS_REGION to the table's region (e.g. ap-southeast-3)",
    );
    const noCreds = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    expect(storeError(noCreds, 'https://db.example', false).message).toMatch(/^--store-endpoint: no AWS credentials for https:\/\/db\.example — set AWS_PROFILE/);
  });

  it('defaults the table to pantau-local on loopback and to the deployed <project>-state elsewhere', () => {
    const config = makeConfig({ project: 'kpu-pantau' });
    expect(defaultTable(config, true)).toBe('pantau-local');
    expect(defaultTable(config, false)).toBe('kpu-pantau-state');
  });

  it('counts quorum over the config regions, adding this prober\'s region when it is not listed', () => {
    expect(quorumRegions(['ap-southeast-3', 'ap-southeast-1'], 'ap-southeast-1')).toEqual(['ap-southeast-3', 'ap-southeast-1']);
    expect(quorumRegions(['ap-southeast-3'], 'local')).toEqual(['ap-southeast-3', 'local']);
  });
});

describe('pantau check --store-endpoint', () => {
  it('writes history and state into the shared table, under its --region', async () => {
    const io = captureOutput();
    const code = await main(['check', '--json', '--config', configPath, '--store-endpoint', server.endpoint, '--table', 'pantau-check', '--region', 'ap-southeast-1']);
    vi.restoreAllMocks();
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const store = new DynamoStore(createDocumentClient(server.client), { tableName: 'pantau-check', historyDays: 30 });
    const history = await store.recentResults('web', 5);
    expect(history.map((r) => [r.region, r.ok])).toEqual([['ap-southeast-1', true]]);
    const state = await store.getVersioned<{ regions: Record<string, unknown> }>(stateKey('web'));
    expect(Object.keys(state!.value.regions)).toEqual(['ap-southeast-1']);
  });

  it.each([
    [['--store', join(dir, 's'), '--store-endpoint', 'http://127.0.0.1:9'], 'error: --store and --store-endpoint: pick one — --store keeps the embedded DynamoDB on disk, --store-endpoint uses a running one\n'],
    [['--table', 'x'], 'error: --table: only with --store-endpoint — the embedded store always uses its own table\n'],
    [['--store-endpoint', 'dynalite:8000'], 'error: --store-endpoint: "dynalite:8000" is not an http(s) URL — give e.g. http://127.0.0.1:8000 (dynalite) or https://dynamodb.ap-southeast-3.amazonaws.com\n'],
  ])('refuses %j in one line, exit 2', async (args, message) => {
    const io = captureOutput();
    const code = await main(['check', '--config', configPath, ...args]);
    vi.restoreAllMocks();
    expect(code).toBe(2);
    expect(io.err()).toBe(message);
    expect(io.out()).toBe('');
  });

  it('a refused loopback endpoint is one line naming the option and how to start a store, exit 2', async () => {
    const port = await refusedPort();
    const io = captureOutput();
    const code = await main(['watch', '--config', configPath, '--cycles', '1', '--store-endpoint', `http://127.0.0.1:${port}`]);
    vi.restoreAllMocks();
    expect(code).toBe(2);
    expect(io.err()).toBe(
      `error: --store-endpoint: cannot reach http://127.0.0.1:${port} (ECONNREFUSED) — start the store there first (node node_modules/dynalite/cli.js --port PORT)\n`,
    );
  });
});
