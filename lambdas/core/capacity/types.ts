import type { SecretRef, Severity } from '../types';

/**
 * Capacity sources after validation (the `capacity:` section of the config), and the readings
 * they produce. Contract between lib/config, lambdas/core/capacity, the capacity Lambda and the CLI.
 */

export type CapacityUnit = 'bytes' | 'percent' | 'cores' | 'bps' | 'watts' | 'units';

/** Picks series from a Prometheus scrape and aggregates them into one number. */
export interface PromSelector {
  metric: string;
  /** Label matchers: exact value, or a regex when written `~regex` (e.g. fstype: "~^(ext4|xfs)$"). */
  labels?: Record<string, string>;
  /** Labels whose values must NOT match (`~regex` or exact). */
  notLabels?: Record<string, string>;
  /** How matching series combine (default sum). */
  aggregate: 'sum' | 'max' | 'min' | 'avg';
  /** Multiply the aggregated value (e.g. 8 to turn bytes into bits). Default 1. */
  scale?: number;
  /** Subtract another selector's value (e.g. filesystem used = size − free). */
  minus?: PromSelector;
}

/**
 * One capacity resource read from a Prometheus endpoint. Either `used` or `free` is given, and
 * `total` (a selector or a fixed number, e.g. a link speed or a PDU rating); or both `used` and
 * `free` with `total: 'used+free'` — the space usable by applications, as `df` counts it (blocks
 * reserved for root are neither used nor free to them). `rate: true` means the used selector is
 * a counter: utilisation comes from the rate between two samples.
 */
export interface PromResource {
  name: string;
  unit: CapacityUnit;
  used?: PromSelector;
  free?: PromSelector;
  total: PromSelector | number | 'used+free';
  rate?: boolean;
  /** An assumption behind the reading the operator should know about (copied to the reading). */
  note?: string;
}

export interface PrometheusSource {
  type: 'prometheus';
  url: string;
  /** `node-exporter` expands to cpu, memory, filesystem:<mountpoint>, network:<device>. */
  preset?: 'node-exporter';
  /** Link speed in bits/s for network:<device> when the exporter does not report one. */
  linkSpeedBps?: number;
  resources: PromResource[];
}

export interface JsonResource {
  name: string;
  unit: CapacityUnit;
  /** JMESPath expressions evaluated on the response body. */
  used?: string;
  free?: string;
  total: string | number;
}

export interface HttpJsonSource {
  type: 'http-json';
  url: string;
  headers: Record<string, string>;
  /** Request headers whose values come from SSM / Secrets Manager (never inline in the config). */
  secretHeaders?: Record<string, SecretRef>;
  resources: JsonResource[];
}

export interface CloudWatchResource {
  name: string;
  unit: CapacityUnit;
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  stat: string;
  /** `used` (the metric is what is used) or `free` (the metric is what is left). */
  meaning: 'used' | 'free';
  total: number;
  periodSeconds: number;
}

export interface CloudWatchSource {
  type: 'cloudwatch';
  region?: string;
  resources: CloudWatchResource[];
}

/**
 * Every capacity source type. A new type adds its spec here and its descriptor to the registry
 * (sources/registry.ts); the registry's type then refuses to compile until both agree.
 */
export type CapacitySourceSpec = PrometheusSource | HttpJsonSource | CloudWatchSource;
export type CapacitySourceType = CapacitySourceSpec['type'];

export interface CapacityThresholds {
  /** Utilisation % at which a resource is DEGRADED (warning). Default 80. */
  warnPct: number;
  /** Utilisation % at which a resource is DOWN (critical). Default 90. */
  criticalPct: number;
  /** Forecast alert when the resource is predicted full within this many hours. Default 72. */
  forecastHours: number;
  /**
   * Which resources raise forecast alerts: `storage` (default: filesystems and other byte
   * resources that accumulate), `all`, or `none`. CPU, memory and bandwidth swing with the daily
   * load, so a linear trend over a morning ramp would "predict" exhaustion every day — the same
   * reason node-mixin alerts on predict_linear for filesystems only. Forecasts are still shown.
   */
  forecastAlerts?: 'storage' | 'all' | 'none';
}

export interface CapacitySource {
  /** Unique id (`<site>/<index>` or the configured `id`). */
  id: string;
  /** Data centre / site name, e.g. PDN-Cikarang. */
  site: string;
  intervalMs: number;
  timeoutMs: number;
  severity: Severity;
  thresholds: CapacityThresholds;
  /** History used by the forecast; null = per-resource default (6 h fast resources, 7 d storage). */
  lookbackMs: number | null;
  source: CapacitySourceSpec;
}

/** One reading of one resource. JSON field names are a contract (`pantau capacity --json`). */
export interface CapacityReading {
  site: string;
  resource: string;
  unit: CapacityUnit;
  used: number;
  total: number;
  /** 0–100. */
  utilisation: number;
  /** total − used, in `unit`. */
  headroom: number;
  headroomPct: number;
  /** Hours until utilisation reaches 100 % at the current trend; null when unknown/not rising. */
  hoursToExhaustion: number | null;
  /** Hours until the critical threshold; null when unknown. */
  hoursToCritical: number | null;
  /** Why there is no forecast ("not enough data", "not rising"), when there is none. */
  forecastNote?: string;
  /** An assumption behind the reading (e.g. a link speed the exporter did not report). */
  note?: string;
  ts: string;
}
