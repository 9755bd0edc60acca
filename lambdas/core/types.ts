/**
 * Shared domain types: the contract between the config loader (lib/config), the pure probe
 * engine (lambdas/core), the adapters (store, metrics, notifier) and the CLI / Lambda handlers.
 *
 * Everything here is plain data that survives JSON.stringify: the CDK app validates the YAML
 * config at synth time and hands each probe Lambda its shard as JSON, already normalised into
 * these shapes, so the Lambda bundle needs no schema library.
 */

import type { PatrolVerdict } from './patrol/finding';
import type { PatrolSpec } from './patrol/spec';

import type { AlertRules } from './config';

/**
 * The check kinds. Each has one descriptor in checks/kinds/ (URL schemes, fields, metrics, run
 * function), listed in checks/kinds/registry.ts; the type checker refuses a kind named here
 * without its registry line.
 */
export type CheckKind = 'http' | 'tcp' | 'tls' | 'dns';

/** Business impact of a target going down; drives alert routing. */
export type Severity = 'critical' | 'high' | 'low';

/** How much CloudWatch detail a target gets. `app`: only per-app series; `detailed`: also per target. */
export type MetricsDetail = 'app' | 'detailed';

/**
 * Why a check failed. One class per failure, so alerts and dashboards can group causes.
 * - timeout: the overall deadline passed (connect, TLS, headers or body)
 * - dns: no usable address (NXDOMAIN, SERVFAIL, NODATA, CNAME loop / dangling, foreign owner, resolver unreachable)
 * - refused: TCP connection refused
 * - reset: the peer reset the connection (or closed it before the response head)
 * - unreachable: network/host unreachable
 * - tls: handshake failed or certificate not trusted / wrong name / expired
 * - cert_expiring: the certificate is valid but has fewer days left than expect.minCertDays
 * - status: HTTP status not in the expected set
 * - assertion: a body / JSON / header / latency / DNS-answer assertion failed
 * - body_too_large: the body exceeded the read cap
 * - redirects: more redirects than the limit, or a redirect loop
 * - protocol: the server broke the framing (bad HTTP, bad chunk, body cut short by a clean close,
 *   redirect without a usable Location, bad DNS packet)
 * - secret: a header secret reference could not be resolved
 * - config: the target's own settings cannot be sent (e.g. a header value HTTP cannot carry)
 * - error: anything else (the reason carries the detail)
 */
export type FailureClass =
  | 'timeout'
  | 'dns'
  | 'refused'
  | 'reset'
  | 'unreachable'
  | 'tls'
  | 'cert_expiring'
  | 'status'
  | 'assertion'
  | 'body_too_large'
  | 'redirects'
  | 'protocol'
  | 'secret'
  | 'config'
  | 'error';

/** A header value taken from a secret store at run time, never written inline in the config. */
export type SecretRef = { ssm: string } | { secretsManager: string; jsonKey?: string };

/** A JSON assertion: `path` is a JMESPath expression evaluated on the parsed body. */
export interface JsonAssertion {
  path: string;
  /** The value must equal this (deep equality on JSON values). */
  equals?: unknown;
  /** The value must (true) / must not (false) be non-null. */
  exists?: boolean;
  /** The value, as a string, must match this regular expression. */
  matches?: string;
}

export interface Expectation {
  /** Accepted HTTP status codes. Default: any 2xx or 3xx after redirects (200-399). */
  status?: number[];
  /** Keywords that must appear in the body. */
  bodyContains?: string[];
  /** Keywords that must NOT appear in the body (defacement markers, "maintenance" …). */
  bodyNotContains?: string[];
  /** Regular expressions (JS syntax) the body must match. */
  bodyMatches?: string[];
  /** Regular expressions the body must NOT match. */
  bodyNotMatches?: string[];
  json?: JsonAssertion[];
  /** Response headers that must be present; value is a regex the header must match ('' = present). */
  headers?: Record<string, string>;
  /** Hard latency bound (total ms); over it the check fails with `assertion`. */
  maxLatencyMs?: number;
  /** Soft latency bound: over it the check passes but is DEGRADED (alerting). */
  warnLatencyMs?: number;
  /** Certificate must have at least this many days left (fails with `cert_expiring`). */
  minCertDays?: number;
  /** Soft certificate bound: fewer days left than this is DEGRADED. */
  warnCertDays?: number;
  /** DNS: values that must be among the answers (IPs for A/AAAA, names for CNAME). */
  values?: string[];
  /** DNS: every answer must be one of these (addresses, CIDRs, names with an optional `*.`); judged by the security patrol. */
  allow?: string[];
}

