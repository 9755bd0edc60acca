import { DynamoStore, createDocumentClient } from '../../lambdas/adapters/dynamo-store';
import { openLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { cachingResolver, envSecretResolver } from '../../lambdas/adapters/secrets';
import type { LogSink } from '../../lambdas/adapters/logger';
import { LocalNotifier } from '../../lambdas/adapters/local-notifier';
import type { AlertNotifier } from '../../lambdas/core/alerting/types';
import type { MetricSeries } from '../../lambdas/core/metrics';
import type { MetricsPublisher, ProbeCycleDeps } from '../../lambdas/app/probe-cycle';
import type { ResolvedConfig } from '../../lambdas/core/config';

/**
 * The local stand-ins for the AWS side: an embedded DynamoDB (dynalite, in memory or on disk
 * with --store), metrics kept in memory (counted, not sent anywhere), secrets from environment
 * variables and alerts to the console (and a JSON-lines file). The probe cycle and the alert
 * engine are the Lambda's own code.
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
  notifier: AlertNotifier;
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
  options: {
    storeDir?: string;
    region?: string;
    log?: LogSink;
    /** Where alerts go (default: the console's stderr, so `check --json` output stays pure JSON). */
    notifier?: AlertNotifier;
  } = {},
): Promise<LocalRuntime> {
  const dynamo = await openLocalDynamo(LOCAL_TABLE, options.storeDir);
  const store = new DynamoStore(createDocumentClient(dynamo.client), {
    tableName: LOCAL_TABLE,
    historyDays: config.historyDays,
  });
  const metrics = new MemoryMetrics();
  const region = options.region ?? LOCAL_REGION;
  const notifier = options.notifier ?? new LocalNotifier({ out: process.stderr, timezone: config.alerting.timezone });
  const deps: ProbeCycleDeps = {
    store,
    metrics,
    secrets: cachingResolver(envSecretResolver()),
    log: options.log ?? stderrLog,
    region,
    concurrency: config.concurrency,
    // This machine is the only prober: quorum is counted over one region, not the config's list.
    config: { alerting: config.alerting, maintenance: config.maintenance, regions: [region] },
    notifier,
  };
  return { deps, notifier, store, metrics, dynamo, close: () => dynamo.close() };
}
