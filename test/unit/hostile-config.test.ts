import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { requestHeadersProblem } from '../../lambdas/core/checks/header-guard';
import { runCheck } from '../../lambdas/core/probe';
import { loadConfig, parseConfig } from '../../lib/config/load';
import { problemsOf } from '../support/config-problems';
import { closestKey } from '../../lib/config/problems';
import { main } from '../../lib/local/cli';
import { captureOutput } from '../support/capture';
import { makeTarget } from '../support/config-fixture';
import { startHttpServer, type RunningServer } from '../support/servers';

/**
 * Issue 9, point 2: what the wire and the runtime would refuse is refused when the config loads,
 * one line per problem naming the field and the fix, exit 2 — never a hang, a silent re-encoding,
 * a misleading guess or "unexpected error". One row per class and variant.
 */

const HOSTILE = join(__dirname, '../fixtures/config/hostile');
const FIXTURES = join(__dirname, '../fixtures/config');

const problems = (yaml: string) => problemsOf(() => parseConfig(yaml));
/** One target (line 2–3) with extra lines of its own fields from line 4. */
const target = (fields: string) => `targets:\n  - id: kpu-www\n    url: https://www.kpu.go.id/\n${fields}`;

const NAME_FIX = "which HTTP header names cannot carry — use only letters, digits and ! # $ % & ' * + - . ^ _ ` | ~";
const LATIN1_FIX = 'which HTTP headers cannot carry (Latin-1 only)';
const BREAK_FIX = 'which would break the HTTP request — remove it (a header value is one line)';

