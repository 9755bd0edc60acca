import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { checkStoreFolder, openFailure } from './store-folder';

/**
 * The CLI's DynamoDB: an embedded one (dynalite: the DynamoDB API on LevelDB) for the CLI, the
 * demo and the tests — in memory by default, `path` keeps the data on disk between runs, it
 * listens on 127.0.0.1 only — or one the operator names with `--store-endpoint` (a shared
 * dynalite / DynamoDB Local on loopback, or the deployed table).
 */

// dynalite ships no types; this is the slice we use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (opts: Record<string, unknown>) => Server;

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  close(): Promise<void>;
}

export const LOCAL_REGION = 'local';

export { LocalStoreError, checkStoreFolder } from './store-folder';

/** The embedded DynamoDB with the Pantau table, in memory or in `storeDir` (checked first). */
export async function openLocalDynamo(tableName: string, storeDir?: string, options: { repair?: boolean } = {}): Promise<LocalDynamo> {
  const path = storeDir ? resolve(storeDir) : undefined;
  const release = path ? await checkStoreFolder(path, options) : () => {};
  let dynamo: LocalDynamo;
  try {
    dynamo = await startLocalDynamo({ path });
  } catch (err) {
    release();
    throw err;
  }
  const closeAndRelease = async () => {
    try {
      await dynamo.close();
    } finally {
      release();
    }
  };
  try {
    await ensureTable(dynamo.client, tableName);
  } catch (err) {
    // A store that stopped answering may never close: wait at most 2 s, and never hold the process for it.
    await Promise.race([closeAndRelease(), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    throw path ? openFailure(path, err) : err;
  }
  return { ...dynamo, close: closeAndRelease };
}

export async function startLocalDynamo(options: { path?: string; createTableMs?: number } = {}): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: options.createTableMs ?? 0, deleteTableMs: 0, updateTableMs: 0, path: options.path });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  return {
    endpoint,
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Per request to a local DynamoDB; the SDK retries twice more (3 attempts). */
export const LOCAL_REQUEST_TIMEOUT_MS = 3_000;

/**
 * A LevelDB failure dynalite throws out of its callbacks (a full disk mid-run). The CLI keeps
 * running on it (the request fails by its timeout and the cycle reports the store sink failing).
 */
export function isStoreIoError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('LEVEL_');
}

/** A client for a local endpoint, with the dummy credentials dynalite accepts. */
export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    // A store that fails inside (dynalite throws a disk-full write error from its callback and
    // never answers) must fail the request, not hang the cycle: the SDK has no timeout of its own.
    requestHandler: { requestTimeout: LOCAL_REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true },
    region: 'ap-southeast-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/**
 * Creates the Pantau table with the same key schema as the CDK Store construct (pk/sk strings),
 * if it does not exist yet. TTL is not set up: dynalite does not implement UpdateTimeToLive.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    // Another process sharing the endpoint may have just created it: writes fail until ACTIVE.
    if (out.Table?.TableStatus === 'ACTIVE') return;
  } catch (err) {
    if ((err as { name?: string }).name !== 'ResourceNotFoundException') throw err;
    try {
      await createTable(client, tableName);
    } catch (createErr) {
      // Another process sharing the endpoint created it first (several `watch --region` at once).
      if ((createErr as { name?: string }).name !== 'ResourceInUseException') throw createErr;
    }
  }
  // dynalite reports CREATING once even with createTableMs 0 (its CLI: 500 ms by default): wait
  // for ACTIVE, at most 2 s.
  for (let i = 0; i < 100; i++) {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (out.Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`local table ${tableName} did not become ACTIVE`);
}

/** CreateTable with the CDK Store construct's key schema; returns while the table is still CREATING. */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
}
