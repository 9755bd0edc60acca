import type http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { selectSeries } from '../../lambdas/core/capacity/prom-selector';
import { runChecks } from '../../lambdas/core/probe';
import type { Expectation } from '../../lambdas/core/types';
import { main } from '../../lib/local/cli';
import { captureOutput } from '../support/capture';
import { makeTarget } from '../support/config-fixture';
import { startHttpServer, type RunningServer } from '../support/servers';

/**
 * Issue 9, points 1 and 7 (part): a user's regex can never freeze the probe (patterns run on
 * RE2, linear time), a construct RE2 refuses is a config error naming the field, and keyword /
 * regex checks read the body in the charset the response declares. On the old engine (JS
 * RegExp) every catastrophic row blocked the event loop for minutes and the neighbour timed out;
 * every charset row saw U+FFFD instead of é or –.
 */

const REGION = 'ap-southeast-3';
const HOSTILE_TIMEOUT_MS = 5_000;
const NEIGHBOUR_TIMEOUT_MS = 2_000;
/** The neighbour answers after this, so its check is in flight while the hostile pattern runs. */
const NEIGHBOUR_DELAY_MS = 300;

const KB64 = 64 * 1024;
const aaaB = (n: number) => `${'a'.repeat(n)}b`;
const longHeader = aaaB(8_000);
const longJsonValue = aaaB(KB64);

/** windows-1252 bytes of a text: latin1 for U+0000-U+00FF, plus the en dash (0x96). */
function cp1252(text: string): Buffer {
  return Buffer.from([...text].map((c) => (c === '–' ? 0x96 : c.charCodeAt(0))).map((b) => {
    if (b > 0xff) throw new Error(`no windows-1252 byte for ${b}`);
    return b;
  }));
}
const KPU_1252 = 'Komisi Pemilihan Umum – Pusat, café';

