import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LocalStoreError, ensureTable, localDynamoClient, type LocalDynamo } from './local-dynamo';

/**
 * `--store-endpoint URL`: a DynamoDB the operator names instead of the embedded one — a shared
 * dynalite or DynamoDB Local on loopback (several CLI processes then act as one multi-region
 * deployment), or the deployed table with the operator's own credentials.
 *
 * Loopback gets dummy credentials and the table is created when missing. Anything else gets the
 * AWS SDK's default credential chain and region, and the table is NEVER created: a missing one
 * is an error naming `--table`, so a typo cannot leave an unencrypted, un-backed-up copy of the
 * deployed table beside it.
 */

export interface EndpointStore extends LocalDynamo {
  /** The endpoint is on this machine (127.0.0.0/8, ::1, localhost). */
  loopback: boolean;
}

/** 127.0.0.0/8, ::1 and localhost: a store only this machine can reach. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return v4 !== null && v4.slice(1).every((octet) => Number(octet) <= 255);
}

export function parseStoreEndpoint(text: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new LocalStoreError(
      `--store-endpoint: ${JSON.stringify(text)} is not an http(s) URL — give e.g. http://127.0.0.1:8000 (dynalite) or https://dynamodb.ap-southeast-3.amazonaws.com`,
    );
  }
  return url;
}

/** Loopback: the dummy keys dynalite accepts. Elsewhere: the SDK's default credential chain and region. */
export function endpointClient(url: URL): { client: DynamoDBClient; endpoint: string; loopback: boolean } {
  const endpoint = url.href.replace(/\/$/, '');
  const loopback = isLoopbackHost(url.hostname);
  return { client: loopback ? localDynamoClient(endpoint) : new DynamoDBClient({ endpoint }), endpoint, loopback };
}

/** Connects to the endpoint and makes sure the table is there (created only on loopback). */
export async function connectStoreEndpoint(endpointText: string, tableName: string): Promise<EndpointStore> {
  const { client, endpoint, loopback } = endpointClient(parseStoreEndpoint(endpointText));
  try {
    if (loopback) await ensureTable(client, tableName);
    else await requireTable(client, tableName, endpoint);
  } catch (err) {
    client.destroy();
    throw err instanceof LocalStoreError ? err : storeError(err, endpoint, loopback);
  }
  return { endpoint, client, loopback, close: async () => client.destroy() };
}

/** Fails, with `--table` and the fix, when the table does not exist; never creates it. */
export async function requireTable(client: DynamoDBClient, tableName: string, endpoint: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (err) {
    if ((err as { name?: string }).name !== 'ResourceNotFoundException') throw err;
    throw new LocalStoreError(
      `--table: no table ${tableName} at ${endpoint} — pass the deployed table's name (<project>-state) with --table, or deploy first; pantau creates tables only on loopback endpoints`,
    );
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH']);

/** One line naming the option and the fix for what the SDK threw while opening the store. */
export function storeError(err: unknown, endpoint: string, loopback: boolean): LocalStoreError {
  const e = err as { name?: string; code?: string; message?: string };
  if (e.code && NETWORK_CODES.has(e.code)) {
    return new LocalStoreError(
      `--store-endpoint: cannot reach ${endpoint} (${e.code}) — ${
        loopback ? 'start the store there first (node node_modules/dynalite/cli.js --port PORT)' : 'check the URL and this machine\'s network'
      }`,
    );
  }
  if (/region is missing/i.test(e.message ?? '')) {
    return new LocalStoreError(`--store-endpoint: no AWS region for ${endpoint} — set AWS_REGION to the table's region (e.g. ap-southeast-3)`);
  }
  if (e.name === 'CredentialsProviderError') {
    return new LocalStoreError(
      `--store-endpoint: no AWS credentials for ${endpoint} — set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) to an operator's credentials`,
    );
  }
  return new LocalStoreError(
    `--store-endpoint: ${endpoint} refused to open the table (${e.name ?? 'Error'}: ${e.message ?? String(err)}) — check the URL, --table and your credentials`,
  );
}
