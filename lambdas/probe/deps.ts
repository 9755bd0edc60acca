import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CloudWatchMetrics } from '../adapters/cloudwatch-metrics';
import { DynamoStore, createDocumentClient } from '../adapters/dynamo-store';
import { awsSecretResolver, cachingResolver } from '../adapters/secrets';
import type { LogSink } from '../adapters/logger';
import type { ProbeCycleDeps } from '../app/probe-cycle';

/**
 * Builds the probe's adapters from the environment the CDK stack sets. The table and the
 * metrics live in the home region (one authoritative state table; one dashboard), whichever
 * region this probe runs in.
 */
export function probeDepsFromEnv(env: NodeJS.ProcessEnv, log: LogSink): ProbeCycleDeps {
  const probeRegion = env.PROBE_REGION ?? env.AWS_REGION ?? 'ap-southeast-3';
  const homeRegion = env.HOME_REGION ?? probeRegion;
  return {
    store: new DynamoStore(createDocumentClient(new DynamoDBClient({ region: homeRegion })), {
      tableName: required(env, 'TABLE_NAME'),
      historyDays: Number(env.HISTORY_DAYS ?? 30),
    }),
    metrics: new CloudWatchMetrics(new CloudWatchClient({ region: homeRegion }), env.METRICS_NAMESPACE ?? 'Pantau'),
    secrets: cachingResolver(awsSecretResolver()),
    log,
    region: probeRegion,
    concurrency: Number(env.PROBE_CONCURRENCY ?? 50),
  };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  // Read lazily at cold start; a missing variable is a deployment bug worth a loud failure.
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
