import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { captureOutput } from '../support/capture';
import { main } from '../../lib/local/cli';
import { startHttpServer, type RunningServer } from '../support/servers';

/**
 * `pantau check --concurrency N`: the run's checks in flight, instead of the config's
 * `concurrency`; and `loopDelayMs` (the prober's event-loop delay during the check) in --json.
 */

const TARGETS = 4;
/** Long enough that checks started together overlap at the server. */
const ANSWER_AFTER_MS = 150;
let dir: string;
let server: RunningServer;
let configPath: string;
let inFlight = 0;
let mostInFlight = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pantau-cli-concurrency-'));
  server = await startHttpServer((_req, res) => {
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.end('ok');
    }, ANSWER_AFTER_MS);
  });
  configPath = join(dir, 'pantau.yaml');
  const targets = Array.from({ length: TARGETS }, (_, i) => `  - { id: t${i}, url: "${server.url}/${i}" }`).join('\n');
  writeFileSync(configPath, `concurrency: 10\ntargets:\n${targets}\n`);
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
  mostInFlight = 0;
});

async function check(...extra: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureOutput();
  const code = await main(['check', '--json', '--config', configPath, ...extra]);
  vi.restoreAllMocks();
  return { code, out: io.out(), err: io.err() };
}

describe('pantau check --concurrency', () => {
  it('runs the config’s concurrency by default: the checks overlap', async () => {
    expect((await check()).code).toBe(0);
    expect(mostInFlight).toBe(TARGETS);
  });

  it('--concurrency 1 overrides it for the run: one check at a time, every result still there', async () => {
    const { code, out } = await check('--concurrency', '1');
    expect(code).toBe(0);
    expect(mostInFlight).toBe(1);
    const results = out.trim().split('\n').map((line) => JSON.parse(line) as { target: string; ok: boolean; loopDelayMs: unknown; latencyMs: number });
    expect(results.map((r) => r.target).sort()).toEqual(['t0', 't1', 't2', 't3']);
    for (const r of results) {
      // Every result carries the prober's event-loop delay during its check: a figure ≥ 0, in ms.
      expect(typeof r.loopDelayMs, r.target).toBe('number');
      expect(r.loopDelayMs as number).toBeGreaterThanOrEqual(0);
      expect(r.latencyMs).toBeGreaterThanOrEqual(ANSWER_AFTER_MS);
    }
  });

  it.each(['0', '-2', '1.5', 'many', '1001'])('rejects --concurrency %s with one line naming the option, exit 2', async (value) => {
    const { code, err } = await check('--concurrency', value);
    expect(code).toBe(2);
    expect(err).toContain('--concurrency');
    expect(err).toContain('expected a whole number 1–1000');
    expect(err).not.toMatch(/\n\s+at /);
    expect(mostInFlight).toBe(0);
  });
});