/** Bodies by path: each row of the tables below names the path it reads. */
const BODIES: Record<string, { type?: string; headers?: Record<string, string>; bytes: Buffer }> = {
  '/a64k': { bytes: Buffer.from(aaaB(KB64)) },
  '/a1m': { bytes: Buffer.from(aaaB(1_000_000 - 1)) },
  '/b64k-19a': { bytes: Buffer.from(`${'b'.repeat(KB64)}${'a'.repeat(19)}`) },
  '/words': { bytes: Buffer.from(`${'kpu '.repeat(KB64 / 4)}!`) },
  '/long-header': { headers: { 'x-token': longHeader }, bytes: Buffer.from('ok') },
  '/long-json': { type: 'application/json', bytes: Buffer.from(JSON.stringify({ v: longJsonValue })) },
  '/latin1': { type: 'text/html; charset=iso-8859-1', bytes: Buffer.from('<p>Pemilihan Umum, café</p>', 'latin1') },
  '/cp1252': { type: 'text/html; charset=windows-1252', bytes: cp1252(`<p>${KPU_1252}</p>`) },
  '/cp1252-quoted': { type: 'text/html; Charset="Windows-1252"', bytes: cp1252(`<p>${KPU_1252}</p>`) },
  '/meta-charset': { type: 'text/html', bytes: cp1252(`<html><head><meta charset="windows-1252"><title>KPU</title></head><body>${KPU_1252}</body></html>`) },
  '/meta-http-equiv': {
    type: 'text/html',
    bytes: cp1252(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body>${KPU_1252}</body></html>`),
  },
  '/meta-too-late': {
    type: 'text/html',
    bytes: cp1252(`<html><head><!--${'x'.repeat(2048)}--><meta charset="windows-1252"></head><body>${KPU_1252}</body></html>`),
  },
  '/utf8': { type: 'text/html; charset=utf-8', bytes: Buffer.from(`<p>${KPU_1252}</p>`, 'utf8') },
  '/utf16-bom': { type: 'text/plain', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(KPU_1252, 'utf16le')]) },
  '/unknown-charset': { type: 'text/html; charset=x-klingon', bytes: Buffer.from('<p>Komisi Pemilihan Umum</p>') },
};

const handler: http.RequestListener = (req, res) => {
  if (req.url === '/neighbour') {
    setTimeout(() => res.end('KPU ok'), NEIGHBOUR_DELAY_MS);
    return;
  }
  const body = BODIES[req.url ?? ''];
  if (!body) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': body.type ?? 'text/plain', ...body.headers });
  res.end(body.bytes);
};

let server: RunningServer;
beforeAll(async () => {
  server = await startHttpServer(handler);
});
afterAll(async () => {
  await server?.close();
});

/** Runs the hostile target beside a healthy neighbour in one probe cycle. */
async function withNeighbour(path: string, expect: Expectation) {
  const hostile = makeTarget({ id: 'hostile', url: `${server.url}${path}`, timeoutMs: HOSTILE_TIMEOUT_MS, expect });
  const neighbour = makeTarget({
    id: 'neighbour',
    url: `${server.url}/neighbour`,
    timeoutMs: NEIGHBOUR_TIMEOUT_MS,
    expect: { bodyContains: ['KPU ok'] },
  });
  const started = performance.now();
  const [h, n] = await runChecks([hostile, neighbour], { region: REGION, concurrency: 2 });
  return { hostile: h!, neighbour: n!, wallMs: performance.now() - started };
}

const previewOf = (value: string) => `${JSON.stringify(value).slice(0, 79)}…`;

interface CatastropheRow {
  name: string;
  path: string;
  expect: Expectation;
  /** null: the check passes. */
  error: 'assertion' | null;
  reason: string;
}

const CATASTROPHES: CatastropheRow[] = [
  { name: 'nested plus, anchored: ^(a+)+$', path: '/a64k', expect: { bodyMatches: ['^(a+)+$'] }, error: 'assertion', reason: 'body does not match /^(a+)+$/' },
  { name: 'overlapping alternation: (a|aa)+$', path: '/a64k', expect: { bodyMatches: ['(a|aa)+$'] }, error: 'assertion', reason: 'body does not match /(a|aa)+$/' },
  { name: 'repeated greedy group: (.*a){20}', path: '/b64k-19a', expect: { bodyMatches: ['(.*a){20}'] }, error: 'assertion', reason: 'body does not match /(.*a){20}/' },
  { name: 'doubled inner plus: (a+a+)+c', path: '/a64k', expect: { bodyMatches: ['(a+a+)+c'] }, error: 'assertion', reason: 'body does not match /(a+a+)+c/' },
  { name: 'notMatches, optional separator: ^(\\w+\\s?)*$', path: '/words', expect: { bodyNotMatches: ['^(\\w+\\s?)*$'] }, error: null, reason: 'ok' },
  { name: 'case-insensitive inline flag: (?i)^(A+)+$', path: '/a64k', expect: { bodyMatches: ['(?i)^(A+)+$'] }, error: 'assertion', reason: 'body does not match /(?i)^(A+)+$/' },
  {
    name: 'header pattern, nested quantifier on an 8 KB value',
    path: '/long-header',
    expect: { headers: { 'X-Token': '^(a+)+$' } },
    error: 'assertion',
    reason: `header X-Token ${previewOf(longHeader)} does not match /^(a+)+$/`,
  },
  {
    name: 'JSON value pattern on a 64 KB string',
    path: '/long-json',
    expect: { json: [{ path: 'v', matches: '^(a|a?)+$' }] },
    error: 'assertion',
    reason: `json v is ${previewOf(longJsonValue)}, does not match /^(a|a?)+$/`,
  },
  { name: '1 MB body, ^(a+)+$, within its timeout', path: '/a1m', expect: { bodyMatches: ['^(a+)+$'] }, error: 'assertion', reason: 'body does not match /^(a+)+$/' },
];

describe.concurrent('a catastrophic pattern neither freezes the probe nor delays a neighbour', () => {
  it.each(CATASTROPHES)('$name', async (row) => {
    const { hostile, neighbour, wallMs } = await withNeighbour(row.path, row.expect);
    expect({ ok: hostile.ok, error: hostile.error, reason: hostile.reason }).toEqual({ ok: row.error === null, error: row.error, reason: row.reason });
    expect({ ok: neighbour.ok, error: neighbour.error, reason: neighbour.reason }).toEqual({ ok: true, error: null, reason: 'ok' });
    // A bound, not a speed claim: the whole cycle ends before the hostile target's own timeout.
    expect(wallMs).toBeLessThan(HOSTILE_TIMEOUT_MS);
  }, 30_000);

  it('a capacity ~regex label matcher on a 64 KB label value', () => {
    const samples = [{ name: 'node_filesystem_size_bytes', labels: { mountpoint: aaaB(KB64) }, value: 1 }];
    expect(selectSeries(samples, { metric: 'node_filesystem_size_bytes', labels: { mountpoint: '~(a+)+' }, aggregate: 'sum' })).toEqual([]);
    expect(selectSeries(samples, { metric: 'node_filesystem_size_bytes', labels: { mountpoint: '~(a+)+b' }, aggregate: 'sum' })).toEqual(samples);
  }, 30_000);
});

interface CharsetRow {
  name: string;
  path: string;
  expect: Expectation;
  ok: boolean;
  reason: string;
}

const CHARSETS: CharsetRow[] = [
  { name: 'header iso-8859-1, keyword "café"', path: '/latin1', expect: { bodyContains: ['café'] }, ok: true, reason: 'ok' },
  { name: 'header windows-1252, keyword with an en dash', path: '/cp1252', expect: { bodyContains: ['Komisi Pemilihan Umum – Pusat'] }, ok: true, reason: 'ok' },
  { name: 'header charset quoted and in capitals', path: '/cp1252-quoted', expect: { bodyContains: ['Umum – Pusat, café'] }, ok: true, reason: 'ok' },
  { name: 'no header charset, <meta charset>', path: '/meta-charset', expect: { bodyContains: ['Umum – Pusat'] }, ok: true, reason: 'ok' },
  // WHATWG reads iso-8859-1 as windows-1252, as browsers do: 0x96 is the en dash.
  { name: 'no header charset, <meta http-equiv> iso-8859-1', path: '/meta-http-equiv', expect: { bodyContains: ['Umum – Pusat, café'] }, ok: true, reason: 'ok' },
  {
    name: 'a <meta charset> past the first 2 KB is not honoured (read as UTF-8)',
    path: '/meta-too-late',
    expect: { bodyContains: ['Umum – Pusat'] },
    ok: false,
    reason: 'body does not contain "Umum – Pusat"',
  },
  { name: 'utf-8 declared', path: '/utf8', expect: { bodyContains: ['Umum – Pusat, café'] }, ok: true, reason: 'ok' },
  { name: 'UTF-16LE byte-order mark wins over the header', path: '/utf16-bom', expect: { bodyContains: ['Umum – Pusat, café'] }, ok: true, reason: 'ok' },
  { name: 'regex on a windows-1252 body', path: '/cp1252', expect: { bodyMatches: ['Umum \\x{2013} Pusat, caf\\x{e9}'] }, ok: true, reason: 'ok' },
  { name: 'forbidden keyword found after decoding', path: '/cp1252', expect: { bodyNotContains: ['– Pusat'] }, ok: false, reason: 'body contains forbidden "– Pusat"' },
  {
    name: 'a failed keyword on a known charset says nothing about charsets',
    path: '/latin1',
    expect: { bodyContains: ['Pemilu'] },
    ok: false,
    reason: 'body does not contain "Pemilu"',
  },
  {
    name: 'unknown charset read as UTF-8: told when the keyword fails',
    path: '/unknown-charset',
    expect: { bodyContains: ['Pusat'] },
    ok: false,
    reason: 'body does not contain "Pusat" (declared charset "x-klingon" is unknown; decoded as UTF-8)',
  },
  { name: 'unknown charset read as UTF-8: silent when the keyword is found', path: '/unknown-charset', expect: { bodyContains: ['Pemilihan'] }, ok: true, reason: 'ok' },
];

describe.concurrent('keyword and regex checks read the body in its declared charset', () => {
  it.each(CHARSETS)('$name', async (row) => {
    const target = makeTarget({ id: 'kpu', url: `${server.url}${row.path}`, timeoutMs: HOSTILE_TIMEOUT_MS, expect: row.expect });
    const [result] = await runChecks([target], { region: REGION, concurrency: 1 });
    expect({ ok: result!.ok, error: result!.error, reason: result!.reason }).toEqual({
      ok: row.ok,
      error: row.ok ? null : 'assertion',
      reason: row.reason,
    });
  });
});

interface RefusalRow {
  name: string;
  /** YAML lines under `expect:` of target 0 (line 5 onward), or a whole file when it starts with `capacity:`. */
  yaml: string;
  problem: string;
}

const RE2_REFUSES = "which Pantau's linear-time regex engine (RE2) does not support";

const REFUSALS: RefusalRow[] = [
  {
    name: 'backreference \\1 in expect.body.matches',
    yaml: "body: { matches: '(a)\\1' }",
    problem: `targets[0].expect.body.matches: "(a)\\1" uses a backreference, ${RE2_REFUSES} — rewrite without it (line 5)`,
  },
  {
    name: 'named backreference \\k<y> in bodyMatches',
    yaml: "bodyMatches: ['(?<y>\\d{4})-\\k<y>']",
    problem: `targets[0].expect.bodyMatches[0]: "(?<y>\\d{4})-\\k<y>" uses a backreference, ${RE2_REFUSES} — rewrite without it (line 5)`,
  },
  {
    name: 'lookahead in bodyNotMatches',
    yaml: "bodyNotMatches: '(?=admin)'",
    problem: `targets[0].expect.bodyNotMatches: "(?=admin)" uses a lookahead (?= or (?!, ${RE2_REFUSES} — rewrite without it, e.g. put a forbidden text in notMatches (line 5)`,
  },
  {
    name: 'negative lookahead in a header pattern',
    yaml: "headers: { server: '^(?!nginx)' }",
    problem: `targets[0].expect.headers.server: "^(?!nginx)" uses a lookahead (?= or (?!, ${RE2_REFUSES} — rewrite without it, e.g. put a forbidden text in notMatches (line 5)`,
  },
  {
    name: 'lookbehind in a JSON matches',
    yaml: "json: [{ path: version, matches: '(?<=v)1' }]",
    problem: `targets[0].expect.json[0].matches: "(?<=v)1" uses a lookbehind (?<= or (?<!, ${RE2_REFUSES} — rewrite without it, e.g. match the preceding text too (line 5)`,
  },
  {
    name: 'atomic group in body.notMatches',
    yaml: "body: { notMatches: '(?>a+)b' }",
    problem: `targets[0].expect.body.notMatches: "(?>a+)b" uses an atomic group (?>, ${RE2_REFUSES} — rewrite without it, e.g. a plain group (?: (line 5)`,
  },
  {
    name: 'possessive quantifier',
    yaml: "bodyMatches: 'a++b'",
    problem: `targets[0].expect.bodyMatches: "a++b" uses a possessive or doubled quantifier (a++, a*+, a**), ${RE2_REFUSES} — write one quantifier, e.g. a+ (line 5)`,
  },
  {
    name: 'JS-only \\u escape',
    yaml: "bodyMatches: 'caf\\u00e9'",
    problem: `targets[0].expect.bodyMatches: "caf\\u00e9" uses a \\uXXXX escape, ${RE2_REFUSES} — write the character itself or \\x{XXXX}, e.g. \\x{e9} for é (line 5)`,
  },
  {
    name: 'nested repeat counts over 1000',
    yaml: "bodyMatches: '(a{100}){100}'",
    problem:
      'targets[0].expect.bodyMatches: "(a{100}){100}" repeats more than 1000 times (invalid repeat count: `{100}`; RE2 multiplies nested counts and allows at most 1000) — use a smaller count, or + / * (line 5)',
  },
  {
    name: 'capacity ~regex label matcher with a lookahead',
    yaml: `capacity:
  - site: c
    source:
      type: prometheus
      url: "http://127.0.0.1:9100/metrics"
      resources:
        - { name: fs, unit: bytes, used: { metric: node_filesystem_avail_bytes, labels: { fstype: "~(?!tmpfs).*" } }, total: 100 }
`,
    problem: `capacity[0].source.resources[0].used.labels.fstype: "(?!tmpfs).*" uses a lookahead (?= or (?!, ${RE2_REFUSES} — rewrite without it, e.g. put a forbidden text in notMatches (line 7)`,
  },
];

describe('a pattern RE2 refuses is a config error naming the field (pantau validate)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pantau-hostile-regex-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => vi.restoreAllMocks());

  it.each(REFUSALS)('$name', async (row) => {
    const file = join(dir, `${row.name.replace(/\W+/g, '-')}.yaml`);
    const yaml = row.yaml.startsWith('capacity:')
      ? row.yaml
      : `targets:\n  - id: a\n    url: "https://a.example/"\n    expect:\n      ${row.yaml}\n`;
    writeFileSync(file, yaml);
    const io = captureOutput();
    const code = await main(['validate', '--config', file]);
    vi.restoreAllMocks();
    expect({ code, err: io.err(), out: io.out() }).toEqual({ code: 2, err: `${row.problem}\n`, out: '' });
  });
});
