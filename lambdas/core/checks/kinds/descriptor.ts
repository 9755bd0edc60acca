import type { CheckFacts } from '../../assertions';
import type { ProbeMetricName } from '../../metrics';
import type { Expectation, KindSettings, TargetSpec } from '../../types';
import type { CheckContext } from '../timing';

/**
 * Everything Pantau knows about one check kind, in one place: how its URLs read, which settings
 * and assertions it accepts, what it publishes and how it runs. The config loader, the probe
 * engine, the metric count and the dashboards all read these descriptors (registry.ts), so a
 * kind cannot be half-added: what a descriptor omits does not compile.
 */

/** An `expect:` field; `body` is the config's shorthand that folds into bodyContains & co. */
export type ExpectField = keyof Expectation | 'body';

/**
 * Target settings that only some kinds can use. A target that writes one its kind does not
 * accept is refused; one inherited from `defaults:` or an app is ignored.
 */
export type KindConfigField = 'method' | 'headers' | 'secretHeaders' | 'body' | 'maxRedirects' | 'maxBodyBytes' | 'tls';

/**
 * A URL as this kind reads it. `ok: false` without a problem means "not a usable URL at all":
 * the loader then answers with its one list of the schemes it takes.
 */
export type ParsedKindUrl = { ok: true; host: string; settings: KindSettings } | { ok: false; problem?: string };

/** What the engine hands a kind's run function besides the target and the check context. */
export interface KindRunInput {
  /** Header values resolved from secret references (only the http kind sends them). */
  secretHeaders: Record<string, string>;
}

/** What a run observed, for the assertions; the engine adds the total time and the certificate. */
export type KindObservation = Omit<CheckFacts, 'totalMs' | 'cert'>;

export interface CheckKindDescriptor {
  /** URL schemes of this kind, each with its usual service's port (shown in fixes). */
  schemes: Readonly<Record<string, number>>;
  /** How messages name the kind's targets: "a tcp:// target …". */
  label: string;
  /** Reads a URL already parsed by WHATWG and checked for credentials and authority. */
  parseUrl(url: URL, written: string): ParsedKindUrl;
  /** The kind-specific settings a target of this kind may write. */
  configFields: readonly KindConfigField[];
  /** The `expect:` fields this kind can evaluate, in the order messages list them. */
  expectFields: readonly ExpectField[];
  /** True when a check reports a certificate (CertDaysLeft, the dashboards' certificate widget). */
  reportsCertificate(target: Pick<TargetSpec, 'url'>): boolean;
  /**
   * The phase metrics a check publishes (DnsMs, ConnectMs, …). Up and LatencyMs come with every
   * kind, CertDaysLeft with every kind that reports a certificate: the engine adds those.
   */
  metricNames(target: Pick<TargetSpec, 'url'>): ProbeMetricName[];
  /**
   * Runs one check under `ctx.deadline`, recording phases in `ctx.phases` and certificates in
   * `ctx.certs`. A failure throws (a CheckFailure, or any error the engine classifies).
   */
  run(target: TargetSpec, input: KindRunInput, ctx: CheckContext): Promise<KindObservation>;
}
