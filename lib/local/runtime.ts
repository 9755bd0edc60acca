import { fetchJson, fetchText } from '../../lambdas/adapters/capacity-fetch';
import { CapacityStore } from '../../lambdas/adapters/capacity-store';
import { cloudWatchClients, getMetricData } from '../../lambdas/adapters/cloudwatch-capacity';
import { DynamoStore, createDocumentClient } from '../../lambdas/adapters/dynamo-store';
import { DynamoPatrolBaselines } from '../../lambdas/adapters/dynamo/patrol-baselines';
import { DynamoOverrides } from '../../lambdas/adapters/dynamo/overrides';
import { openLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { connectStoreEndpoint, isLoopbackHost, parseStoreEndpoint } from '../../lambdas/adapters/store-endpoint';
import { cachingResolver, envSecretResolver } from '../../lambdas/adapters/secrets';
import type { LogSink } from '../../lambdas/ports/log';
import { LocalNotifier } from '../../lambdas/adapters/local-notifier';
import type { AlertNotifier } from '../../lambdas/core/alerting/types';
import type { CapacityMetricSeries } from '../../lambdas/core/capacity/metrics';
import type { MetricSeries } from '../../lambdas/core/metrics';
import type { CapacityCycleDeps } from '../../lambdas/app/capacity-cycle';
import { alertDepsOf, type ProbeCycleDeps } from '../../lambdas/app/probe-cycle';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { tableName as deployedTableName } from '../constructs/naming';
import { UsageError } from './usage-error';

/**
 * The local composition root, used by `check`, `watch`, `capacity` and the demo: the local
 * stand-ins for the AWS side, each made once per run and shared by every deps object built from
 * it. An embedded DynamoDB (dynalite, in memory or on disk
 * with --store) or a shared one (--store-endpoint), metrics kept in memory (counted, not sent
 * anywhere), secrets from environment variables and alerts to the console (and a JSON-lines
 * file). The probe cycle and the alert engine are the Lambda's own code.
 *
 * Quorum: a process with the embedded store is the only prober, so it counts over its own region.
 * On a shared endpoint other processes (other `--region`s) or the deployed Lambdas write the same
 * state items, so it counts over the config's regions (plus its own if not listed), as the
 * Lambdas do.
 */

export const LOCAL_TABLE = 'pantau-local';
export const LOCAL_REGION = 'local';

/** Keeps what would have gone to CloudWatch, so the CLI can say how many series a run makes. */
export class MemoryMetrics<S = MetricSeries> {
  readonly series: S[] = [];
  async publish(series: S[]): Promise<number> {
    this.series.push(...series);
    return 0;
  }
}

export interface LocalCapacityOptions {
  /** Region label on observations (default: the runtime's region). */
  region?: string;
  /** Turn the alert engine on (the demo; a one-shot `capacity` run has too few readings for it). */
  withAlerts?: boolean;
  log?: LogSink;
}

export interface LocalRuntime {
  /** The probe cycle's deps; `watch` swaps `deps.store` when the store fails over. */
  deps: ProbeCycleDeps;
  /** The table the store writes to. */
  table: string;
  /** The same store, notifier and metrics, probing as another region (the demo's second region). */
  proberFor(region: string): ProbeCycleDeps;
  /** The capacity cycle's deps on the same store, secrets and notifier. */
  capacityDeps(options?: LocalCapacityOptions): CapacityCycleDeps;
  notifier: AlertNotifier;
  store: DynamoStore;
  metrics: MemoryMetrics;
  dynamo: LocalDynamo;
  close(): Promise<void>;
}

/** The same warning or error every cycle (a store on a full disk) is printed once per process. */
const printed = new Set<string>();
const once = (line: string) => {
  if (printed.has(line)) return;
  printed.add(line);
  process.stderr.write(line);
};

/** `error: <message>[: <cause>]`, as both local logs print an error. */
const errorLine = (message: string, extra?: Record<string, unknown>) => `error: ${message}${extra?.error ? `: ${String(extra.error)}` : ''}\n`;

export const stderrLog: LogSink = {
  info: () => {},
  warn: (message) => once(`warning: ${message}\n`),
  error: (message, extra) => once(errorLine(message, extra)),
};

/** The capacity cycle's log: its failures are printed by the command itself, once; errors each time. */
export const capacityLog: LogSink = {
  info: () => {},
  warn: () => {},
  error: (message, extra) => process.stderr.write(errorLine(message, extra)),
};

export interface StoreOptions {
  /** Keep the embedded DynamoDB on disk in this folder. */
  storeDir?: string;
  /** Use the DynamoDB at this URL instead of the embedded one. */
  storeEndpoint?: string;
  /** Rebuild a damaged --store folder from what LevelDB can read before opening it (--repair-store). */
  repairStore?: boolean;
  /** Table on the endpoint (default: LOCAL_TABLE on loopback, the deployed `<project>-state` elsewhere). */
  table?: string;
}

/** The default `--table`: the local name on a loopback endpoint, the deployed name anywhere else. */
export function defaultTable(config: ResolvedConfig, loopback: boolean): string {
  return loopback ? LOCAL_TABLE : deployedTableName(config);
}

/** The regions quorum is counted over: the config's, plus this prober's when it is not listed. */
export function quorumRegions(configRegions: string[], region: string): string[] {
  return configRegions.includes(region) ? configRegions : [...configRegions, region];
}

async function openStore(config: ResolvedConfig, options: StoreOptions): Promise<{ dynamo: LocalDynamo; table: string; shared: boolean }> {
  if (options.storeDir !== undefined && options.storeEndpoint !== undefined) {
    throw new UsageError('--store and --store-endpoint: pick one — --store keeps the embedded DynamoDB on disk, --store-endpoint uses a running one');
  }
  if (options.storeEndpoint === undefined) {
    if (options.table !== undefined) throw new UsageError('--table: only with --store-endpoint — the embedded store always uses its own table');
    return { dynamo: await openLocalDynamo(LOCAL_TABLE, options.storeDir, { repair: options.repairStore }), table: LOCAL_TABLE, shared: false };
  }
  const table = options.table ?? defaultTable(config, isLoopbackHost(parseStoreEndpoint(options.storeEndpoint).hostname));
  return { dynamo: await connectStoreEndpoint(options.storeEndpoint, table), table, shared: true };
}

export async function startLocalRuntime(
  config: ResolvedConfig,
  options: StoreOptions & {
    region?: string;
    log?: LogSink;
    /** Where alerts go (default: the console's stderr, so `check --json` output stays pure JSON). */
    notifier?: AlertNotifier;
    /** Count quorum over the config's regions even on the embedded store (the demo's two probers). */
    quorumOverConfigRegions?: boolean;
  } = {},
): Promise<LocalRuntime> {
  const { dynamo, table, shared } = await openStore(config, options);
  const doc = createDocumentClient(dynamo.client);
  const store = new DynamoStore(doc, { tableName: table, historyDays: config.historyDays });
  const metrics = new MemoryMetrics();
  const notifier = options.notifier ?? new LocalNotifier({ out: process.stderr, timezone: config.alerting.timezone });
  const secrets = cachingResolver(envSecretResolver());
  const countOverConfig = shared || options.quorumOverConfigRegions === true;
  const patrol = new DynamoPatrolBaselines(store);
  // Silences and ad-hoc maintenance windows live in the same table (`pantau silence`).
  const overrides = new DynamoOverrides(store);
  const proberFor = (region: string): ProbeCycleDeps => ({
    store,
    metrics,
    secrets,
    log: options.log ?? stderrLog,
    region,
    concurrency: config.concurrency,
    config: {
      project: config.project,
      alerting: config.alerting,
      maintenance: config.maintenance,
      regions: countOverConfig ? quorumRegions(config.regions, region) : [region],
      // The config's control checks run beside the targets, as in the Lambda.
      controls: config.controls,
    },
    notifier,
    patrol,
    overrides,
    availability: store,
  });
  const deps = proberFor(options.region ?? LOCAL_REGION);
  const capacityDeps = localCapacity(config, { doc, store, secrets, probeDeps: deps });
  return { deps, table, proberFor, capacityDeps, notifier, store, metrics, dynamo, close: () => dynamo.close() };
}

/**
 * Every store-backed port of a probe cycle on `store`: after a failover (store-failover.ts) the
 * alert state, the patrol's baselines, the overrides and the daily counts all move to the
 * in-memory store together, so no part of a cycle still waits on the one that stopped.
 */
export function useStore(deps: ProbeCycleDeps, store: DynamoStore): void {
  deps.store = store;
  deps.patrol = new DynamoPatrolBaselines(store);
  deps.overrides = new DynamoOverrides(store);
  deps.availability = store;
}

/** The capacity half of the local root: one capacity store and metrics kept per run. */
function localCapacity(
  config: ResolvedConfig,
  shared: { doc: ReturnType<typeof createDocumentClient>; store: DynamoStore; secrets: ProbeCycleDeps['secrets']; probeDeps: ProbeCycleDeps },
): (options?: LocalCapacityOptions) => CapacityCycleDeps {
  const store = new CapacityStore(shared.doc, shared.store, { historyDays: config.historyDays });
  const metrics = new MemoryMetrics<CapacityMetricSeries>();
  // A cloudwatch capacity source reads the real CloudWatch (credentials from the usual chain).
  const clientFor = cloudWatchClients(process.env.AWS_REGION ?? config.homeRegion);
  return (options = {}) => {
    const region = options.region ?? shared.probeDeps.region;
    return {
      store,
      metrics,
      fetchText,
      fetchJson,
      getMetricData: (sourceRegion, input) => getMetricData(clientFor, sourceRegion, input),
      secrets: shared.secrets,
      log: options.log ?? capacityLog,
      region,
      // Capacity is read from one region only, as the capacity Lambda does: a quorum of one.
      alerts: options.withAlerts ? { ...alertDepsOf(shared.probeDeps), regions: [region] } : undefined,
    };
  };
}

/** The store flags `check` and `watch` share (`--store`, `--repair-store`, `--store-endpoint`, `--table`, `--region`). */
export interface StoreFlags {
  /** Keep the embedded DynamoDB on disk in this folder. */
  store?: string;
  /** Rebuild a damaged --store folder before opening it. */
  repairStore?: boolean;
  /** A running DynamoDB (shared dynalite on loopback, or the deployed table) instead of the embedded one. */
  storeEndpoint?: string;
  table?: string;
  /** The probe region this process reports as (default `local`). */
  region?: string;
}

/** Those flags as startLocalRuntime takes them. */
export function storeOptionsOf(flags: StoreFlags) {
  return {
    storeDir: flags.store,
    repairStore: flags.repairStore,
    storeEndpoint: flags.storeEndpoint,
    table: flags.table,
    region: flags.region,
  };
}
