import { Annotations, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { ResolvedConfig, VpcConfig } from '../../lambdas/core/config';
import type { CapacitySourceRegistry } from '../../lambdas/core/capacity/sources/registry';
import { planVpcEndpoints, type InterfaceEndpointService } from './vpc-plan';

/**
 * The existing VPC private capacity sources and private targets are reached through, imported
 * from its ids (no lookups: synth stays offline), and the endpoints the placed Lambdas (capacity,
 * VPC probes) need to reach DynamoDB, CloudWatch, SNS and their secrets without a NAT. Created
 * once per home stack and shared by both functions.
 */

/** What a Lambda needs to be placed in the VPC. */
export interface LambdaPlacement {
  vpc: ec2.IVpc;
  subnets: ec2.ISubnet[];
  securityGroups: ec2.ISecurityGroup[];
}

const INTERFACE_SERVICES: Record<InterfaceEndpointService, ec2.InterfaceVpcEndpointAwsService> = {
  dynamodb: ec2.InterfaceVpcEndpointAwsService.DYNAMODB,
  monitoring: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING,
  sns: ec2.InterfaceVpcEndpointAwsService.SNS,
  ssm: ec2.InterfaceVpcEndpointAwsService.SSM,
  secretsmanager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
};

export class VpcPlacement extends Construct {
  readonly placement: LambdaPlacement;

  constructor(scope: Construct, id: string, props: { config: ResolvedConfig & { vpc: VpcConfig }; sourceTypes?: CapacitySourceRegistry }) {
    super(scope, id);
    const { vpc: ids } = props.config;
    const vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: ids.vpcId,
      // Required by the import but never used: only the explicit subnets are selected. Tokens,
      // not Stack.availabilityZones, which in an account-bound stack is a context lookup.
      availabilityZones: ids.subnetIds.map((_, i) => Fn.select(i, Fn.getAzs())),
    });
    const subnets = ids.subnetIds.map((subnetId, i) => {
      const subnet = ec2.Subnet.fromSubnetId(this, `Subnet${i}`, subnetId);
      // The DynamoDB gateway endpoint takes vpc.routeTableIds directly; nothing reads a subnet's route table.
      Annotations.of(subnet).acknowledgeWarning('@aws-cdk/aws-ec2:noSubnetRouteTableId', 'route tables are given as vpc.routeTableIds');
      return subnet;
    });
    const securityGroups = ids.securityGroupIds.map((sg, i) => ec2.SecurityGroup.fromSecurityGroupId(this, `SecurityGroup${i}`, sg, { mutable: false }));
    this.placement = { vpc, subnets, securityGroups };

    const plan = planVpcEndpoints(props.config, props.sourceTypes);
    if (!plan) return;
    if (plan.gatewayRouteTableIds.length > 0) {
      new ec2.CfnVPCEndpoint(this, 'DynamoDbGateway', {
        vpcId: ids.vpcId,
        serviceName: `com.amazonaws.${Stack.of(this).region}.dynamodb`,
        vpcEndpointType: 'Gateway',
        routeTableIds: plan.gatewayRouteTableIds,
      });
    }
    if (plan.interfaces.length === 0) return;
    // The endpoints accept HTTPS only from the placed Lambda's own security groups.
    const endpointGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc,
      description: 'Pantau VPC endpoints: HTTPS from the security groups of the Lambdas placed in the VPC',
      allowAllOutbound: false,
    });
    ids.securityGroupIds.forEach((sg) => endpointGroup.addIngressRule(ec2.Peer.securityGroupId(sg), ec2.Port.tcp(443), `HTTPS from ${sg}`));
    for (const service of plan.interfaces) {
      new ec2.InterfaceVpcEndpoint(this, `Endpoint-${service}`, {
        vpc,
        service: INTERFACE_SERVICES[service],
        subnets: { subnets },
        securityGroups: [endpointGroup],
        privateDnsEnabled: true,
        open: false,
      });
    }
  }
}

/**
 * Lets a function's own role manage the network interfaces Lambda places in the VPC (the
 * managed AWSLambdaVPCAccessExecutionRole, written out: Pantau's roles carry no managed policies).
 */
export function grantVpcNetworking(role: iam.IRole): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
    resources: ['*'],
  }));
  NagSuppressions.addResourceSuppressions(role, [{
    id: 'AwsSolutions-IAM5',
    reason: 'Lambda creates its VPC network interfaces through the execution role; the EC2 network-interface actions do not support resource-level permissions before the interface exists (the same grant as AWSLambdaVPCAccessExecutionRole).',
    appliesTo: ['Resource::*'],
  }], true);
}
