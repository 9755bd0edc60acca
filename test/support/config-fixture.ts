import type { ResolvedConfig, VpcConfig } from '../../lambdas/core/config';
import type { TargetSpec } from '../../lambdas/core/types';
import { kindOf } from '../../lambdas/core/checks/kinds/registry';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_REDIRECTS } from '../../lambdas/core/types';

/**
 * Fully-defaulted TargetSpec / ResolvedConfig values for tests that do not go through the YAML
 * loader. The defaults mirror lib/config's; override only what the test is about.
 */
export function makeTarget(partial: Partial<TargetSpec> & { id: string; url: string }): TargetSpec {
  const kind = partial.kind ?? kindOf(partial.url) ?? 'http';
  return {
    app: partial.id,
    kind,
    intervalMs: 60_000,
    timeoutMs: 10_000,
    severity: 'high',
    tags: {},
    metrics: 'app',
    method: 'GET',
    headers: {},
    secretHeaders: {},
    maxRedirects: DEFAULT_MAX_REDIRECTS,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    tls: { insecureSkipVerify: false },
    expect: {},
    alerting: {
      failureThreshold: 3,
      successThreshold: 2,
      renotifyMinutes: 30,
      quorum: null,
      freshnessMs: 180_000,
      flapping: { transitions: 6, windowMs: 30 * 60_000 },
      failureRate: { of: 10, atLeast: 5, then: 'down', warnAtLeast: 3 },
    },
    ...partial,
  };
}

export function makeConfig(partial: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return {
    project: 'pantau',
    homeRegion: 'ap-southeast-3',
    regions: ['ap-southeast-3'],
    controls: [],
    metricsNamespace: 'Pantau',
    historyDays: 30,
    logRetentionDays: 365,
    shardSize: 25,
    concurrency: 50,
    alerting: {
      routes: { critical: 'critical', high: 'warning', low: 'info' },
      topics: { critical: { subscriptions: [] }, warning: { subscriptions: [] }, info: { subscriptions: [] } },
      storm: { threshold: 5, windowMs: 120_000 },
      timezone: 'Asia/Jakarta',
      language: 'en',
    },
    maintenance: [],
    tags: { project: 'pantau' },
    targets: [],
    capacity: [],
    ...partial,
  };
}

/** A `vpc:` as the loader resolves it, with these targets and capacity sources private. */
export function vpcFixture(privateTargets: string[], privateSources: string[] = [], over: Partial<VpcConfig> = {}): VpcConfig {
  return {
    vpcId: 'vpc-0a1b2c3d4e5f60718',
    subnetIds: ['subnet-0a1b2c3d4e5f60718'],
    securityGroupIds: ['sg-0a1b2c3d4e5f60718'],
    routeTableIds: [],
    privateZones: [],
    endpoints: 'create',
    privateTargets,
    privateSources,
    ...over,
  };
}
