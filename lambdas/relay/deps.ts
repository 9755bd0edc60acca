import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoStore, createDocumentClient } from '../adapters/dynamo-store';
import { SnsNotifier, topicArnsFromEnv } from '../adapters/sns-notifier';
import { loadBundledConfig } from '../adapters/bundled-config';
import type { LogSink } from '../adapters/logger';
import { DEFAULTS } from '../contracts/defaults';
import { ENV } from '../contracts/env';
import type { ResolvedConfig } from '../core/config';
import type { AlarmRelayDeps } from '../app/alarm-relay';

/**
 * Builds the relay's adapters from the environment the CDK stack sets. Like the probes, a relay
 * in any region writes to the home region's table (one authoritative state decides who
 * publishes) and publishes to the home region's topics.
 */
export function relayDepsFromEnv(env: NodeJS.ProcessEnv, log: LogSink, config: ResolvedConfig = loadBundledConfig(env)): AlarmRelayDeps {
  const homeRegion = env[ENV.homeRegion] ?? env[ENV.awsRegion] ?? config.homeRegion;
  return {
    store: new DynamoStore(createDocumentClient(new DynamoDBClient({ region: homeRegion })), {
      tableName: required(env, ENV.tableName),
      historyDays: Number(env[ENV.historyDays] ?? DEFAULTS.historyDays),
    }),
    notifier: new SnsNotifier(new SNSClient({ region: homeRegion }), topicArnsFromEnv(env)),
    log,
    config,
  };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  // A missing variable is a deployment bug worth a loud failure.
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
