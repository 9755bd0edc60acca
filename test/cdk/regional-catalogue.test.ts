import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config/load';
import { REPO_ROOT } from '../../lib/constructs/pantau-function';
import { buildApp } from './cdk-app';

/**
 * The generated regional catalogue (config/kpu-regions.yaml: 552 sites, 38 apps, two probe
 * regions) synthesizes, and every stack stays inside CloudFormation's per-template quotas. One
 * synth shared by every assertion (it is the slow part); dashboards' own widget and metric
 * limits are asserted in dashboard-limits.test.ts.
 */

/** CloudFormation quotas per template. */
const CFN = {
  resources: 500,
  outputs: 200,
  parameters: 200,
  mappings: 200,
  /** A template CDK uploads to S3 may be 1 MB; we keep under 1,000,000 bytes. */
  bodyBytes: 1_000_000,
};

interface Template {
  Resources?: Record<string, { Type: string }>;
  Outputs?: Record<string, unknown>;
  Parameters?: Record<string, unknown>;
  Mappings?: Record<string, unknown>;
}

let stacks: CloudFormationStackArtifact[];
/** Every template of the assembly, nested ones included, by file name. */
let templates: Map<string, Template>;

beforeAll(() => {
  const config = loadConfig(join(REPO_ROOT, 'config/kpu-regions.yaml'));
  const { app } = buildApp(config, { account: '123456789012' });
  const assembly = app.synth();
  stacks = assembly.stacks;
  templates = new Map(
    readdirSync(assembly.directory)
      .filter((f) => f.endsWith('.template.json'))
      .map((f) => [f, JSON.parse(readFileSync(join(assembly.directory, f), 'utf8')) as Template]),
  );
}, 600_000);

describe('config/kpu-regions.yaml synthesized with two regions', () => {
  it('gives the monitor stack in Jakarta and a probe stack in Singapore', () => {
    expect(stacks.map((s) => s.environment.region).sort()).toEqual(expect.arrayContaining(['ap-southeast-1', 'ap-southeast-3']));
  });

  it('every template, nested ones included, stays within CloudFormation quotas (resources, outputs, parameters, mappings, body size)', () => {
    // the monitor, the probe stack, the dashboards' nested stack and two SLO alarm stacks (24 + 14 apps)
    expect(templates.size).toBe(5);
    for (const [name, t] of templates) {
      expect(Object.keys(t.Resources ?? {}).length, `${name} resources`).toBeLessThanOrEqual(CFN.resources);
      expect(Object.keys(t.Outputs ?? {}).length, `${name} outputs`).toBeLessThanOrEqual(CFN.outputs);
      expect(Object.keys(t.Parameters ?? {}).length, `${name} parameters`).toBeLessThanOrEqual(CFN.parameters);
      expect(Object.keys(t.Mappings ?? {}).length, `${name} mappings`).toBeLessThanOrEqual(CFN.mappings);
      expect(Buffer.byteLength(JSON.stringify(t)), `${name} template bytes`).toBeLessThan(CFN.bodyBytes);
    }
  });

  it('schedules every shard of the 552 sites in each region: 23 probe schedules per region', () => {
    const schedules = (region: string) =>
      stacks
        .filter((s) => s.environment.region === region)
        .flatMap((s) => Object.values((s.template as Template).Resources ?? {}))
        .filter((r) => r.Type === 'AWS::Scheduler::Schedule');
    for (const region of ['ap-southeast-3', 'ap-southeast-1']) expect(schedules(region).length, region).toBeGreaterThanOrEqual(23);
  });

  it('has a dashboard per province and the SLO alarms of all 38 apps, in their nested stacks', () => {
    const count = (type: string) => [...templates.values()].flatMap((t) => Object.values(t.Resources ?? {})).filter((r) => r.Type === type).length;
    expect(count('AWS::CloudWatch::Dashboard')).toBe(40);
    // availability and latency: 3 rules each per app (no critical app in the regional catalogue, so no election-critical alarm)
    expect(count('AWS::CloudWatch::CompositeAlarm')).toBe(38 * 6);
    const nested = [...templates.entries()].filter(([file]) => file.includes('.nested.'));
    expect(nested.map(([, t]) => Object.values(t.Resources ?? {}).length).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(40 + 38 * 18);
  });
});
