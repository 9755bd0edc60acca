/**
 * Defaults both sides fall back to. The config loader fills a missing setting with them, and a
 * handler whose environment lacks a variable uses the same value, so an omitted setting means one
 * thing wherever it is read.
 */
export const DEFAULTS = {
  /** Jakarta: where the table, topics, metrics and dashboard live unless the config says otherwise. */
  homeRegion: 'ap-southeast-3',
  /** CloudWatch namespace of every metric Pantau publishes. */
  metricsNamespace: 'Pantau',
  /** How long check results and capacity samples stay in the table (its TTL). */
  historyDays: 30,
  /** Of a target's plain passes, history keeps about one per this many minutes per region (failures always). */
  historySampleMinutes: 5,
  /** Days the Lambda log groups keep their logs: one year, the Control Tower minimum (CT.CLOUDWATCH.PR.2). */
  logRetentionDays: 365,
  /** Checks one probe invocation runs at once. */
  probeConcurrency: 50,
  /** Memory (MB) of a Pantau Lambda that does not set its own: the probe's, and what `pantau cost` bills. */
  functionMemoryMb: 512,
} as const;

/** The retention periods CloudWatch Logs accepts, in days (anything else is refused at deploy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