describe('headers HTTP cannot carry are refused, never re-encoded', () => {
  it.each([
    ['en dash in a value', '    headers: { X-Org: "KPU – Pusdatin" }\n',
      `targets[0].headers.X-Org: "KPU – Pusdatin" has "–" (U+2013) at 4, ${LATIN1_FIX} — use "-" or percent-encode it (line 4)`],
    ['curly quote', '    headers: { X-Org: "‘KPU’" }\n',
      `targets[0].headers.X-Org: "‘KPU’" has "‘" (U+2018) at 0, ${LATIN1_FIX} — use "'" or percent-encode it (line 4)`],
    ['astral emoji', '    headers: { X-Org: "ok 😀" }\n',
      `targets[0].headers.X-Org: "ok 😀" has "😀" (U+1F600) at 3, ${LATIN1_FIX} — use plain ASCII or percent-encode it (line 4)`],
    ['CR LF (header injection)', '    headers: { X-Org: "KPU\\r\\nX-Injected: 1" }\n',
      `targets[0].headers.X-Org: "KPU\\r\\nX-Injected: 1" has CR (U+000D) at 3, ${BREAK_FIX} (line 4)`],
    ['bare LF', '    headers: { X-Org: "a\\nb" }\n', `targets[0].headers.X-Org: "a\\nb" has LF (U+000A) at 1, ${BREAK_FIX} (line 4)`],
    ['NUL', '    headers: { X-Org: "a\\0b" }\n', `targets[0].headers.X-Org: "a\\u0000b" has NUL (U+0000) at 1, ${BREAK_FIX} (line 4)`],
    ['other control character', '    headers: { X-Org: "a\\eb" }\n',
      `targets[0].headers.X-Org: "a\\u001bb" has a control character (U+001B) at 1, ${BREAK_FIX} (line 4)`],
    ['DEL', '    headers: { X-Org: "a\\x7f" }\n', `targets[0].headers.X-Org: "a\u007f" has DEL (U+007F) at 1, ${BREAK_FIX} (line 4)`],
    ['value over 8192 characters', `    headers: { X-Org: "${'a'.repeat(8193)}" }\n`,
      `targets[0].headers.X-Org: "${'a'.repeat(40)}…" is 8193 characters, above the 8192 a header value may have (servers refuse larger header blocks with 431) — shorten it (line 4)`],
    ['space in a name', '    headers: { "X Org": a }\n', `targets[0].headers["X Org"]: header name "X Org" has space (U+0020) at 1, ${NAME_FIX} (line 4)`],
    ['non-ASCII name', '    headers: { "X-Ü": a }\n', `targets[0].headers["X-Ü"]: header name "X-Ü" has "Ü" (U+00DC) at 2, ${NAME_FIX} (line 4)`],
    ['colon in a name', '    headers: { "X:Y": a }\n', `targets[0].headers["X:Y"]: header name "X:Y" has ":" (U+003A) at 1, ${NAME_FIX} (line 4)`],
    ['TLS server name (SNI)', '    tls: { serverName: "sirekap internal" }\n',
      'targets[0].tls.serverName: "sirekap internal" is not a host name TLS can send — use letters, digits, "-" and "." (an international name as punycode, xn--…), e.g. sirekap.internal (line 4)'],
    ['TLS server name, non-ASCII', '    tls: { serverName: "pemilu.indonésia" }\n',
      'targets[0].tls.serverName: "pemilu.indonésia" is not a host name TLS can send — use letters, digits, "-" and "." (an international name as punycode, xn--…), e.g. sirekap.internal (line 4)'],
    ['secretHeaders name', '    secretHeaders: { "Bad Name": { ssm: /pantau/x } }\n',
      `targets[0].secretHeaders["Bad Name"]: header name "Bad Name" has space (U+0020) at 3, ${NAME_FIX} (line 4)`],
  ])('%s', (_, fields, line) => {
    expect(problems(target(fields))).toEqual([line]);
  });

  it.each([
    ['defaults', 'defaults:\n  headers: { X-Org: "KPU – Pusdatin" }\n' + target(''),
      `defaults.headers.X-Org: "KPU – Pusdatin" has "–" (U+2013) at 4, ${LATIN1_FIX} — use "-" or percent-encode it (line 2)`],
    ['apps', 'apps:\n  kpu-www: { headers: { X-Org: "a\\rb" } }\n' + target(''),
      `apps.kpu-www.headers.X-Org: "a\\rb" has CR (U+000D) at 1, ${BREAK_FIX} (line 2)`],
    ['capacity http-json', 'capacity:\n  - site: pdn\n    source: { type: http-json, url: "http://127.0.0.1:9/", headers: { X-Org: "–" }, resources: [{ name: r, unit: bytes, used: a, total: 1 }] }\n',
      `capacity[0].source.headers.X-Org: "–" has "–" (U+2013) at 0, ${LATIN1_FIX} — use "-" or percent-encode it (line 3)`],
    ['capacity http-json secretHeaders name', 'capacity:\n  - site: pdn\n    source: { type: http-json, url: "http://127.0.0.1:9/", secretHeaders: { "a b": { ssm: /x } }, resources: [{ name: r, unit: bytes, used: a, total: 1 }] }\n',
      `capacity[0].source.secretHeaders["a b"]: header name "a b" has space (U+0020) at 1, ${NAME_FIX} (line 3)`],
  ])('in %s too', (_, yaml, line) => {
    expect(problems(yaml)).toEqual([line]);
  });

  it('keeps what HTTP can carry: HTAB, visible ASCII and Latin-1 (U+00A0–U+00FF)', () => {
    const config = parseConfig(target('    headers: { X-A: "tab\\there", X-B: "café ÿ", X-C: "!#$%&\'*+.^_`|~" }\n'));
    expect(config.targets[0]!.headers).toEqual({ 'X-A': 'tab\there', 'X-B': 'café ÿ', 'X-C': "!#$%&'*+.^_`|~" });
  });
});

