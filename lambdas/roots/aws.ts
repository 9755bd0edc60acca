import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoIncidentNotes } from '../adapters/dynamo/incident-notes';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Logger } from '@aws-lambda-powertools/logger';
import { loadBundledConfig } from '../adapters/bundled-config';
import { fetchJson, fetchText } from '../adapters/capacity-fetch';
import { CapacityStore } from '../adapters/capacity-store';
import { cloudWatchClients, getMetricData } from '../adapters/cloudwatch-capacity';
import { CloudWatchMetrics } from '../adapters/cloudwatch-metrics';
import { CloudWatchMetricMath } from '../adapters/cloudwatch-metric-math';
import { DynamoStore, createDocumentClient } from '../adapters/dynamo-store';
import { DynamoPatrolBaselines } from '../adapters/dynamo/patrol-baselines';
import { DynamoOverrides } from '../adapters/dynamo/overrides';
import { logSinkOf, powertoolsLogger, type LogSink } from '../adapters/logger';
import { awsSecretResolver, cachingResolver } from '../adapters/secrets';
import { SnsNotifier, topicArnsFromEnv } from '../adapters/sns-notifier';
import { S3StatusSite, environmentCredentials } from '../adapters/s3-status-site';
import type { AlarmRelayDeps } from '../app/alarm-relay';
import type { ChatRelayDeps } from '../app/chat-relay';
import { chatRelayDeps } from './chat';
import type { CapacityCycleDeps } from '../app/capacity-cycle';
import type { ProbeCycleDeps } from '../app/probe-cycle';
import type { StatusPageDeps } from '../app/status-page-cycle';
import type { IncidentReader } from '../app/incidents';
import { DEFAULTS } from '../contracts/defaults';
import { ENV } from '../contracts/env';
import type { ResolvedConfig } from '../core/config';
import { once } from './once';

/**
 * The AWS composition root: every adapter a Lambda handler wires into its cycle, built from the
 * environment the CDK stack sets. Each client is made on first use and then shared, so one
 * container holds one DynamoDB document client, one CloudWatch client per region, one SNS
 * client, one secrets cache and one Powertools Logger.
 *
 * The table, the metrics and the alert topics live in the home region whichever region the
 * function runs in: one authoritative state table decides who publishes, and one dashboard
 * shows every region.
 */
export interface AwsRoot {
  /** The container's one Powertools Logger; middy's injectLambdaContext takes this instance. */
  readonly logger: Logger;
  /** The same logger behind the LogSink port, handed to every cycle. */
  readonly log: LogSink;
  /** The probe cycle's deps; the config defaults to the one bundled with the code. */
  probeDeps(config?: ResolvedConfig): ProbeCycleDeps;
  /** The capacity cycle's deps, with the alert engine on (a quorum of one: the home region). */
  capacityDeps(config: Pick<ResolvedConfig, 'alerting' | 'maintenance'>): CapacityCycleDeps;
  /** The alarm relay's deps; the config defaults to the one bundled with the code. */
  relayDeps(config?: ResolvedConfig): AlarmRelayDeps;
  /** The chat relay's deps: its channel (CHAT_CHANNEL) in the bundled config, the ledger on the table. */
  chatDeps(config?: ResolvedConfig): ChatRelayDeps;
  /** The status page renderer's deps: the table, and the site bucket (in the home region). */
  statusPageDeps(): StatusPageDeps;
  /** Incidents and their notes from the table, read only (the open-incidents widget). */
  incidentReader(): IncidentReader;
}

export interface AwsRootOptions {
  /** A sink to use instead of the Powertools Logger's (tests that want silence). */
  log?: LogSink;
}

/** A variable the stack always sets; missing, it is a deployment bug worth a loud failure. */
export function requiredEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

