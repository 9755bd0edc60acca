import { describe, expect, it } from 'vitest';
import { CAPACITY_SOURCES } from '../../lambdas/core/capacity/sources/registry';
import { parseConfig } from '../../lib/config/load';
import { problemsOf } from '../support/config-problems';
import { privateReason } from '../../lib/config/private-network';

const VPC = `vpc:
  vpcId: vpc-0a1b2c3d4e5f60718
  subnetIds: [subnet-0a1b2c3d4e5f60718, subnet-1a2b3c4d]
  securityGroupIds: [sg-0a1b2c3d]
  privateZones: [pdn.go.id, .internal.]
`;

function problems(yaml: string): string[] {
  return problemsOf(() => parseConfig(yaml));
}

describe('privateReason', () => {
  it('RFC 1918 and fc00::/7 are private addresses; their neighbours, loopback and public names are not', () => {
    const hosts = ['10.0.0.5', '172.16.0.1', '172.31.255.255', '192.168.1.1', 'fd12::1', '[fc00::1]', '::ffff:10.1.2.3'];
    expect(hosts.map((h) => privateReason(h))).toEqual(hosts.map(() => 'private address'));
    const publicHosts = ['172.15.0.1', '172.32.0.1', '192.169.0.1', '11.0.0.1', '127.0.0.1', '::1', 'fe80::1', '2001:db8::1', 'kpu.go.id'];
    expect(publicHosts.map((h) => privateReason(h))).toEqual(publicHosts.map(() => undefined));
  });

  it('a name under a private zone is private; a name that only ends in the same letters is not', () => {
    expect(privateReason('node1.pdn.go.id', ['pdn.go.id'])).toBe('private zone');
    expect(privateReason('PDN.GO.ID.', ['.pdn.go.id.'])).toBe('private zone');
    expect(privateReason('notpdn.go.id', ['pdn.go.id'])).toBeUndefined();
    expect(privateReason('node1.pdn.go.id')).toBeUndefined();
  });
});

describe('capacity source descriptors declare the host they reach', () => {
  it('prometheus and http-json reach their URL host; cloudwatch only an AWS API', () => {
    const resources: never[] = [];
    expect(CAPACITY_SOURCES.prometheus.networkHost({ type: 'prometheus', url: 'http://10.1.2.3:9100/metrics', resources })).toBe('10.1.2.3');
    expect(CAPACITY_SOURCES['http-json'].networkHost({ type: 'http-json', url: 'https://[fd00::7]/dcim', headers: {}, resources })).toBe('fd00::7');
    expect(CAPACITY_SOURCES.cloudwatch.networkHost({ type: 'cloudwatch', resources } as never)).toBeUndefined();
  });
});

describe('private hosts need vpc:', () => {
  it('a private capacity source or target without vpc: is refused, naming the field and the fix', () => {
    expect(problems(`targets:
  - { id: db, url: "tcp://192.168.10.5:5432" }
capacity:
  - { site: pdn, source: { type: prometheus, url: "http://10.20.0.11:9100/metrics", preset: node-exporter } }
`)).toEqual([
      'targets[0].url: 192.168.10.5 is a private address (10/8, 172.16/12, 192.168/16 or fc00::/7) that a Lambda outside a VPC cannot reach — add a top-level vpc: { vpcId, subnetIds, securityGroupIds } joined to that network (docs/config.md "vpc"), or use a public address (line 2)',
      'capacity[0].source.url: 10.20.0.11 is a private address (10/8, 172.16/12, 192.168/16 or fc00::/7) that a Lambda outside a VPC cannot reach — add a top-level vpc: { vpcId, subnetIds, securityGroupIds } joined to that network (docs/config.md "vpc"), or use a public address (line 4)',
    ]);
  });

  it('a DNS check asking a private resolver is private too', () => {
    expect(problems('targets:\n  - { id: ns, url: "dns://kpu.go.id?resolver=10.0.0.2:53" }\n')).toEqual([
      expect.stringMatching(/^targets\[0\]\.url: 10\.0\.0\.2 is a private address .* \(line 2\)$/),
    ]);
  });

  it('private: true without vpc: is refused on the private field', () => {
    expect(problems('capacity:\n  - { site: pdn, private: true, source: { type: http-json, url: "https://dcim.pdn.go.id/", resources: [{ name: rack, unit: units, used: u, total: 42 }] } }\n')).toEqual([
      'capacity[0].private: a private capacity source runs in a VPC, and the config has none — add a top-level vpc: { vpcId, subnetIds, securityGroupIds }, or remove private: true (line 2)',
    ]);
  });

  it('private: false cannot make a private address public', () => {
    expect(problems(`${VPC}targets:\n  - { id: db, private: false, url: "tcp://10.0.0.5:5432" }\n`)).toEqual([
      expect.stringMatching(/^targets\[0\]\.private: is false, but 10\.0\.0\.5 is a private address/),
    ]);
  });

  it('loopback stays allowed without vpc: (local runs)', () => {
    const config = parseConfig(`targets:
  - { id: db, url: "tcp://127.0.0.1:5432" }
  - { id: db6, url: "tcp://[::1]:5432" }
capacity:
  - { site: pdn, source: { type: prometheus, url: "http://127.0.0.1:9100/metrics", preset: node-exporter } }
`);
    expect(config.vpc).toBeUndefined();
    expect(config.targets).toHaveLength(2);
  });
});

