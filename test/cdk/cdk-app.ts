import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Aspects } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { TargetSpec } from '../../lambdas/core/types';
import type { CapacitySource } from '../../lambdas/core/capacity/types';
import { makeConfig, makeTarget } from '../support/config-fixture';
import { REPO_ROOT } from '../../lib/constructs/pantau-function';
import { createPantauStacks, type PantauStacks } from '../../lib/stacks/pantau-app';

/**
 * Test helpers for the CDK app. `new App()` does not read cdk.json, so the tests pass its context
 * in (feature flags then match `cdk synth`), and skip bundling unless a test asks for it.
 */

export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
}

export interface SynthOptions {
  /** Really bundle the Lambda code (slow); default false. */
  bundle?: boolean;
  outdir?: string;
  account?: string;
  nag?: boolean;
}

export function buildApp(config: ResolvedConfig, options: SynthOptions = {}): { app: App; stacks: PantauStacks } {
  const app = new App({
    outdir: options.outdir,
    context: {
      ...cdkJsonContext(),
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const stacks = createPantauStacks(app, config, { account: options.account });
  if (options.nag) Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return { app, stacks };
}

export function monitorTemplate(config: ResolvedConfig, options: SynthOptions = {}): Template {
  const { stacks } = buildApp(config, options);
  return Template.fromStack(stacks.monitor);
}

/** A config exercising every construct: two regions, secrets, subscriptions, capacity optional. */
export function sampleConfig(partial: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return makeConfig({
    regions: ['ap-southeast-3', 'ap-southeast-1'],
    shardSize: 2,
    tags: { project: 'pantau', owner: 'kpu-infra' },
    targets: [
      makeTarget({ id: 'kpu-www', url: 'https://www.kpu.go.id/', app: 'kpu', severity: 'critical' }),
      makeTarget({ id: 'sirekap-web', url: 'https://sirekap-web.kpu.go.id/', app: 'sirekap', severity: 'critical' }),
      makeTarget({
        id: 'sirekap-api',
        url: 'https://sirekap-api.kpu.go.id/health',
        app: 'sirekap',
        secretHeaders: { Authorization: { ssm: '/pantau/sirekap/token' } },
      }),
      makeTarget({
        id: 'sipol',
        url: 'https://sipol.kpu.go.id/',
        app: 'sipol',
        intervalMs: 30_000,
        timeoutMs: 5_000,
        secretHeaders: { 'X-Api-Key': { secretsManager: 'pantau/sipol', jsonKey: 'key' } },
      }),
      makeTarget({ id: 'jdih', url: 'https://jdih.kpu.go.id/', app: 'jdih', intervalMs: 300_000, severity: 'low' }),
      makeTarget({ id: 'kpu-dns', url: 'dns://kpu.go.id', app: 'kpu', kind: 'dns' }),
    ],
    alerting: {
      ...makeConfig().alerting,
      topics: {
        critical: {
          subscriptions: [
            { protocol: 'sms', endpoint: '+628110000001', filter: { kind: ['down', 'recovered'] } },
            { protocol: 'email', endpoint: 'oncall@kpu.go.id' },
          ],
        },
        warning: {
          subscriptions: [{ protocol: 'email', endpoint: 'sirekap-team@kpu.go.id', filter: { app: ['sirekap'], kind: ['down', 'recovered', 'degraded'] } }],
        },
        info: { subscriptions: [{ protocol: 'https', endpoint: 'https://chat.kpu.go.id/hooks/pantau' }] },
      },
    },
    ...partial,
  });
}

/**
 * Capacity sources of every kind: an http-json DCIM with a secret header (1 min), a node_exporter
 * preset (1 min) and CloudWatch metrics (5 min).
 */
export function sampleCapacity(): CapacitySource[] {
  const common = {
    timeoutMs: 5_000,
    severity: 'high' as const,
    thresholds: { warnPct: 80, criticalPct: 90, forecastHours: 72 },
    lookbackMs: null,
  };
  return [
    {
      ...common,
      id: 'PDN-Cikarang/0',
      site: 'PDN-Cikarang',
      intervalMs: 60_000,
      source: {
        type: 'http-json',
        url: 'http://127.0.0.1:9/dcim',
        headers: {},
        secretHeaders: { Authorization: { ssm: '/pantau/dcim/token' } },
        resources: [{ name: 'power', unit: 'watts', used: 'load', total: 'rating' }],
      },
    },
    {
      ...common,
      id: 'PDN-Batam/0',
      site: 'PDN-Batam',
      intervalMs: 60_000,
      source: { type: 'prometheus', url: 'http://127.0.0.1:9100/metrics', preset: 'node-exporter', resources: [] },
    },
    {
      ...common,
      id: 'aws/0',
      site: 'aws-jakarta',
      intervalMs: 300_000,
      source: {
        type: 'cloudwatch',
        resources: [
          {
            name: 'sirekap-db-storage',
            unit: 'bytes',
            namespace: 'AWS/RDS',
            metric: 'FreeStorageSpace',
            dimensions: { DBInstanceIdentifier: 'sirekap' },
            stat: 'Minimum',
            meaning: 'free',
            total: 500e9,
            periodSeconds: 300,
          },
        ],
      },
    },
  ];
}

const VPC_SUBNETS = ['subnet-0a1b2c3d4e5f60718', 'subnet-1a2b3c4d5e6f70819'];
const VPC_SGS = ['sg-0a1b2c3d4e5f60718'];

/** The sample config plus an internal application on 10.0.0.5, reached through the VPC. */
export function privateTargetConfig(): ResolvedConfig {
  const base = sampleConfig();
  const internal: TargetSpec = makeTarget({ id: 'sidalih-internal', url: 'tcp://10.0.0.5:5432', app: 'sidalih', kind: 'tcp' });
  return sampleConfig({
    targets: [...base.targets, internal],
    vpc: {
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      subnetIds: VPC_SUBNETS,
      securityGroupIds: VPC_SGS,
      routeTableIds: ['rtb-0a1b2c3d4e5f60718'],
      privateZones: [],
      endpoints: 'create',
      privateTargets: ['sidalih-internal'],
      privateSources: [],
    },
  });
}