describe('URLs that slip through or mislead', () => {
  it.each([
    ['empty host, http', 'http:///path', '"http:///path" has no host — write http://host/, e.g. http://www.kpu.go.id/'],
    ['empty host with port', 'https://:443/', '"https://:443/" has no host — write https://host:443/, e.g. https://www.kpu.go.id:443/'],
    ['empty host, tcp', 'tcp://:5432', '"tcp://:5432" has no host — write tcp://host:5432, e.g. tcp://www.kpu.go.id:5432'],
    ['single slash', 'http:/path', '"http:/path" has no // after http: — write http://host/path'],
    ['no slash', 'https:www.kpu.go.id', '"https:www.kpu.go.id" has no // after https: — write https://host/path'],
    ['port 65536, https', 'https://www.kpu.go.id:65536/', "port 65536 is outside 1–65535 — use the service's port, e.g. https://www.kpu.go.id:443"],
    ['port 0, tcp', 'tcp://db.kpu.go.id:0', "port 0 is outside 1–65535 — use the service's port, e.g. tcp://db.kpu.go.id:5432"],
    ['port 99999, tls', 'tls://db.kpu.go.id:99999', "port 99999 is outside 1–65535 — use the service's port, e.g. tls://db.kpu.go.id:443"],
    ['port not a number', 'http://www.kpu.go.id:80a/', `port "80a" is not a number — use the service's port, e.g. http://www.kpu.go.id:80`],
    ['dns resolver port', 'dns://kpu.go.id?resolver=10.0.0.2:70000', "resolver port 70000 is outside 1–65535 — use the resolver's port, e.g. resolver=10.0.0.2:53"],
    ['IPv6 resolver port', 'dns://kpu.go.id?resolver=[::1]:0', "resolver port 0 is outside 1–65535 — use the resolver's port, e.g. resolver=[::1]:53"],
    ['newline inside (the URL parser drops it)', 'https://www.kpu.go.id/a\\nb', '"https://www.kpu.go.id/a\\nb" has a control character (U+000A) at 23 — remove it (a URL is one line without tabs)'],
  ])('%s', (_, url, message) => {
    expect(problems(`targets:\n  - id: t\n    url: "${url}"\n`)).toEqual([`targets[0].url: ${message} (line 3)`]);
  });

  it.each([
    ['a control URL', 'regions:\n  controls: ["https://:443/"]\ntargets: [{ id: t, url: "https://a.example/" }]\n',
      'regions.controls[0]: "https://:443/" has no host — write https://host:443/, e.g. https://www.kpu.go.id:443/ (line 2)'],
    ['a capacity URL', 'capacity:\n  - site: pdn\n    source: { type: prometheus, url: "http://127.0.0.1:65536/metrics", preset: node-exporter }\n',
      "capacity[0].source.url: port 65536 is outside 1–65535 — use the service's port, e.g. http://127.0.0.1:80 (line 3)"],
    ['a webhook endpoint', 'alerting:\n  topics: { warning: { subscriptions: [{ protocol: https, endpoint: "https:///hook" }] } }\ntargets: [{ id: t, url: "https://a.example/" }]\n',
      'alerting.topics.warning.subscriptions[0].endpoint: "https:///hook" has no host — write https://host/, e.g. https://www.kpu.go.id/ (line 2)'],
  ])('the same rules for %s', (_, yaml, line) => {
    expect(problems(yaml)).toEqual([line]);
  });
});

