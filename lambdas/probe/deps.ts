import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { CloudWatchMetrics } from '../adapters/cloudwatch-metrics';
import { DynamoStore, createDocumentClient } from '../adapters/dynamo-store';
import { awsSecretResolver, cachingResolver } from '../adapters/secrets';
import { SnsNotifier, topicArnsFromEnv } from '../adapters/sns-notifier';
import { loadBundledConfig } from '../adapters/bundled-config';
import type { LogSink } from '../adapters/logger';
import { DEFAULTS } from '../contracts/defaults';
import { ENV } from '../contracts/env';
import type { ResolvedConfig } from '../core/config';
import type { ProbeCycleDeps } from '../app/probe-cycle';

/**
 * Builds the probe's adapters from the environment the CDK stack sets. The table, the metrics
 * and the alert topics live in the home region (one authoritative state table decides who
 * publishes; one dashboard), whichever region this probe runs in.
 */
export function probeDepsFromEnv(
  env: NodeJS.ProcessEnv,
  log: LogSink,
  config: ResolvedConfig = loadBundledConfig(env),
): ProbeCycleDeps {
  const probeRegion = env[ENV.probeRegion] ?? env[ENV.awsRegion] ?? DEFAULTS.homeRegion;
  const homeRegion = env[ENV.homeRegion] ?? probeRegion;
  return {
    store: new DynamoStore(createDocumentClient(new DynamoDBClient({ region: homeRegion })), {
      tableName: required(env, ENV.tableName),
      historyDays: Number(env[ENV.historyDays] ?? DEFAULTS.historyDays),
    }),
    metrics: new CloudWatchMetrics(new CloudWatchClient({ region: homeRegion }), env[ENV.metricsNamespace] ?? DEFAULTS.metricsNamespace),
    secrets: cachingResolver(awsSecretResolver()),
    log,
    region: probeRegion,
    concurrency: Number(env[ENV.probeConcurrency] ?? DEFAULTS.probeConcurrency),
    config,
    notifier: new SnsNotifier(new SNSClient({ region: homeRegion }), topicArnsFromEnv(env)),
  };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  // Read lazily at cold start; a missing variable is a deployment bug worth a loud failure.
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
