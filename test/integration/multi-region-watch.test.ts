import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertState } from '../../lambdas/core/alerting/state';
import { stateKey } from '../../lambdas/adapters/dynamo/keys';
import { startHttpServer, type RunningServer } from '../support/servers';
import { sharedState, spawnPantau, startDynaliteCli, stopAll, waitFor, type Spawned } from '../support/processes';

/**
 * Several `pantau watch --region R` processes against one dynalite behave as a multi-region
 * deployment (issue 8, point 9): the real bin in separate processes, the dynalite CLI, a loopback
 * target the test takes down and brings back. These are the scenarios docs/alerting.md tells
 * operators to run by hand.
 */

const REGIONS = ['ap-southeast-3', 'ap-southeast-1'] as const;
const dir = mkdtempSync(join(tmpdir(), 'pantau-multi-region-'));
let endpoint: string;

/** A loopback Sirekap whose answer the test switches with `down`. */
async function switchableTarget(): Promise<RunningServer & { down: boolean }> {
  const target = { down: false } as RunningServer & { down: boolean };
  const server = await startHttpServer((_req, res) => {
    res.statusCode = target.down ? 503 : 200;
    res.end(target.down ? 'Service Unavailable' : 'Sirekap OK');
  });
  return Object.assign(target, server);
}

function writeConfig(name: string, url: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    [
      `project: pantau-${name}`,
      `regions: { home: ${REGIONS[0]}, probes: [${REGIONS.join(', ')}] }`,
      'targets:',
      `  - { id: sirekap-web, app: sirekap, severity: critical, url: "${url}/", interval: 1s, timeout: 800ms, failureThreshold: 2, successThreshold: 2 }`,
      '',
    ].join('\n'),
  );
  return path;
}

function watch(config: string, table: string, region: string, cycles: number): Spawned & { jsonl: string } {
  const jsonl = join(dir, `${table}-${region}.jsonl`);
  const args = ['watch', '--config', config, '--store-endpoint', endpoint, '--table', table, '--region', region];
  return Object.assign(spawnPantau([...args, '--cycles', String(cycles), '--alerts-jsonl', jsonl]), { jsonl });
}

/** The outage alerts a process wrote (the patrol's daily digest, sent as watch stops, is not one). */
const alertsOf = (jsonl: string): Array<Record<string, string>> =>
  existsSync(jsonl)
    ? readFileSync(jsonl, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)).filter((a: Record<string, string>) => a.kind !== 'security_digest')
    : [];
const alertLines = (stdout: string) => stdout.split('\n').filter((l) => /^\d\d:\d\d:\d\d {2}(DOWN|RECOVERED) /.test(l));

beforeAll(async () => {
  endpoint = (await startDynaliteCli()).endpoint;
});
afterAll(() => stopAll());

describe('two watch --region processes against one dynalite', () => {
  it('share the state item, and an outage both see is paged exactly once, then recovers once', async () => {
    const target = await switchableTarget();
    const table = 'pantau-both';
    const config = writeConfig('both', target.url);
    const [home, second] = REGIONS.map((region) => watch(config, table, region, 15));
    const { read, close } = sharedState<AlertState>(endpoint, table);
    const state = () => read(stateKey('sirekap-web'));
    try {
      await waitFor('both regions on the state item', async () => Object.keys((await state())?.regions ?? {}).length === 2);
      expect(Object.keys((await state())!.regions).sort()).toEqual([...REGIONS].sort());

      target.down = true;
      await waitFor('the state to turn DOWN', async () => (await state())?.status === 'down');
      target.down = false;

      expect(await home.exited).toBe(0);
      expect(await second.exited).toBe(0);
    } finally {
      close();
      await target.close();
    }
    const alerts = [...alertsOf(home.jsonl), ...alertsOf(second.jsonl)];
    expect(alerts.map((a) => a.kind).sort()).toEqual(['down', 'recovered']);
    const down = alerts.find((a) => a.kind === 'down')!;
    expect(alerts.find((a) => a.kind === 'recovered')!.incidentId).toBe(down.incidentId);
    expect(down.message).toMatch(/^DOWN Sirekap \(127\.0\.0\.1:\d+\): status from 2\/2 regions since/);
    // One DOWN and one RECOVERED line on the two consoles together: exactly once across processes.
    expect([...alertLines(home.stdout()), ...alertLines(second.stdout())]).toHaveLength(2);
    expect(home.stdout()).toContain(`from region ${REGIONS[0]} (store ${endpoint}, table ${table}; quorum over ${REGIONS.join(', ')})`);
    expect(home.stderr() + second.stderr()).toBe('');
  }, 45_000);

  it('one region silent (its process stopped), the other sees the outage: paged, saying it was confirmed by 1 of 2', async () => {
    const target = await switchableTarget();
    const table = 'pantau-one-silent';
    const config = writeConfig('one-silent', target.url);
    const home = watch(config, table, REGIONS[0], 14);
    const stopped = watch(config, table, REGIONS[1], 2);
    const { read, close } = sharedState<AlertState>(endpoint, table);
    try {
      // The second region reports, then its process ends: from then on it is silent.
      await waitFor('both regions on the state item', async () => Object.keys((await read(stateKey('sirekap-web')))?.regions ?? {}).length === 2);
      expect(await stopped.exited).toBe(0);

      target.down = true;
      await waitFor('the DOWN alert', async () => alertsOf(home.jsonl).some((a) => a.kind === 'down'));
      target.down = false;
      expect(await home.exited).toBe(0);
    } finally {
      close();
      await target.close();
    }
    expect(alertsOf(stopped.jsonl)).toEqual([]);
    const alerts = alertsOf(home.jsonl);
    expect(alerts.map((a) => a.kind)).toEqual(['down', 'recovered']);
    expect(alerts[0]!.message).toMatch(
      /^DOWN Sirekap \(127\.0\.0\.1:\d+\): status from 1\/2 regions since \d\d:\d\d WIB; confirmed by 1 of 2 regions; ap-southeast-1 silent for \d+ s$/,
    );
    // The console printed the same line, once.
    expect(alertLines(home.stdout()).filter((l) => l.includes('DOWN'))).toHaveLength(1);
    expect(alerts[1]!.incidentId).toBe(alerts[0]!.incidentId);
  }, 45_000);
});
