import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, privateTargetConfig } from './cdk-app';

/**
 * Private targets (an internal application on 10.x) are probed by a second fleet placed in the
 * configured VPC, from the home region only; everything else stays on the internet fleet in
 * every probe region.
 */

const SUBNETS = ['subnet-0a1b2c3d4e5f60718', 'subnet-1a2b3c4d5e6f70819'];
const SGS = ['sg-0a1b2c3d4e5f60718'];

type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = (template: Template, type: string): Resource[] =>
  Object.values(template.toJSON().Resources as Record<string, Resource>).filter((r) => r.Type === type);

/** Schedule name → its target ids, from each schedule's input. */
function scheduledTargets(template: Template): Map<string, string[]> {
  return new Map(
    resources(template, 'AWS::Scheduler::Schedule').flatMap((s) => {
      const input = JSON.parse(String((s.Properties.Target as { Input: string }).Input)) as { shard?: string; targetIds?: string[] };
      return input.shard ? [[input.shard, input.targetIds ?? []] as const] : [];
    }),
  );
}

describe('VPC probe fleet for private targets', () => {
  let monitor: Template;
  let remote: Template[];
  beforeAll(() => {
    const { stacks } = buildApp(privateTargetConfig());
    monitor = Template.fromStack(stacks.monitor);
    remote = stacks.probes.map((s) => Template.fromStack(s));
  });

  it('runs a second probe function in the given subnets and security groups, the first stays outside', () => {
    const probes = resources(monitor, 'AWS::Lambda::Function').filter((f) => String(f.Properties.Description ?? '').includes('probe ('));
    expect(probes).toHaveLength(2);
    const inVpc = probes.filter((f) => f.Properties.VpcConfig);
    expect(inVpc).toHaveLength(1);
    expect(inVpc[0]!.Properties.VpcConfig).toEqual({ SubnetIds: SUBNETS, SecurityGroupIds: SGS });
    expect(String(inVpc[0]!.Properties.Description)).toMatch(/VPC probe/);
  });

  it('schedules the private target only on vpc- shards at home, never on the internet fleet or in other regions', () => {
    const home = scheduledTargets(monitor);
    const vpcShards = [...home].filter(([name]) => name.startsWith('vpc-'));
    expect(vpcShards.map(([, ids]) => ids)).toEqual([['sidalih-internal']]);
    for (const [name, ids] of home) if (!name.startsWith('vpc-')) expect(ids).not.toContain('sidalih-internal');
    expect(remote.length).toBeGreaterThan(0);
    for (const template of remote) {
      const shards = scheduledTargets(template);
      expect([...shards.keys()].some((n) => n.startsWith('vpc-'))).toBe(false);
      expect([...shards.values()].flat()).not.toContain('sidalih-internal');
      expect([...shards.values()].flat().length).toBeGreaterThan(0);
    }
  });

  it('watches the vpc shard with a dead-man alarm in the home region only', () => {
    const names = resources(monitor, 'AWS::CloudWatch::Alarm').map((a) => String(a.Properties.AlarmName));
    const vpcDeadMen = names.filter((n) => /deadman-vpc-/.test(n));
    expect(vpcDeadMen).toHaveLength(1);
    expect(vpcDeadMen[0]).toMatch(/ap-southeast-3/);
  });

  it('creates the endpoints the VPC probes need even with no private capacity source', () => {
    const endpoints = resources(monitor, 'AWS::EC2::VPCEndpoint');
    expect(endpoints.filter((e) => e.Properties.VpcEndpointType === 'Gateway')).toHaveLength(1);
    const services = endpoints
      .filter((e) => e.Properties.VpcEndpointType === 'Interface')
      .map((e) => JSON.stringify(e.Properties.ServiceName).replace(/.*ap-southeast-3\.([a-z]+).*/, '$1'))
      .sort();
    expect(services).toEqual(['monitoring', 'sns']);
  });

  it("lets only the VPC probe's role manage network interfaces", () => {
    const vpcPolicies = resources(monitor, 'AWS::IAM::Policy').filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('ec2:CreateNetworkInterface'));
    expect(vpcPolicies).toHaveLength(1);
    expect(JSON.stringify(vpcPolicies[0]!.Properties.Roles)).toMatch(/VpcProbes/);
  });
});