describe('limits with bounds (docs/config.md "Limits")', () => {
  const over = (value: string, max: string, why: string) => `${value} is above the ${max} maximum (${why}) — use ${max} or less`;
  it.each([
    ['interval', '    interval: 30d\n', `targets[0].interval: ${over('30d', '1d', 'a check less often than daily is not monitoring')} (line 4)`],
    ['interval of absurd size', '    interval: 99999999999999999999999d\n',
      `targets[0].interval: ${over('99999999999999999999999d', '1d', 'a check less often than daily is not monitoring')} (line 4)`],
    ['timeout', '    interval: 1d\n    timeout: 20m\n',
      `targets[0].timeout: ${over('20m', '15m', 'a check must finish inside one Lambda invocation, 900 s at most')} (line 5)`],
    ['freshness', '    freshness: 4d\n', `targets[0].freshness: ${over('4d', '3d', '3 × the longest interval')} (line 4)`],
    ['flapping.window', '    flapping: { window: 8d }\n',
      `targets[0].flapping.window: ${over('8d', '7d', 'state changes older than a week say nothing about flapping now')} (line 4)`],
    ['maxBodyBytes ceiling', '    maxBodyBytes: 2GiB\n',
      'targets[0].maxBodyBytes: 2GiB is above the 64MiB maximum (a kept body becomes one string in a 512 MB Lambda) — use 64MiB or less; a check needs the start of a body, not all of it (line 4)'],
    ['maxBodyBytes ceiling in bytes', '    maxBodyBytes: 67108865\n',
      'targets[0].maxBodyBytes: 67108865 is above the 64MiB maximum (a kept body becomes one string in a 512 MB Lambda) — use 64MiB or less; a check needs the start of a body, not all of it (line 4)'],
  ])('target %s', (_, fields, line) => {
    expect(problems(target(fields))).toEqual([line]);
  });

  it.each([
    ['maxBodyBytes × checks in flight on the target', 'concurrency: 100\nshardSize: 100\n' + target('    maxBodyBytes: 4MiB\n'),
      "targets[0].maxBodyBytes: 4MiB × 100 checks in flight (the smaller of concurrency 100 and shardSize 100) = 400MiB, over half (256MiB) of the probe Lambda's 512MiB memory — lower maxBodyBytes to ≤ 2.55MiB, or lower concurrency (line 6)"],
    ['maxBodyBytes × checks in flight from defaults', 'shardSize: 40\ndefaults:\n  maxBodyBytes: 8MiB\n' + target(''),
      "defaults.maxBodyBytes: 8MiB × 40 checks in flight (the smaller of concurrency 50 and shardSize 40) = 320MiB, over half (256MiB) of the probe Lambda's 512MiB memory — lower maxBodyBytes to ≤ 6.39MiB, or lower concurrency (line 3)"],
    ['storm.window', 'alerting:\n  storm: { window: 2h }\n' + target(''),
      'alerting.storm.window: 2h is above the 1h maximum (alerts held longer are stale when the digest goes out) — use 1h or less (line 2)'],
    ['capacity interval, lookback and period',
      'capacity:\n  - site: s\n    interval: 2d\n    lookback: 100d\n    source: { type: cloudwatch, resources: [{ name: r, unit: bytes, namespace: AWS/RDS, metric: M, total: 1, period: 2d }] }\n',
      [
        'capacity[0].interval: 2d is above the 1d maximum (a source read less often than daily cannot forecast) — use 1d or less (line 3)',
        'capacity[0].lookback: 100d is above the 90d maximum (the forecast fits a trend, not a season) — use 90d or less (line 4)',
        'capacity[0].source.resources[0].period: 2d is above the 1d maximum (the longest period worth a sample) — use 1d or less (line 5)',
      ]],
    ['maintenance duration', 'maintenance:\n  - { name: w, weekdays: [sun], at: "01:00", duration: 8d }\n' + target(''),
      'maintenance[0].duration: 8d is longer than a week — a recurring window must end before it starts again (line 2)'],
  ])('%s', (_, yaml, lines) => {
    expect(problems(yaml)).toEqual(Array.isArray(lines) ? lines : [lines]);
  });

  it('accepts every bound itself (shard budgets off, as for the local runners: 15m would not fit a Lambda)', () => {
    const config = parseConfig(
      'shardSize: 4\nconcurrency: 4\nalerting: { storm: { window: 1h } }\n' +
        target('    interval: 1d\n    timeout: 15m\n    freshness: 3d\n    flapping: { window: 7d }\n    maxBodyBytes: 64MiB\n'),
      { shardBudgets: false },
    );
    expect(config.targets[0]).toMatchObject({ intervalMs: 86_400_000, timeoutMs: 900_000, maxBodyBytes: 64 * 1024 ** 2 });
    expect(config.alerting.storm.windowMs).toBe(3_600_000);
  });
});

