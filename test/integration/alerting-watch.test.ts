import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../lib/local/cli';
import { startHttpServer, type RunningServer } from '../support/servers';

/**
 * The scripted local scenario, through the real `pantau watch` command (config file, 1 s
 * interval, --cycles, --alerts-jsonl): a loopback target blips once, then goes down for three
 * cycles, then recovers. Exactly one DOWN and one RECOVERED alert, nothing for the blip.
 */

// Request n (1-based) fails when listed: 2 is the blip; 4-6 the outage.
const FAILING_REQUESTS = new Set([2, 4, 5, 6]);
const CYCLES = 8;

let server: RunningServer;
let requests = 0;
let dir: string;

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    // The security patrol's own copies (crawler and browser user agents, every few checks) are
    // not the scripted checks: they get the healthy page and are not counted.
    if (!String(req.headers['user-agent']).startsWith('Pantau/')) {
      res.end('Sirekap OK');
      return;
    }
    requests++;
    const fail = FAILING_REQUESTS.has(requests);
    res.statusCode = fail ? 503 : 200;
    res.end(fail ? 'Service Unavailable' : 'Sirekap OK');
  });
  dir = mkdtempSync(join(tmpdir(), 'pantau-watch-'));
});
afterAll(async () => server.close());

describe('pantau watch: blip, outage, recovery', () => {
  it('produces exactly one DOWN and one RECOVERED alert and none for the blip', async () => {
    const config = join(dir, 'pantau.config.yaml');
    writeFileSync(
      config,
      [
        'project: pantau-scenario',
        'targets:',
        '  - id: sirekap-web',
        '    app: sirekap',
        '    severity: critical',
        `    url: ${server.url}/health`,
        '    interval: 1s',
        '    timeout: 800ms',
        '    failureThreshold: 2',
        '    successThreshold: 2',
        '',
      ].join('\n'),
    );
    const jsonl = join(dir, 'alerts.jsonl');
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    let code: number;
    try {
      code = await main(['watch', '--config', config, '--cycles', String(CYCLES), '--alerts-jsonl', jsonl]);
    } finally {
      spy.mockRestore();
    }

    expect(requests).toBe(CYCLES);
    expect(code).toBe(0); // the last cycle passed
    const written = readFileSync(jsonl, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    // The page lacks security headers: the patrol's daily digest goes out as watch stops (patrol-watch-stop.test.ts).
    expect(written.at(-1)?.kind).toBe('security_digest');
    const alerts = written.filter((a) => a.kind !== 'security_digest');
    expect(alerts.map((a) => a.kind)).toEqual(['down', 'recovered']);
    const [down, recovered] = alerts;
    for (const a of alerts) {
      expect(a).toMatchObject({ target: 'sirekap-web', app: 'sirekap', severity: 'critical' });
      expect(typeof a.ts).toBe('string');
      expect(typeof a.message).toBe('string');
    }
    expect(down.incidentId).toMatch(/^sirekap-web@\d{8}T\d{6}Z$/);
    expect(recovered.incidentId).toBe(down.incidentId);
    expect(down.message).toMatch(/^DOWN Sirekap \(127\.0\.0\.1:\d+\): status from 1\/1 region since \d\d:\d\d WIB$/);
    expect(recovered.message).toMatch(/^RECOVERED Sirekap \(127\.0\.0\.1:\d+\): up again after \d+ s down \(since \d\d:\d\d WIB\), incident sirekap-web@/);
    expect(recovered.downtimeMs).toBeGreaterThan(0);

    // The console shows the same two alerts as they fired.
    const lines = printed.join('').split('\n');
    expect(lines[0]).toMatch(/^watching 1 target \(every 1s\) from region local/);
    expect(lines.filter((l) => /^\d\d:\d\d:\d\d {2}(DOWN|RECOVERED) /.test(l))).toHaveLength(2);
  });

  it('rejects an --alerts-jsonl path it cannot write, in one line, exit 2', async () => {
    const config = join(dir, 'ok.yaml');
    writeFileSync(config, `targets:\n  - id: x\n    url: ${server.url}/\n`);
    const errors: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      errors.push(String(chunk));
      return true;
    });
    let code: number;
    try {
      code = await main(['watch', '--config', config, '--cycles', '1', '--alerts-jsonl', join(dir, 'missing', 'dir', 'a.jsonl')]);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(2);
    expect(errors.join('')).toMatch(/^error: --alerts-jsonl: cannot write .*a\.jsonl \(ENOENT\) — give a file in a writable folder\n$/);
  });
});