export interface TlsOptions {
  /** PEM text of extra trusted CA certificates (the loader reads `tls.ca` files into this). */
  caPem?: string;
  /** Path the CA bundle was read from, for messages. */
  caFile?: string;
  /** Skip verification (still reports the certificate). Off by default. */
  insecureSkipVerify: boolean;
  /** SNI / name to verify, when it differs from the URL host. */
  serverName?: string;
  /** Security patrol: the certificate's issuer must contain this (a planned rotation). */
  expectIssuer?: string;
  /** Security patrol: accepted SPKI SHA-256 hashes (base64) of the leaf's key. */
  pins?: string[];
}

/**
 * Settings only one kind uses, read from the target's URL by that kind's descriptor
 * (dns://name?type=…&resolver=…). A new kind's URL settings go here.
 */
export interface KindSettings {
  /** DNS record type for dns:// targets. */
  dnsType?: 'A' | 'AAAA' | 'CNAME';
  /** DNS resolver `ip:port` for dns:// targets (default: system resolver). */
  dnsResolver?: string;
}

/** A target after validation and defaulting: what the probe engine receives. */
export interface TargetSpec extends KindSettings {
  id: string;
  app: string;
  url: string;
  kind: CheckKind;
  intervalMs: number;
  timeoutMs: number;
  severity: Severity;
  /** Owning team or person in charge, named in every alert about the target. */
  owner?: string;
  /** URL of the target's runbook (what on-call does when it pages), linked in every alert. */
  runbook?: string;
  /** The URL follows a naming rule but was never seen answering (`unconfirmed: true` in the config). */
  unconfirmed?: true;
  tags: Record<string, string>;
  metrics: MetricsDetail;
  /** HTTP method (http kind). */
  method: string;
  /** Literal request headers (never secrets). */
  headers: Record<string, string>;
  /** Request headers whose values come from SSM / Secrets Manager. */
  secretHeaders: Record<string, SecretRef>;
  /** Request body for POST/PUT checks. */
  body?: string;
  /** Maximum redirects followed; 0 = do not follow. */
  maxRedirects: number;
  /** Body read cap in bytes (default 1 MiB). */
  maxBodyBytes: number;
  tls: TlsOptions;
  expect: Expectation;
  /** Alert rule knobs (used by the alert engine). */
  alerting: TargetAlerting;
  /** Security patrol settings (patrol/spec.ts); absent = the defaults, patrol on. */
  patrol?: PatrolSpec;
}

/** Alert rule knobs of a target (see lambdas/core/config.ts AlertRules). */
export type TargetAlerting = AlertRules;

/** Per-phase timings in milliseconds (monotonic clock); null when the phase did not happen. */
export interface Phases {
  dns: number | null;
  connect: number | null;
  tls: number | null;
  ttfb: number | null;
  transfer: number | null;
  total: number;
}

export interface CertInfo {
  subject: string;
  issuer: string;
  /** SHA-256 fingerprint, colon-separated hex as node prints it. */
  fingerprint256: string;
  validFrom: string;
  validTo: string;
  daysLeft: number;
}

/** The outcome of one check of one target from one region. JSON field names are a contract. */
export interface CheckResult {
  target: string;
  app: string;
  kind: CheckKind;
  url: string;
  severity: Severity;
  ok: boolean;
  /** Failure class, null when ok. */
  error: FailureClass | null;
  /** One-line human reason ("ok", "HTTP 503 not in [200-399]", "connect timeout after 5000 ms" …). */
  reason: string;
  /** The whole reason when `reason` was cut to 300 characters (see checks/reason.ts); absent otherwise. */
  reasonFull?: string;
  /** HTTP status (http kind) or null. */
  status: number | null;
  latencyMs: number;
  phases: Phases;
  /**
   * The prober's worst event-loop delay (ms) while this check ran: how late its timestamps may
   * be, so a latency can be read with its error bar. Absent when no check ran (secret failure,
   * internal error).
   */
  loopDelayMs?: number;
  certDaysLeft: number | null;
  cert?: CertInfo;
  /** DNS answers, for dns kind. */
  answers?: string[];
  /** Soft-assertion warnings (latency over warnLatencyMs, cert under warnCertDays). */
  warnings: string[];
  /** The security patrol's verdict on this check (patrol/finding.ts); absent when the patrol did not look. */
  patrol?: PatrolVerdict;
  region: string;
  /** ISO-8601 UTC time the check started. */
  ts: string;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;