describe('YAML that would exhaust the parser or mislead', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pantau-hostile-'));

  it.each([
    ['alias bomb ("billion laughs")', 'alias-bomb.yaml',
      'line 3, column 8: YAML aliases (*name) expand to more than 1000 copies — a resource-exhaustion pattern ("billion laughs"); write the values out or use defaults: and apps: to share settings'],
    ['flow depth bomb (4000 nested lists)', 'depth-bomb.yaml', /^line 5: nesting is deeper than 32 levels — a config needs a few; look for runaway brackets \[ \{ or indentation$/],
    ['two documents', 'two-documents.yaml',
      'line 4, column 1: the file holds more than one YAML document (a --- line) — keep one document: remove the --- and merge the settings into one file'],
  ])('%s', (_, file, line) => {
    const [only, ...rest] = problemsOf(() => loadConfig(join(HOSTILE, file)));
    expect(rest).toEqual([]);
    expect(only).toMatch(typeof line === 'string' ? new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : line);
  });

  it.each([
    ['block depth bomb (40 nested mappings)', target('    tags:\n' + Array.from({ length: 40 }, (_, i) => `${' '.repeat(6 + 2 * i)}a:\n`).join('') + `${' '.repeat(86)}b: 1\n`),
      'line 34, column 65: nesting is deeper than 32 levels — a config needs a few; look for runaway brackets [ { or indentation'],
    ['duplicate key', 'targets: []\ntargets: []\n', 'line 2, column 1: targets is written twice in the same mapping — keep one (YAML would silently keep only the last)'],
    ['duplicate key inside a target', target('    interval: 1m\n    interval: 5m\n'),
      'line 5, column 5: interval is written twice in the same mapping — keep one (YAML would silently keep only the last)'],
    ['text over 5 MB', `# ${'x'.repeat(5_000_001)}\n${target('')}`,
      'the config file is 5.0 MB, above the 5 MB maximum — a config describes targets, it does not hold data; split it or remove what is not config'],
  ])('%s', (_, yaml, line) => {
    expect(problems(yaml)).toEqual([line]);
  });

  it('a file over 5 MB is refused before it is read', () => {
    const file = join(dir, 'huge.yaml');
    writeFileSync(file, `${target('')}# ${'x'.repeat(6_000_000)}\n`);
    expect(problemsOf(() => loadConfig(file))).toEqual([
      `${file}: the config file is 6.0 MB, above the 5 MB maximum — a config describes targets, it does not hold data; split it or remove what is not config`,
    ]);
  });

  it('a few aliases are still fine (anchors are a YAML feature)', () => {
    const config = parseConfig('apps:\n  kpu-www: { headers: &hdr { Accept: application/json } }\n' + target('    headers: *hdr\n'));
    expect(config.targets[0]!.headers).toEqual({ Accept: 'application/json' });
  });
});

describe('"did you mean": only close guesses from the same level', () => {
  it.each([
    ['intervall', 'interval'], ['timout', 'timeout'], ['sevrity', 'severity'], ['Interval', 'interval'],
    ['maxBodyByte', 'maxBodyBytes'], ['secretHeader', 'secretHeaders'], ['failureTreshold', 'failureThreshold'],
    ['retnotifyMinutes', 'renotifyMinutes'], ['metirc', 'metrics'], ['urll', 'url'], ['tiemout', 'timeout'],
    ['zone', undefined], ['base', undefined], ['name', undefined], ['home', undefined], ['period', undefined], ['x', undefined],
  ])('a target key %j → %j', (typo, guess) => {
    const [line] = problems(target(`    ${typo}: 1\n`));
    expect(line).toBe(`targets[0].${typo}: unknown field — ${guess ? `did you mean ${guess}?` : 'remove it or check the spelling (docs/config.md lists every field)'} (line 4)`);
  });

  it.each([
    ['regions', 'regions:\n  zone: x\n' + target(''), 'regions.zone: unknown field — remove it or check the spelling (docs/config.md lists every field) (line 2)'],
    ['regions', 'regions:\n  hom: ap-southeast-3\n' + target(''), 'regions.hom: unknown field — did you mean home? (line 2)'],
    ['expect', target('    expect: { stauts: 200 }\n'), 'targets[0].expect.stauts: unknown field — did you mean status? (line 4)'],
    ['top level', 'projct: pantau\n' + target(''), 'projct: unknown field — did you mean project? (line 1)'],
    ['top level', 'interval: 1m\n' + target(''), 'interval: unknown field — remove it or check the spelling (docs/config.md lists every field) (line 1)'],
  ])('in %s', (_, yaml, line) => {
    expect(problems(yaml)).toEqual([line]);
  });

  it('distance limit is max(1, ⌊length ÷ 3⌋) edits, a swap counting one', () => {
    expect(closestKey('ab', ['ax'])).toBe('ax');
    expect(closestKey('abc', ['xyc'])).toBeUndefined();
    expect(closestKey('abcdef', ['bacdfe'])).toBe('bacdfe');
    expect(closestKey('abcdef', ['bacxfe'])).toBeUndefined();
  });
});

describe('pantau validate on hostile files: one line per problem, exit 2, no stack', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['header-en-dash.yaml', [`targets[0].headers.X-Org: "KPU – Pusdatin" has "–" (U+2013) at 4, ${LATIN1_FIX} — use "-" or percent-encode it (line 6)`]],
    ['header-crlf.yaml', [`targets[0].headers.X-Org: "KPU\\r\\nX-Injected: 1" has CR (U+000D) at 3, ${BREAK_FIX} (line 6)`]],
    ['limits.yaml', [
      'targets[0].interval: 30d is above the 1d maximum (a check less often than daily is not monitoring) — use 1d or less (line 5)',
      'targets[0].maxBodyBytes: 2GiB is above the 64MiB maximum (a kept body becomes one string in a 512 MB Lambda) — use 64MiB or less; a check needs the start of a body, not all of it (line 6)',
      'targets[1].url: "http:///path" has no host — write http://host/, e.g. http://www.kpu.go.id/ (line 8)',
      "targets[2].url: port 65536 is outside 1–65535 — use the service's port, e.g. https://www.kpu.go.id:443 (line 10)",
    ]],
    ['alias-bomb.yaml', [
      'line 3, column 8: YAML aliases (*name) expand to more than 1000 copies — a resource-exhaustion pattern ("billion laughs"); write the values out or use defaults: and apps: to share settings',
    ]],
    ['two-documents.yaml', [
      'line 4, column 1: the file holds more than one YAML document (a --- line) — keep one document: remove the --- and merge the settings into one file',
    ]],
  ])('%s', async (file, lines) => {
    const io = captureOutput();
    const code = await main(['validate', '--config', join(HOSTILE, file)]);
    expect(code).toBe(2);
    expect(io.err()).toBe(`${lines.join('\n')}\n`);
    expect(io.out()).toBe('');
  });

  it.each(['minimal.yaml', 'full.yaml', '../../../config/pantau.config.yaml'])('%s still loads', (file) => {
    expect(() => loadConfig(join(FIXTURES, file))).not.toThrow();
  });
});

