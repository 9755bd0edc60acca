/**
 * The per-check figures the cost model rests on: what one check costs in CPU, how long one wave
 * of checks waits on the network, and how big the items one check writes are. Measured figures
 * say which run measured them; assumed ones say so, and docs/cost.md shows how each moves the
 * total.
 */

/**
 * CPU per plain-HTTP (or TCP / DNS) check: `bench/results.json` → `summary[concurrency 100]
 * .pantau.cpuMsPerCheck` (`npm run bench`, 2-core machine, fresh connection per check).
 */
export const CPU_MS_PER_PLAIN_CHECK = 0.46;

/**
 * CPU per HTTPS (or tls://) check: the side-by-side run against blackbox_exporter on the same
 * machine (HTTPS at 100-way, fresh connection and full handshake per check). Four times the
 * plain figure: the handshake and certificate reading dominate.
 */
export const CPU_MS_PER_TLS_CHECK = 2.0;

/**
 * Assumed wall time of one wave of concurrent checks against real sites from the same region
 * (DNS + connect + TLS + first byte + body): the Lambda is billed for this wait, not only for
 * its CPU.
 */
export const WAVE_WALL_MS = 300;

/** Assumed per-round wall time of the sinks (result batch write, state reads/writes, PutMetricData) running in parallel. */
export const SINK_WALL_MS_PER_ROUND = 150;

/** Memory (MB) at which Lambda gives a function one full vCPU; below it CPU work stretches in proportion. */
export const MB_PER_VCPU = 1769;

/** Assumed size of one stored check result (keys, timings, status, certificate days): ≤ 1 KB, one write unit. */
export const RESULT_ITEM_KB = 0.6;

/** Assumed size of one subject's state item (streaks per region, flapping history, pending outbox): ≤ 1 KB. */
export const STATE_ITEM_KB = 1.0;

/** Alerts per target-month, for SNS: a generous figure (a flaky site every other day, each alert and its recovery). */
export const ALERTS_PER_TARGET_MONTH = 30;

/** Status-page assumptions when the config has one: a small static page and its JSON, read through CloudFront. */
export const STATUS_PAGE = { storageGb: 0.01, viewsPerMonth: 1_000_000, kbPerView: 60 } as const;

/** Assumed log volume of one invocation (Lambda's START / END / REPORT lines and one summary line). */
export const LOG_KB_PER_INVOCATION = 1.5;

/**
 * Assumed size of the Embedded Metric Format record one shard round would log instead of a
 * PutMetricData call (the per-app series of its targets as one JSON line): the EMF knob only.
 */
export const EMF_KB_PER_ROUND = 1.0;
