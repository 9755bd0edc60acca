import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { fetchJson, fetchText } from '../adapters/capacity-fetch';
import { CapacityStore } from '../adapters/capacity-store';
import { CloudWatchMetrics } from '../adapters/cloudwatch-metrics';
import { cloudWatchClients, getMetricData } from '../adapters/cloudwatch-capacity';
import { DynamoStore, createDocumentClient } from '../adapters/dynamo-store';
import type { LogSink } from '../adapters/logger';
import { awsSecretResolver, cachingResolver } from '../adapters/secrets';
import { SnsNotifier, topicArnsFromEnv } from '../adapters/sns-notifier';
import type { CapacityCycleDeps } from '../app/capacity-cycle';
import { DEFAULTS } from '../contracts/defaults';
import { ENV } from '../contracts/env';
import type { ResolvedConfig } from '../core/config';

/**
 * Builds the capacity Lambda's adapters from the environment the CDK stack sets. Everything
 * lives in the home region: the table, the metrics, the topics (a cloudwatch source may read
 * metrics of another region; its client is made on first use).
 */
export function capacityDepsFromEnv(
  env: NodeJS.ProcessEnv,
  log: LogSink,
  config: Pick<ResolvedConfig, 'alerting' | 'maintenance'>,
): CapacityCycleDeps {
  const region = env[ENV.homeRegion] ?? env[ENV.awsRegion] ?? DEFAULTS.homeRegion;
  const doc = createDocumentClient(new DynamoDBClient({ region }));
  const historyDays = Number(env[ENV.historyDays] ?? DEFAULTS.historyDays);
  const store = new DynamoStore(doc, { tableName: required(env, ENV.tableName), historyDays });
  const clientFor = cloudWatchClients(region);
  return {
    store: new CapacityStore(doc, store, { historyDays }),
    metrics: new CloudWatchMetrics(clientFor(region), env[ENV.metricsNamespace] ?? DEFAULTS.metricsNamespace),
    fetchText,
    fetchJson,
    getMetricData: (sourceRegion, input) => getMetricData(clientFor, sourceRegion, input),
    secrets: cachingResolver(awsSecretResolver()),
    log,
    region,
    alerts: {
      store,
      notifier: new SnsNotifier(new SNSClient({ region }), topicArnsFromEnv(env)),
      log,
      alerting: config.alerting,
      maintenance: config.maintenance,
      // The capacity Lambda reads from one region: a quorum of one.
      regions: [region],
    },
  };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  // Read at the first invocation; a missing variable is a deployment bug worth a loud failure.
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
