import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config/load';
import { endpointCostLine, endpointMonthlyUsd, planVpcEndpoints } from '../../lib/constructs/vpc-plan';

const PRIVATE_SOURCE = 'capacity:\n  - { site: pdn, source: { type: prometheus, url: "http://10.20.0.11:9100/metrics", preset: node-exporter } }\n';
const vpc = (extra = '') => `vpc: { vpcId: vpc-0a1b2c3d, subnetIds: [subnet-0a1b2c3d, subnet-1a2b3c4d, subnet-2a3b4c5d], securityGroupIds: [sg-0a1b2c3d]${extra} }\n`;

describe('planVpcEndpoints', () => {
  it('without route tables: DynamoDB, CloudWatch and SNS interface endpoints; no secret endpoint when no secret is read', () => {
    const plan = planVpcEndpoints(parseConfig(vpc() + PRIVATE_SOURCE))!;
    expect(plan).toEqual({ gatewayRouteTableIds: [], interfaces: ['dynamodb', 'monitoring', 'sns'], azCount: 3 });
    expect(endpointMonthlyUsd(plan)).toBeCloseTo(3 * 3 * 0.01 * 730);
  });

  it('with route tables: a free DynamoDB gateway endpoint instead of the interface one', () => {
    const config = parseConfig(vpc(', routeTableIds: [rtb-0a1b2c3d]') + PRIVATE_SOURCE);
    expect(planVpcEndpoints(config)).toEqual({ gatewayRouteTableIds: ['rtb-0a1b2c3d'], interfaces: ['monitoring', 'sns'], azCount: 3 });
    expect(endpointCostLine(config)).toBe('VPC endpoints: 2 interface (monitoring, sns) × 3 AZ + DynamoDB gateway (free) ≈ $43.80/month at $0.01/endpoint/AZ/hour');
  });

  it('a Secrets Manager secret adds its endpoint', () => {
    const config = parseConfig(`${vpc()}capacity:
  - site: pdn
    source: { type: http-json, url: "https://10.0.0.9/", secretHeaders: { Authorization: { secretsManager: pantau/dcim } }, resources: [{ name: rack, unit: units, used: u, total: 42 }] }
`);
    expect(planVpcEndpoints(config)?.interfaces).toEqual(['dynamodb', 'monitoring', 'sns', 'secretsmanager']);
  });

  it('existing-nat creates none and says so; no private source, no line at all', () => {
    const nat = parseConfig(vpc(', endpoints: existing-nat') + PRIVATE_SOURCE);
    expect(planVpcEndpoints(nat)).toBeUndefined();
    expect(endpointCostLine(nat)).toBe('VPC endpoints: none created (vpc.endpoints: existing-nat — the subnets reach AWS through your NAT)');
    const none = parseConfig(`${vpc()}targets:\n  - { id: web, url: "https://www.kpu.go.id/" }\n`);
    expect(endpointCostLine(none)).toBeUndefined();
  });
});
