import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Aspects } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedConfig, VpcConfig } from '../../lambdas/core/config';
import { buildApp, sampleCapacity, sampleConfig } from './cdk-app';

const SUBNETS = ['subnet-0a1b2c3d4e5f60718', 'subnet-1a2b3c4d5e6f70819'];
const SGS = ['sg-0a1b2c3d4e5f60718'];

/** The sample config with its Batam node_exporter on a private address, read through the VPC. */
function privateConfig(vpc: Partial<VpcConfig> = {}): ResolvedConfig {
  const capacity = sampleCapacity().map((s) =>
    s.id === 'PDN-Batam/0' && s.source.type === 'prometheus' ? { ...s, source: { ...s.source, url: 'http://10.20.0.11:9100/metrics' } } : s,
  );
  return sampleConfig({
    capacity,
    vpc: {
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      subnetIds: SUBNETS,
      securityGroupIds: SGS,
      routeTableIds: [],
      privateZones: [],
      endpoints: 'create',
      privateTargets: [],
      privateSources: ['PDN-Batam/0'],
      ...vpc,
    },
  });
}

type Resource = { Type: string; Properties: Record<string, unknown> };

function resources(template: Template, type: string): Resource[] {
  return Object.values(template.toJSON().Resources as Record<string, Resource>).filter((r) => r.Type === type);
}

function serviceOf(fn: Resource): string {
  return (fn.Properties.Environment as { Variables: Record<string, string> }).Variables.POWERTOOLS_SERVICE_NAME!;
}

/** Interface endpoint service names, their region prefix dropped: "monitoring", "sns" … */
function interfaceServices(template: Template): string[] {
  return resources(template, 'AWS::EC2::VPCEndpoint')
    .filter((r) => r.Properties.VpcEndpointType === 'Interface')
    .map((r) => JSON.stringify(r.Properties.ServiceName).replace(/.*ap-southeast-3\.([a-z]+).*/, '$1'))
    .sort();
}

describe('VPC placement of private capacity sources', () => {
  let app: ReturnType<typeof buildApp>;
  let monitor: Template;
  beforeAll(() => {
    app = buildApp(privateConfig());
    monitor = Template.fromStack(app.stacks.monitor);
  });

  it('places the capacity Lambda in the given subnets with the given security groups', () => {
    const capacity = resources(monitor, 'AWS::Lambda::Function').find((f) => serviceOf(f) === 'pantau-capacity')!;
    expect(capacity.Properties.VpcConfig).toEqual({ SubnetIds: SUBNETS, SecurityGroupIds: SGS });
  });

  it('leaves every other function — the probes above all — outside any VPC', () => {
    const others = [app.stacks.monitor, ...app.stacks.probes]
      .flatMap((stack) => resources(Template.fromStack(stack), 'AWS::Lambda::Function'))
      .filter((f) => f.Properties.Environment && serviceOf(f) !== 'pantau-capacity');
    expect(others.length).toBeGreaterThan(0);
    expect(others.filter((f) => f.Properties.VpcConfig !== undefined).map(serviceOf)).toEqual([]);
  });

  it('creates interface endpoints for DynamoDB, CloudWatch, SNS and SSM (the sources read an SSM secret) in the subnets', () => {
    expect(interfaceServices(monitor)).toEqual(['dynamodb', 'monitoring', 'sns', 'ssm']);
    for (const endpoint of resources(monitor, 'AWS::EC2::VPCEndpoint')) {
      expect(endpoint.Properties).toMatchObject({ VpcId: 'vpc-0a1b2c3d4e5f60718', SubnetIds: SUBNETS, PrivateDnsEnabled: true });
    }
    monitor.hasResourceProperties('AWS::EC2::SecurityGroup', {
      VpcId: 'vpc-0a1b2c3d4e5f60718',
      SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: SGS[0] }],
    });
  });

  it("lets the capacity role manage the Lambda's network interfaces", () => {
    monitor.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface']), Resource: '*' })]) },
    });
  });

  it('with routeTableIds, DynamoDB goes through a gateway endpoint on them instead', () => {
    const template = Template.fromStack(buildApp(privateConfig({ routeTableIds: ['rtb-0a1b2c3d4e5f60718'] })).stacks.monitor);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      RouteTableIds: ['rtb-0a1b2c3d4e5f60718'],
      ServiceName: Match.stringLikeRegexp('dynamodb'),
    });
    expect(interfaceServices(template)).toEqual(['monitoring', 'sns', 'ssm']);
  });

  it('with endpoints: existing-nat, creates no endpoint but still places the Lambda', () => {
    const template = Template.fromStack(buildApp(privateConfig({ endpoints: 'existing-nat' })).stacks.monitor);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    const capacity = resources(template, 'AWS::Lambda::Function').find((f) => serviceOf(f) === 'pantau-capacity')!;
    expect(capacity.Properties.VpcConfig).toEqual({ SubnetIds: SUBNETS, SecurityGroupIds: SGS });
  });

  it('a vpc: without private sources places nothing', () => {
    const template = Template.fromStack(buildApp(privateConfig({ privateSources: [] })).stacks.monitor);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    expect(resources(template, 'AWS::Lambda::Function').filter((f) => f.Properties.VpcConfig)).toEqual([]);
  });

  it('synthesizes offline: an account-bound app asks for no context lookup (AZs, VPC)', () => {
    const bound = buildApp(privateConfig(), { account: '111122223333' });
    expect(bound.app.synth().manifest.missing ?? []).toEqual([]);
    const warnings = Annotations.fromStack(bound.stacks.monitor).findWarning('*', Match.anyValue());
    expect(warnings.map((w) => String(w.entry.data))).toEqual([]);
  });

  it('leaves no unsuppressed cdk-nag finding', () => {
    const { app: nagApp, stacks } = buildApp(privateConfig());
    Aspects.of(nagApp).add(new AwsSolutionsChecks({ verbose: true }));
    const annotations = Annotations.fromStack(stacks.monitor);
    const findings = [...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-')), ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-'))];
    expect(findings.map((f) => `${f.id}: ${String(f.entry.data).split(':')[0]}`)).toEqual([]);
  }, 120_000);
});