describe('vpc:', () => {
  const config = parseConfig(`${VPC}targets:
  - { id: web, url: "https://www.kpu.go.id/" }
  - { id: db, url: "tcp://10.0.0.5:5432" }
  - { id: sirekap-int, url: "https://sirekap.internal/health" }
  - { id: flagged, private: true, url: "https://intranet.kpu.go.id/" }
capacity:
  - { site: pdn, source: { type: prometheus, url: "http://node1.pdn.go.id:9100/metrics", preset: node-exporter } }
  - { site: aws, source: { type: cloudwatch, region: ap-southeast-3, resources: [{ name: cpu, unit: percent, namespace: AWS/EC2, metric: CPUUtilization, dimensions: { InstanceId: i-0123 }, stat: Average, total: 100 }] } }
`);

  it('resolves the ids, defaults endpoints to create, and lists what is private', () => {
    expect(config.vpc).toEqual({
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-1a2b3c4d'],
      securityGroupIds: ['sg-0a1b2c3d'],
      routeTableIds: [],
      privateZones: ['pdn.go.id', 'internal'],
      endpoints: 'create',
      privateTargets: ['db', 'sirekap-int', 'flagged'],
      privateSources: ['pdn/0'],
    });
  });

  it('every malformed field is named with its fix', () => {
    expect(problems(`vpc:
  vpcId: vpc-12
  subnetIds: []
  securityGroupIds: [sg-zzzzzzzz]
  routeTableIds: [rt-0a1b2c3d]
  endpoints: nat
targets:
  - { id: web, url: "https://www.kpu.go.id/" }
`)).toEqual([
      'vpc.vpcId: "vpc-12" is not a VPC id — use the id from the VPC console, e.g. vpc-0a1b2c3d4e5f60718 (line 2)',
      'vpc.subnetIds: has too few items — give ≥ 1 (line 3)',
      'vpc.securityGroupIds[0]: "sg-zzzzzzzz" is not a security group id — use the id from the VPC console, e.g. sg-0a1b2c3d4e5f60718 (line 4)',
      'vpc.routeTableIds[0]: "rt-0a1b2c3d" is not a route table id — use the id from the VPC console, e.g. rtb-0a1b2c3d4e5f60718 (line 5)',
      'vpc.endpoints: "nat" is not allowed — use one of create, existing-nat (line 6)',
    ]);
  });

  it('with endpoints: create, a capacity source on the internet is refused beside a private one (no internet route in the VPC)', () => {
    const yaml = `${VPC}capacity:
  - { site: pdn, source: { type: prometheus, url: "http://10.1.2.3:9100/metrics", preset: node-exporter } }
  - { site: cloud, source: { type: http-json, url: "https://dcim.example/", resources: [{ name: rack, unit: units, used: u, total: 42 }] } }
`;
    expect(problems(yaml)).toEqual([
      'capacity[1].source.url: dcim.example is on the internet, but the capacity Lambda runs in the VPC for the private sources and vpc.endpoints: create gives it no internet route — set vpc.endpoints: existing-nat if the subnets reach the internet through a NAT, or reach this source through the data centre (private: true) (line 8)',
    ]);
    expect(parseConfig(yaml.replace('privateZones:', 'endpoints: existing-nat\n  privateZones:')).vpc?.privateSources).toEqual(['pdn/0']);
  });

  it('a broken vpc: is reported once, not again on every private host', () => {
    expect(problems('vpc: { vpcId: vpc-0a1b2c3d }\ntargets:\n  - { id: db, url: "tcp://10.0.0.5:5432" }\n')).toEqual([
      'vpc.subnetIds: required — add subnetIds: … (line 1)',
      'vpc.securityGroupIds: required — add securityGroupIds: … (line 1)',
    ]);
  });
});

describe('the VPC example config (config/examples/vpc.yaml)', () => {
  it('validates, puts the private port and the private-zone name on the VPC fleet, and plans its endpoints', async () => {
    const { loadConfig } = await import('../../lib/config/load');
    const { planProbeFleets } = await import('../../lambdas/core/schedule/fleet-plan');
    const { endpointCostLine } = await import('../../lib/constructs/vpc-plan');
    const config = loadConfig('config/examples/vpc.yaml');
    expect(config.vpc!.privateTargets.sort()).toEqual(['dcim-portal', 'sirekap-db']);
    expect(config.vpc!.privateSources).toHaveLength(1);
    expect(planProbeFleets(config).map((f) => [f.placement, f.regions.length, f.targets.length])).toEqual([
      ['internet', 2, 2],
      ['vpc', 1, 2],
    ]);
    expect(endpointCostLine(config)).toMatch(/^VPC endpoints: 2 interface \(monitoring, sns\) × 2 AZ \+ DynamoDB gateway \(free\) ≈ \$29\.20\/month/);
  });
});