describe('the http check refuses such headers itself, before connecting (configs built without the loader)', () => {
  let server: RunningServer;
  let requests = 0;
  beforeAll(async () => {
    server = await startHttpServer((_, res) => {
      requests++;
      res.end('ok');
    });
  });
  afterAll(() => server.close());

  it.each([
    ['en dash', { 'X-Org': 'KPU – Pusdatin' }, {}, 'header "X-Org": the value has "–" (U+2013) at 4, which HTTP headers cannot carry (Latin-1 only) — use "-" or percent-encode it'],
    ['CR LF', { 'X-Org': 'a\r\nX-Injected: 1' }, {}, 'header "x-org": the value has CR (U+000D) at 1, which would break the HTTP request — remove it (a header value is one line)'],
    ['NUL', { 'X-Org': 'a\0' }, {}, 'header "x-org": the value has NUL (U+0000) at 1, which would break the HTTP request — remove it (a header value is one line)'],
    ['bad name', { 'X Org': 'a' }, {}, `header "x org": header name "x org" has space (U+0020) at 1, ${NAME_FIX}`],
    ['a secret value with LF (never quoted)', {}, { authorization: 'Bearer abc\n' }, 'header "authorization": the value has LF (U+000A) at 10, which would break the HTTP request — remove it (a header value is one line)'],
  ])('%s → class config, no request sent', async (_, headers, secrets, reason) => {
    const before = requests;
    const t = makeTarget({ id: 't', url: `${server.url}/`, headers, secretHeaders: Object.keys(secrets).length ? { authorization: { ssm: '/x' } } : {} });
    const result = await runCheck(t, { region: 'ap-southeast-3', secretsFor: async () => secrets });
    expect({ ok: result.ok, error: result.error, reason: result.reason }).toEqual({ ok: false, error: 'config', reason: reason.replace('"X-Org"', '"x-org"') });
    expect(requests).toBe(before);
  });

  it('a valid Latin-1 header still goes out', async () => {
    const result = await runCheck(makeTarget({ id: 't', url: `${server.url}/`, headers: { 'X-Org': 'café' } }), { region: 'ap-southeast-3' });
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(requestHeadersProblem({ 'x-org': 'café\t1' })).toBeNull();
  });
});
