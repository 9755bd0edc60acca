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
  /** Checks one probe invocation runs at once. */
  probeConcurrency: 50,
} as const;