export function awsRoot(env: NodeJS.ProcessEnv = process.env, options: AwsRootOptions = {}): AwsRoot {
  const logger = once(() => powertoolsLogger(env.POWERTOOLS_SERVICE_NAME));
  const log = once(() => options.log ?? logSinkOf(logger()));

  // Lambda always sets AWS_REGION; the stack's own variables win over it when present.
  const probeRegion = once(() => env[ENV.probeRegion] ?? env[ENV.awsRegion] ?? DEFAULTS.homeRegion);
  const homeRegion = once(() => env[ENV.homeRegion] ?? probeRegion());
  const historyDays = once(() => Number(env[ENV.historyDays] ?? DEFAULTS.historyDays));

  const documentClient = once(() => createDocumentClient(new DynamoDBClient({ region: homeRegion() })));
  const store = once(() => new DynamoStore(documentClient(), { tableName: requiredEnv(env, ENV.tableName), historyDays: historyDays() }));
  const patrolBaselines = once(() => new DynamoPatrolBaselines(store()));
  const capacityStore = once(() => new CapacityStore(documentClient(), store(), { historyDays: historyDays() }));
  // A cloudwatch capacity source may read metrics of another region: one client per region.
  const cloudWatchFor = once(() => cloudWatchClients(homeRegion()));
  const metrics = once(() => new CloudWatchMetrics(cloudWatchFor()(homeRegion()), env[ENV.metricsNamespace] ?? DEFAULTS.metricsNamespace));
  const notifier = once(() => new SnsNotifier(new SNSClient({ region: homeRegion() }), topicArnsFromEnv(env)));
  const secrets = once(() => cachingResolver(awsSecretResolver()));

  return {
    get logger() {
      return logger();
    },
    get log() {
      return log();
    },
    probeDeps: (config = loadBundledConfig(env)) => ({
      store: store(),
      metrics: metrics(),
      secrets: secrets(),
      log: log(),
      region: probeRegion(),
      concurrency: Number(env[ENV.probeConcurrency] ?? DEFAULTS.probeConcurrency),
      // History in the table is sampled (docs/cost.md); a config that does not say gets the default.
      config: { ...config, historySampleMinutes: config.historySampleMinutes ?? DEFAULTS.historySampleMinutes },
      notifier: notifier(),
      patrol: patrolBaselines(),
      overrides: new DynamoOverrides(store()),
      availability: store(),
    }),
    capacityDeps: (config) => ({
      store: capacityStore(),
      metrics: metrics(),
      fetchText,
      fetchJson,
      getMetricData: (sourceRegion, input) => getMetricData(cloudWatchFor(), sourceRegion, input),
      secrets: secrets(),
      log: log(),
      region: homeRegion(),
      alerts: {
        store: store(),
        notifier: notifier(),
        log: log(),
        alerting: config.alerting,
        maintenance: config.maintenance,
        // The capacity Lambda reads from one region: a quorum of one.
        regions: [homeRegion()],
      },
    }),
    relayDeps: (config = loadBundledConfig(env)) => ({
      store: store(),
      notifier: notifier(),
      log: log(),
      config,
      // SLO burn alarms exist in the home region only, so a probe region's relay never reads a
      // budget (and holds no GetMetricData grant); the metrics are in the home region.
      budget: new CloudWatchMetricMath(cloudWatchFor()(homeRegion())),
    }),
    chatDeps: (config = loadBundledConfig(env)) => chatRelayDeps(env, config, { table: store(), secrets: secrets(), log: log(), homeRegion: homeRegion() }),
    statusPageDeps: () => ({
      store: store(),
      notes: new DynamoIncidentNotes(store()),
      site: new S3StatusSite({ bucket: requiredEnv(env, ENV.statusBucket), region: homeRegion(), credentials: environmentCredentials(env) }),
      log: log(),
    }),
    incidentReader: () => {
      const notes = new DynamoIncidentNotes(store());
      return { incidentsOf: store().incidentsOf.bind(store()), notesOf: notes.notesOf.bind(notes) };
    },
  };
}

/** One handler's deps from a fresh root over `env` (tests that record what each handler reads). */
export const probeDepsFromEnv = (env: NodeJS.ProcessEnv, log: LogSink, config?: ResolvedConfig) => awsRoot(env, { log }).probeDeps(config);
export const capacityDepsFromEnv = (env: NodeJS.ProcessEnv, log: LogSink, config: Pick<ResolvedConfig, 'alerting' | 'maintenance'>) =>
  awsRoot(env, { log }).capacityDeps(config);
export const relayDepsFromEnv = (env: NodeJS.ProcessEnv, log: LogSink, config?: ResolvedConfig) => awsRoot(env, { log }).relayDeps(config);
export const chatDepsFromEnv = (env: NodeJS.ProcessEnv, log: LogSink, config?: ResolvedConfig) => awsRoot(env, { log }).chatDeps(config);
