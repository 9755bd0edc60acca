import type { IncomingHttpHeaders } from 'node:http';
import type { CapacitySource, HttpJsonSource } from '../../lambdas/core/capacity/types';
import { sampleCapacity } from '../cdk/cdk-app';
import type { AlertRules, ResolvedConfig } from '../../lambdas/core/config';
import { makeConfig, makeTarget } from './config-fixture';
import { startHttpServer, type RunningServer } from './servers';

/**
 * The fleet the IAM proof (test/integration/iam-proof.test.ts) drives the real handlers through:
 * one loopback site whose targets and capacity readings the test switches, and a config that
 * reaches every AWS call the code can make — secrets of both kinds, alerts on all three topics,
 * storms with held alerts, capacity sources of every kind.
 */

export const ACCOUNT = '111122223333';
export const HOME = 'ap-southeast-3';
export const REMOTE = 'ap-southeast-1';
export const STORM_WINDOW_MS = 60_000;

/** Pages on the first failure, recovers on the first pass; quorum 1 so each region decides alone. */
const FAST: AlertRules = {
  failureThreshold: 1,
  successThreshold: 1,
  renotifyMinutes: 0,
  quorum: 1,
  freshnessMs: 180_000,
  flapping: { transitions: 0, windowMs: 1_800_000 },
};

/** Target ids: one per topic on its own, and three of one app for a storm. */
export const SINGLES = ['portal', 'sipol-api', 'jdih'] as const;
export const STORM = ['kab-01', 'kab-02', 'kab-03'] as const;
export const SECRET_VALUES = { ssm: 'Bearer ssm-token-1', secretsManager: 'sm-key-2' };

export interface ProofSite {
  server: RunningServer;
  /** Targets that answer 503. */
  down: Set<string>;
  /** Used percentage every capacity resource reports. */
  capacityPct: Map<string, number>;
  /** Request headers each target path received. */
  headers: Map<string, IncomingHttpHeaders>;
}

export async function startProofSite(): Promise<ProofSite> {
  const down = new Set<string>();
  const capacityPct = new Map<string, number>();
  const headers = new Map<string, IncomingHttpHeaders>();
  const server = await startHttpServer((req, res) => {
    const path = (req.url ?? '/').slice(1);
    headers.set(path, req.headers);
    if (path === 'metrics') {
      const lines = ['rack-a', 'rack-b', 'rack-c'].map((r) => `pdu_watts{rack="${r}"} ${10 * (capacityPct.get(r) ?? 50)}`);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`${lines.join('\n')}\n`);
    } else if (path === 'dcim') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ load: 10 * (capacityPct.get('power') ?? 50), rating: 1000 }));
    } else {
      res.writeHead(down.has(path) ? 503 : 200, { 'content-type': 'text/plain' }).end(down.has(path) ? 'down' : 'ok');
    }
  });
  return { server, down, capacityPct, headers };
}

const sample = (type: CapacitySource['source']['type']) => sampleCapacity().find((s) => s.source.type === type)!;

export function proofConfig(base: string): ResolvedConfig {
  const target = (id: string, app: string, severity: 'critical' | 'high' | 'low', extra: object = {}) =>
    makeTarget({ id, app, severity, url: `${base}/${id}`, timeoutMs: 3_000, alerting: FAST, ...extra });
  const thresholds = { warnPct: 80, criticalPct: 90, forecastHours: 72 };
  const common = { intervalMs: 60_000, timeoutMs: 3_000, thresholds, lookbackMs: null };
  const capacity: CapacitySource[] = [
    {
      ...common,
      id: 'DC-A/0',
      site: 'DC-A',
      severity: 'critical',
      source: {
        type: 'prometheus',
        url: `${base}/metrics`,
        resources: ['rack-a', 'rack-b', 'rack-c'].map((rack) => ({
          name: rack,
          unit: 'watts' as const,
          used: { metric: 'pdu_watts', labels: { rack }, aggregate: 'sum' as const },
          total: 1000,
        })),
      },
    },
    // cdk-app.ts's DCIM (SSM secret header) and CloudWatch sources, at this site and these severities.
    { ...sample('http-json'), ...common, id: 'DC-B/0', site: 'DC-B', severity: 'high', source: { ...(sample('http-json').source as HttpJsonSource), url: `${base}/dcim` } },
    { ...sample('cloudwatch'), ...common, severity: 'low' },
  ];
  const config = makeConfig({
    regions: [HOME, REMOTE],
    targets: [
      target('portal', 'kpu', 'critical', { secretHeaders: { Authorization: { ssm: '/pantau/kpu/token' } } }),
      target('sipol-api', 'sipol', 'high', { secretHeaders: { 'X-Api-Key': { secretsManager: 'pantau/sipol', jsonKey: 'key' } } }),
      target('jdih', 'jdih', 'low'),
      ...STORM.map((id) => target(id, 'kpu-kabkota', 'high')),
    ],
    capacity,
  });
  config.alerting = { ...config.alerting, storm: { threshold: 2, windowMs: STORM_WINDOW_MS } };
  return config;
}
