import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../lib/local/cli';
import { startHttpServer, type RunningServer } from '../support/servers';
import { FAIL_500, startBotApiStandIn, type BotApiStandIn } from '../support/telegram-standin';

/**
 * `pantau watch` with a Telegram subscription in the config: the alerts go to the configured Bot
 * API (a loopback stand-in) through the relay's own client, in Bahasa Indonesia with the owner
 * and the runbook, each once — the DOWN too, though its first post got a 500 (the alert cycle's
 * per-channel outbox retried it on the next cycle, on Telegram alone).
 */

// Request n (1-based) of the target fails when listed: 2-5 the outage (DOWN at 3, retried at 4, PULIH at 6).
const FAILING_REQUESTS = new Set([2, 3, 4, 5]);
const CYCLES = 7;
const TOKEN_VAR = 'PANTAU_SECRET_PANTAU_TELEGRAM_BOT';

let target: RunningServer;
let api: BotApiStandIn;
let requests = 0;
let dir: string;

beforeAll(async () => {
  target = await startHttpServer((req, res) => {
    // The security patrol's own copies (crawler and browser user agents, on the check slots its
    // clock picks) are not the scripted checks: they get the healthy page and are not counted.
    if (!String(req.headers['user-agent']).startsWith('Pantau/')) {
      res.end('Sirekap OK');
      return;
    }
    requests++;
    const fail = FAILING_REQUESTS.has(requests);
    res.statusCode = fail ? 503 : 200;
    res.end(fail ? 'Service Unavailable' : 'Sirekap OK');
  });
  api = await startBotApiStandIn();
  dir = mkdtempSync(join(tmpdir(), 'pantau-watch-telegram-'));
  process.env[TOKEN_VAR] = '42:local-token';
});
afterAll(async () => {
  delete process.env[TOKEN_VAR];
  await Promise.all([target.close(), api.close()]);
});

describe('pantau watch with a Telegram subscription', () => {
  it('posts DOWN and PULIH to the chat once each, in Indonesian, with PIC and runbook', async () => {
    const config = join(dir, 'pantau.config.yaml');
    writeFileSync(
      config,
      [
        'project: pantau-telegram',
        'alerting:',
        '  language: id',
        '  topics:',
        '    critical:',
        '      subscriptions:',
        '        - protocol: telegram',
        '          endpoint: "-1001234567890"',
        '          tokenSecret: { secretsManager: pantau/telegram-bot }',
        `          apiBase: ${api.url}`,
        '          filter: { app: [sirekap] }',
        'targets:',
        '  - id: sirekap-web',
        '    app: sirekap',
        '    severity: critical',
        '    owner: Tim Sirekap',
        '    runbook: https://wiki.kpu.go.id/runbook/sirekap',
        `    url: ${target.url}/health`,
        '    interval: 1s',
        '    timeout: 800ms',
        '    failureThreshold: 2',
        '    successThreshold: 1',
        '',
      ].join('\n'),
    );
    api.script.push(FAIL_500);
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let code: number;
    try {
      code = await main(['watch', '--config', config, '--cycles', String(CYCLES)]);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(0);
    expect(api.requests.every((r) => r.path === '/bot42:local-token/sendMessage')).toBe(true);
    expect(api.requests.every((r) => r.body.chat_id === '-1001234567890')).toBe(true);
    // DOWN refused once (500) and retried on the next cycle, then PULIH: three posts, two accepted.
    expect(api.requests).toHaveLength(3);
    const [down, recovered] = api.delivered();
    expect(api.delivered()).toHaveLength(2);
    expect(down).toMatch(/^DOWN Sirekap \(127\.0\.0\.1:\d+\): status dari 1\/1 region sejak \d\d:\d\d WIB\n/);
    expect(recovered).toMatch(/^PULIH Sirekap \(127\.0\.0\.1:\d+\): normal kembali setelah \d+ detik down/);
    for (const text of [down!, recovered!]) {
      expect(text).toContain('PIC: Tim Sirekap');
      expect(text).toContain('Runbook: https://wiki.kpu.go.id/runbook/sirekap');
    }
  });
});
