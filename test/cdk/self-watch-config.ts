import type { ResolvedConfig } from '../../lambdas/core/config';
import { makeTarget } from '../support/config-fixture';
import { sampleCapacity, sampleConfig } from './cdk-app';

/**
 * Two probe regions and shards of every rate the dead-man must follow: 30-second targets
 * (rate 1 minute), 1-, 5- and 10-minute targets (shardSize 2 → two 1-minute shards), and
 * capacity groups of 1 and 5 minutes.
 */
export function selfWatchConfig(): ResolvedConfig {
  return sampleConfig({
    shardSize: 2,
    targets: [
      makeTarget({ id: 'sipol', url: 'https://sipol.kpu.go.id/', intervalMs: 30_000, timeoutMs: 5_000 }),
      makeTarget({ id: 'kpu-www', url: 'https://www.kpu.go.id/', app: 'kpu', severity: 'critical' }),
      makeTarget({ id: 'sirekap-web', url: 'https://sirekap-web.kpu.go.id/', app: 'sirekap', severity: 'critical' }),
      makeTarget({ id: 'sirekap-api', url: 'https://sirekap-api.kpu.go.id/health', app: 'sirekap' }),
      makeTarget({ id: 'jdih', url: 'https://jdih.kpu.go.id/', intervalMs: 300_000, severity: 'low' }),
      makeTarget({ id: 'ppid', url: 'https://ppid.kpu.go.id/', intervalMs: 600_000, severity: 'low' }),
    ],
    capacity: sampleCapacity(),
  });
}

/** Shard → schedule period in seconds, as planShards cuts selfWatchConfig(). */
export const SHARD_PERIODS: Record<string, number> = { '30s-01': 60, '1m-01': 60, '1m-02': 60, '5m-01': 300, '10m-01': 600 };
