import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoStore, createDocumentClient } from '../../lambdas/adapters/dynamo-store';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { cachingResolver, envSecretResolver } from '../../lambdas/adapters/secrets';
import type { LogSink } from '../../lambdas/adapters/logger';
import type { MetricSeries } from '../../lambdas/core/metrics';
import type { MetricsPublisher, ProbeCycleDeps } from '../../lambdas/app/probe-cycle';
import type { ResolvedConfig } from '../../lambdas/core/config';

/**
 * The local stand-ins for the AWS side: an embedded DynamoDB (dynalite, in memory or on disk
 * with --store), metrics kept in memory (counted, not sent anywhere) and secrets from
 * environment variables. The probe cycle itself is the Lambda's own code.
 */

export const LOCAL_TABLE = 'pantau-local';
export const LOCAL_REGION = 'local';

/** Keeps what would have gone to CloudWatch, so the CLI can say how many series a run makes. */
export class MemoryMetrics implements MetricsPublisher {
  readonly series: MetricSeries[] = [];
  async publish(series: MetricSeries[]): Promise<number> {
    this.series.push(...series);
    return 0;
  }
}

export interface LocalRuntime {
  deps: ProbeCycleDeps;
  store: DynamoStore;
  metrics: MemoryMetrics;
  dynamo: LocalDynamo;
  close(): Promise<void>;
}

export const stderrLog: LogSink = {
  info: () => {},
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
  error: (message, extra) => process.stderr.write(`error: ${message}${extra?.error ? `: ${String(extra.error)}` : ''}\n`),
};

export async function startLocalRuntime(
  config: ResolvedConfig,
  options: { storeDir?: string; region?: string; log?: LogSink } = {},
): Promise<LocalRuntime> {
  let path: string | undefined;
  if (options.storeDir) {
    path = resolve(options.storeDir);
    mkdirSync(path, { recursive: true });
  }
  const dynamo = await startLocalDynamo({ path });
  await ensureTable(dynamo.client, LOCAL_TABLE);
  const store = new DynamoStore(createDocumentClient(dynamo.client), {
    tableName: LOCAL_TABLE,
    historyDays: config.historyDays,
  });
  const metrics = new MemoryMetrics();
  const deps: ProbeCycleDeps = {
    store,
    metrics,
    secrets: cachingResolver(envSecretResolver()),
    log: options.log ?? stderrLog,
    region: options.region ?? LOCAL_REGION,
    concurrency: config.concurrency,
  };
  return { deps, store, metrics, dynamo, close: () => dynamo.close() };
}
