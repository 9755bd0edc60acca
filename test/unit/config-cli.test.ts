import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureOutput } from '../support/capture';
import { main } from '../../lib/local/cli';

/** `pantau validate` through the real CLI entry: one line per problem on stderr, exit 2, no stack. */

const FIXTURES = join(__dirname, '../fixtures/config');

const capture = captureOutput;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('pantau validate', () => {
  it('prints a summary and the custom-metric estimate for a valid config, exit 0', async () => {
    const io = capture();
    const code = await main(['validate', '--config', join(FIXTURES, 'minimal.yaml')]);
    expect(code).toBe(0);
    expect(io.out()).toBe(
      'config OK: 1 targets in 1 apps, regions ap-southeast-3\n' +
        'CloudWatch custom metrics: 10 ≈ $3.00/month (per app 9, per target 0, capacity 0, heartbeats 1)\n' +
        'probe shards: 1 (1m ×1 every 1 min); Lambda timeout 14 s; tightest 1m-01: worst case 13 s of 60 s\n' +
        // 2 dashboards (overview, the app) and monitor health: within the 3 free; 12 window alarms
        // (availability and latency) × 1 region × $0.10, 6 composites × $0.50
        'dashboards and SLO alarms: 3 dashboards, 12 burn-rate window alarms (12 alarm metrics), 6 composite alarms ≈ $4.20/month ($3/dashboard beyond 3, $0.10/alarm metric, $0.50/composite)\n' +
        // The whole bill of this one-target config: the example test/unit/cost/model.test.ts works out by hand ($17.603), less its email subscription ($0.0006).
        'AWS cost ≈ $17.60/month, $17.6019 per endpoint-month (largest: CloudWatch dashboards $9.00) — breakdown and knobs: pantau cost\n',
    );
    expect(io.err()).toBe('');
  });

  it('refuses a shard that cannot finish inside its period: the shard, its figures and the fix, exit 2', async () => {
    const io = capture();
    const code = await main(['validate', '--config', join(FIXTURES, 'over-budget.yaml')]);
    expect(code).toBe(2);
    expect(io.err()).toBe(
      'shard 45s-01: worst case 188 s = last round at +135 s + 5 waves (5 targets, concurrency 1) × (10 s timeout) + 3 s sink margin, over its 3-minute schedule period (180 s) — lower timeout to ≤ 8.4 s, or raise concurrency to 5 or lower shardSize to 1 (one wave), or use a longer interval (the shortest that fits: 60 s)\n',
    );
    expect(io.out()).toBe('');
  });

  it('prints every problem, one line each, and exits 2 without a stack trace', async () => {
    const io = capture();
    const code = await main(['validate', '--config', join(FIXTURES, 'invalid-many.yaml')]);
    expect(code).toBe(2);
    const lines = io.err().trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines).toContain('targets[0].url: "htp://x" is not an http(s) URL (nor tcp://, tls:// or dns://) — use https://host/path (line 15)');
    expect(io.err()).not.toMatch(/\n\s+at /);
    expect(io.out()).toBe('');
  });

  it('prints the monthly cost of the VPC endpoints a private capacity source needs', async () => {
    const io = capture();
    const code = await main(['validate', '--config', join(FIXTURES, 'vpc.yaml')]);
    expect(code).toBe(0);
    // 4 interface endpoints × 2 AZs × $0.01 × 730 h.
    expect(io.out()).toContain('VPC endpoints: 4 interface (dynamodb, monitoring, sns, ssm) × 2 AZ ≈ $58.40/month at $0.01/endpoint/AZ/hour\n');
    expect(io.err()).toBe('');
  });

  it('refuses a private capacity source without vpc:, naming the field and the fix, exit 2', async () => {
    const io = capture();
    const code = await main(['validate', '--config', join(FIXTURES, 'private-without-vpc.yaml')]);
    expect(code).toBe(2);
    expect(io.err()).toBe(
      'capacity[0].source.url: 10.20.0.11 is a private address (10/8, 172.16/12, 192.168/16 or fc00::/7) that a Lambda outside a VPC cannot reach — add a top-level vpc: { vpcId, subnetIds, securityGroupIds } joined to that network (docs/config.md "vpc"), or use a public address (line 3)\n',
    );
  });

  it('a missing config file is one line and exit 2', async () => {
    const io = capture();
    const code = await main(['validate', '--config', 'no/such/pantau.yaml']);
    expect(code).toBe(2);
    expect(io.err()).toBe('no/such/pantau.yaml: config file not found — pass --config <file> or create config/pantau.config.yaml\n');
  });
});
