import type { ResolvedConfig } from '../../lambdas/core/config';
import type { SecretRef } from '../../lambdas/core/types';
import { capacityIamNeeds, type CapacitySourceRegistry } from '../../lambdas/core/capacity/sources/registry';

/**
 * Which VPC endpoints the Lambdas placed in the VPC (the capacity Lambda for private sources,
 * the VPC probe fleet for private targets) need, and what they cost. One set serves both.
 * Pure (no CDK), so `pantau validate` prints the same plan the stack deploys.
 */

export type InterfaceEndpointService = 'dynamodb' | 'monitoring' | 'sns' | 'ssm' | 'secretsmanager';

export interface VpcEndpointPlan {
  /** A DynamoDB gateway endpoint on these route tables (free); empty when DynamoDB goes through an interface endpoint. */
  gatewayRouteTableIds: string[];
  /** Interface endpoints to create, each in every subnet's AZ. */
  interfaces: InterfaceEndpointService[];
  /** AZs the endpoints' network interfaces sit in: one per subnet given (subnets are assumed to be in distinct AZs). */
  azCount: number;
}

/**
 * Interface endpoint price in ap-southeast-3 (Jakarta): about $0.01 per endpoint per AZ per hour
 * (AWS PrivateLink pricing; data processed, $0.01/GB, is extra and small for Pantau). Gateway
 * endpoints are free.
 */
export const INTERFACE_ENDPOINT_USD_PER_AZ_HOUR = 0.01;
const HOURS_PER_MONTH = 730;

/** Something runs in the VPC: a private capacity source or a private target. */
export function placesInVpc(config: Pick<ResolvedConfig, 'vpc'>): boolean {
  return !!config.vpc && (config.vpc.privateSources.length > 0 || config.vpc.privateTargets.length > 0);
}

/**
 * The secrets the functions in the VPC read: every capacity source's once the capacity Lambda
 * runs there (one Lambda reads them all), and the headers of the private targets.
 */
function secretsReadInVpc(config: ResolvedConfig, registry?: CapacitySourceRegistry): SecretRef[] {
  const vpc = config.vpc!;
  const capacity = vpc.privateSources.length > 0 ? capacityIamNeeds(config.capacity, registry).secrets : [];
  const targets = config.targets.filter((t) => vpc.privateTargets.includes(t.id));
  return [...capacity, ...targets.flatMap((t) => Object.values(t.secretHeaders))];
}

/** The endpoints to create; undefined when nothing is placed in the VPC or the subnets already reach AWS through a NAT. */
export function planVpcEndpoints(config: ResolvedConfig, registry?: CapacitySourceRegistry): VpcEndpointPlan | undefined {
  const vpc = config.vpc;
  if (!vpc || !placesInVpc(config) || vpc.endpoints !== 'create') return undefined;
  const secrets = secretsReadInVpc(config, registry);
  const gateway = vpc.routeTableIds.length > 0;
  const interfaces: InterfaceEndpointService[] = [
    ...(gateway ? [] : (['dynamodb'] as const)),
    'monitoring',
    'sns',
    ...(secrets.some((s) => 'ssm' in s) ? (['ssm'] as const) : []),
    ...(secrets.some((s) => 'secretsManager' in s) ? (['secretsmanager'] as const) : []),
  ];
  return { gatewayRouteTableIds: vpc.routeTableIds, interfaces, azCount: vpc.subnetIds.length };
}

/** Monthly cost of the interface endpoints (730 hours), in US dollars. */
export function endpointMonthlyUsd(plan: VpcEndpointPlan): number {
  return plan.interfaces.length * plan.azCount * INTERFACE_ENDPOINT_USD_PER_AZ_HOUR * HOURS_PER_MONTH;
}

/** The line `pantau validate` prints, e.g. "VPC endpoints: 3 interface (monitoring, sns, ssm) × 2 AZ + DynamoDB gateway ≈ $43.80/month". */
export function endpointCostLine(config: ResolvedConfig, registry?: CapacitySourceRegistry): string | undefined {
  const vpc = config.vpc;
  if (!vpc || !placesInVpc(config)) return undefined;
  if (vpc.endpoints === 'existing-nat') return 'VPC endpoints: none created (vpc.endpoints: existing-nat — the subnets reach AWS through your NAT)';
  const plan = planVpcEndpoints(config, registry)!;
  const gateway = plan.gatewayRouteTableIds.length > 0 ? ' + DynamoDB gateway (free)' : '';
  const usd = endpointMonthlyUsd(plan).toFixed(2);
  return `VPC endpoints: ${plan.interfaces.length} interface (${plan.interfaces.join(', ')}) × ${plan.azCount} AZ${gateway} ≈ $${usd}/month at $${INTERFACE_ENDPOINT_USD_PER_AZ_HOUR}/endpoint/AZ/hour`;
}
