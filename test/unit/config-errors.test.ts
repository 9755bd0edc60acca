import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../lib/config/load';
import { problemsOf } from '../support/config-problems';

/**
 * Every problem is one line `path: problem — fix (line N)`. These tests pin the exact text of
 * each kind of problem, and that a file with many problems reports all of them in one error.
 */

const FIXTURES = join(__dirname, '../fixtures/config');

const problems = (yaml: string, baseDir?: string) => problemsOf(() => parseConfig(yaml, baseDir ? { baseDir } : {}));

/** Targets padded so the interesting one sits at the index the message names. */
const pad = (n: number) => Array.from({ length: n }, (_, i) => `  - { id: ok${i}, url: "https://ok${i}.example/" }`).join('\n');

describe('the errors named in the spec', () => {
  it('a bad URL', () => {
    expect(problems(`targets:\n${pad(3)}\n  - { id: x, url: "htp://x" }\n`)).toEqual([
      'targets[3].url: "htp://x" is not an http(s) URL (nor tcp://, tls:// or dns://) — use https://host/path (line 5)',
    ]);
  });

  it('timeout not shorter than interval', () => {
    expect(problems(`targets:\n${pad(2)}\n  - { id: x, url: "https://x.example/", interval: 30s, timeout: 30s }\n`)).toEqual([
      'targets[2].timeout: 30s must be shorter than interval 30s — lower timeout or raise interval (line 4)',
    ]);
  });

  it('timeout from defaults against the built-in interval is reported on defaults', () => {
    expect(problems('defaults: { timeout: 90s }\ntargets: [{ id: a, url: "https://a.example/" }]')).toEqual([
      'defaults.timeout: 1m30s must be shorter than interval 1m — lower timeout or raise interval (line 1)',
    ]);
  });

  it('duplicate target ids', () => {
    expect(problems('targets:\n  - { id: kpu-www, url: "https://a.example/" }\n  - { id: kpu-www, url: "https://b.example/" }\n')).toEqual([
      'targets[1].id: "kpu-www" is already used by targets[0] — give every target a unique id (line 3)',
    ]);
  });

  it('unknown keys, with a spelling hint', () => {
    expect(problems('metricNamespace: X\ntargets:\n  - id: a\n    url: "https://a.example/"\n    timout: 5s\n    expect: { bodyContain: KPU }\n')).toEqual([
      'metricNamespace: unknown field — did you mean metricsNamespace? (line 1)',
      'targets[0].timout: unknown field — did you mean timeout? (line 5)',
      'targets[0].expect.bodyContain: unknown field — did you mean bodyContains? (line 6)',
    ]);
  });

  it('bad durations', () => {
    expect(problems(`targets:
  - { id: a, url: "https://a.example/", interval: 30 }
  - { id: b, url: "https://b.example/", interval: 30x }
  - { id: c, url: "https://c.example/", interval: 500ms }
  - { id: d, url: "https://d.example/", timeout: 0s }
`)).toEqual([
      'targets[0].interval: 30 has no unit — write 30s, 30m or 30ms (units: ms, s, m, h, d) (line 2)',
      'targets[1].interval: "30x" is not a duration — write e.g. 500ms, 30s, 1m, 1h30m, 7d (line 3)',
      'targets[2].interval: 500ms is below the 1s minimum — use 1s or more (line 4)',
      'targets[3].timeout: 0s is zero — use a positive duration such as 30s (line 5)',
    ]);
  });

  it('a YAML syntax error gives line and column, once', () => {
    expect(problems('targets:\n  - id: a\n    url: [unclosed\n')).toEqual([
      'line 4, column 1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ] — fix the indentation, quoting or colon there (quote values that contain : # [ ] { } ,)',
    ]);
    const many = problems('targets:\n  - { id: a, url: https://a.example/, expect: { bodyContains: [a, b }\n  - id: b\n');
    expect(many[0]).toMatch(/^line 2, column \d+: YAML syntax error: /);
    expect(many.length).toBeLessThanOrEqual(2);
  });

  it('duplicate YAML keys', () => {
    expect(problems('targets: []\ntargets: []\n')[0]).toMatch(/^line 2, column 1: targets is written twice in the same mapping — keep one/);
  });

  it('a missing file, a folder, an empty file', () => {
    const missing = join(tmpdir(), 'pantau-no-such-config.yaml');
    expect(problemsOf(() => loadConfig(missing))).toEqual([
      `${missing}: config file not found — pass --config <file> or create config/pantau.config.yaml`,
    ]);
    expect(problemsOf(() => loadConfig(FIXTURES))[0]).toBe(`${FIXTURES}: is a folder — pass the YAML file itself, e.g. ${FIXTURES}/pantau.config.yaml`);
    expect(problems('# nothing here\n')).toEqual(['the config is empty — add at least targets: [{ id: kpu-www, url: https://www.kpu.go.id/ }]']);
    expect(problems('- just\n- a list\n')).toEqual(['the config is not a mapping of settings — start with keys such as project:, regions: and targets:']);
    expect(problems('project: pantau\n')).toEqual([
      'targets: nothing to watch — add targets: [{ id: kpu-www, url: https://www.kpu.go.id/ }] or a capacity: source',
    ]);
  });
});

describe('targets', () => {
  it('required fields and invalid ids', () => {
    expect(problems('targets:\n  - { url: "https://a.example/" }\n  - { id: "Sirekap Web", url: "https://b.example/" }\n  - { id: c }\n')).toEqual([
      'targets[0].id: required — add id: sirekap-web (line 2)',
      'targets[1].id: "Sirekap Web" is not a valid id — use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. sirekap-web) (line 3)',
      'targets[2].url: required — add url: https://host/path (line 4)',
    ]);
  });

  it('tcp:// and tls:// need a port', () => {
    expect(problems('targets: [{ id: db, url: "tcp://db.kpu.go.id" }]')).toEqual([
      'targets[0].url: "tcp://db.kpu.go.id" has no port — write tcp://host:port, e.g. tcp://db.kpu.go.id:5432 (line 1)',
    ]);
  });

  it('secret-looking inline headers point to secretHeaders', () => {
    expect(problems(`targets:
  - id: sirekap-api
    url: "https://sirekap.example/api"
    headers:
      Authorization: "Bearer abc.def"
      X-Trace: "Bearer 123"
      Accept: application/json
`)).toEqual([
      'targets[0].headers.Authorization: looks like a secret written inline — move it to secretHeaders: { Authorization: { ssm: /pantau/sirekap-api/authorization } } (or { secretsManager: <id>, jsonKey: <key> }) (line 5)',
      'targets[0].headers.X-Trace: looks like a secret written inline — move it to secretHeaders: { X-Trace: { ssm: /pantau/sirekap-api/x-trace } } (or { secretsManager: <id>, jsonKey: <key> }) (line 6)',
    ]);
    expect(problems('defaults: { headers: { X-Api-Key: k } }\ntargets: [{ id: a, url: "https://a.example/" }]')).toEqual([
      'defaults.headers.X-Api-Key: looks like a secret written inline — move it to secretHeaders: { X-Api-Key: { ssm: /pantau/defaults/x-api-key } } (or { secretsManager: <id>, jsonKey: <key> }) (line 1)',
    ]);
  });

  it('secretHeaders take { ssm } or { secretsManager, jsonKey } and never share a name with headers', () => {
    expect(problems(`targets:
  - id: a
    url: "https://a.example/"
    secretHeaders:
      X-Other: { vault: secret/x }
      X-Key: { secretsManager: "" }
`)).toEqual([
      'targets[0].secretHeaders.X-Other: expected { ssm: <parameter name> } or { secretsManager: <secret id>, jsonKey: <key> } — e.g. { ssm: /pantau/sirekap/token } (line 5)',
      'targets[0].secretHeaders.X-Key.secretsManager: is empty — write a value (line 6)',
    ]);
    expect(problems(`targets:
  - id: a
    url: "https://a.example/"
    headers: { X-Tenant: kpu }
    secretHeaders: { X-Tenant: { ssm: /pantau/a/tenant } }
`)).toEqual(['targets[0].headers.X-Tenant: is also in secretHeaders — keep X-Tenant in one of them (line 4)']);
  });

  it('regular expressions must compile (bodyMatches, bodyNotMatches, json matches, header patterns)', () => {
    expect(problems(`targets:
  - id: a
    url: "https://a.example/"
    expect:
      bodyMatches: ["(unclosed"]
      bodyNotMatches: "[z-a]"
      json: [{ path: status, matches: "*ok" }]
      headers: { content-type: "(" }
`)).toEqual([
      'targets[0].expect.bodyMatches[0]: "(unclosed" is not a valid regular expression (missing closing ): `(unclosed`) — fix the pattern or escape special characters such as ( [ . * with \\ (line 5)',
      'targets[0].expect.bodyNotMatches: "[z-a]" is not a valid regular expression (invalid character class range: `z-a`) — fix the pattern or escape special characters such as ( [ . * with \\ (line 6)',
      'targets[0].expect.json[0].matches: "*ok" is not a valid regular expression (missing argument to repetition operator: `*`) — fix the pattern or escape special characters such as ( [ . * with \\ (line 7)',
      'targets[0].expect.headers.content-type: "(" is not a valid regular expression (missing closing ): `(`) — fix the pattern or escape special characters such as ( [ . * with \\ (line 8)',
    ]);
  });

  it('JSON assertions: a valid JMESPath path and exactly one of equals / exists / matches', () => {
    expect(problems(`targets:
  - id: a
    url: "https://a.example/"
    expect:
      json:
        - { path: "data.[", equals: 1 }
        - { path: "nosuchfn(data)", exists: true }
        - { path: data.status }
        - { path: data.status, equals: ok, exists: true }
`)).toEqual([
      'targets[0].expect.json[0].path: "data.[" is not a valid JMESPath expression (parse error at column 6, found unexpected end of expression (EOF)) — see https://jmespath.org/tutorial.html, e.g. data.status or items[0].name (line 6)',
      'targets[0].expect.json[1].path: "nosuchfn(data)" is not a valid JMESPath expression (Unknown function: nosuchfn()) — see https://jmespath.org/tutorial.html, e.g. data.status or items[0].name (line 7)',
      'targets[0].expect.json[2]: says nothing about the value — add one of equals, exists or matches (line 8)',
      'targets[0].expect.json[3]: has equals and exists — use exactly one of equals, exists or matches per assertion (line 9)',
    ]);
  });

  it('enums, numbers and statuses', () => {
    expect(problems(`targets:
  - id: a
    url: "https://a.example/"
    severity: urgent
    metrics: full
    method: get
    maxRedirects: 50
    failureThreshold: 0
    maxBodyBytes: 1 parsec
    expect: { status: [200, "600-700", ok] }
`)).toEqual([
      'targets[0].severity: "urgent" is not allowed — use one of critical, high, low (line 4)',
      'targets[0].metrics: "full" is not allowed — use one of app, detailed (line 5)',
      'targets[0].method: "get" is not allowed — use one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS (line 6)',
      'targets[0].maxRedirects: 50 is too large — use a value ≤ 20 (line 7)',
      'targets[0].failureThreshold: 0 is too small — use a value ≥ 1 (line 8)',
      'targets[0].maxBodyBytes: "1 parsec" is not a size — write bytes (1048576) or a unit: 512KiB, 1MiB, 2MB (line 9)',
      'targets[0].expect.status[1]: "600-700" is not an HTTP status — write a code 100-599 or a range "200-299" (line 10)',
      'targets[0].expect.status[2]: "ok" is not an HTTP status — write a code 100-599 or a range "200-299" (line 10)',
    ]);
  });

  it('quorum: a number of regions ≤ the probe regions, or majority', () => {
    expect(problems(`regions: { home: ap-southeast-3, probes: [ap-southeast-3, ap-southeast-1] }
defaults: { quorum: most }
targets:
  - { id: a, url: "https://a.example/", quorum: 3 }
`)).toEqual([
      'defaults.quorum: "most" is not a quorum — write a whole number of regions ≥ 1, or majority (line 2)',
      'targets[0].quorum: 3 is more than the 2 probe regions (ap-southeast-3, ap-southeast-1) — lower quorum to ≤ 2 or add regions.probes (line 4)',
    ]);
  });

  it('fields the check kind cannot use, written on the target', () => {
    expect(problems(`targets:
  - { id: db, url: "tcp://10.0.0.5:5432", method: POST, tls: { insecureSkipVerify: true }, expect: { bodyContains: KPU } }
  - { id: ns, url: "dns://kpu.go.id", expect: { minCertDays: 7 } }
  - { id: web, url: "https://a.example/", expect: { values: ["1.2.3.4"] } }
`)).toEqual([
      'targets[0].method: a tcp:// target sends no HTTP request — remove method or use an https:// URL (line 2)',
      'targets[0].tls: a tcp:// target has no TLS — remove tls or use a tls://host:port or https:// URL (line 2)',
      'targets[0].expect.bodyContains: a tcp:// target cannot check bodyContains — remove it (tcp:// targets check maxLatencyMs, warnLatencyMs) (line 2)',
      'targets[1].expect.minCertDays: a dns:// target cannot check minCertDays — remove it (dns:// targets check maxLatencyMs, warnLatencyMs, values, allow) (line 3)',
      'targets[2].expect.values: a http(s):// target cannot check values — remove it (http(s):// targets check status, body, bodyContains, bodyNotContains, bodyMatches, bodyNotMatches, json, headers, maxLatencyMs, warnLatencyMs, minCertDays, warnCertDays) (line 4)',
    ]);
  });

  it('soft bounds below hard ones; freshness at least the interval', () => {
    expect(problems(`defaults: { expect: { warnLatencyMs: 5000 } }
targets:
  - { id: a, url: "https://a.example/", timeout: 5s, expect: { maxLatencyMs: 4000, minCertDays: 14, warnCertDays: 7 } }
  - { id: b, url: "https://b.example/", timeout: 2s, expect: { maxLatencyMs: 3000 } }
  - { id: c, url: "https://c.example/", interval: 1m, freshness: 30s }
`)).toEqual([
      'targets[0].expect.maxLatencyMs: warnLatencyMs 5000 must be below maxLatencyMs 4000 — the soft bound warns before the hard one fails (line 3)',
      'targets[0].expect.warnCertDays: warnCertDays 7 must be above minCertDays 14 — the warning comes before the failure (line 3)',
      'targets[1].expect.maxLatencyMs: warnLatencyMs 5000 must be below maxLatencyMs 3000 — the soft bound warns before the hard one fails (line 4)',
      'targets[1].expect.maxLatencyMs: 3000 ms is not below timeout 2s, so it can never fail — lower maxLatencyMs or raise timeout (line 4)',
      'targets[2].freshness: 30s is shorter than interval 1m, so no region would ever count as fresh — raise freshness (default 3 × interval) (line 5)',
    ]);
  });

  it('tls.ca must be a readable PEM file, relative to the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pantau-ca-'));
    writeFileSync(join(dir, 'not-a-cert.pem'), 'hello\n');
    expect(problems(`targets:
  - { id: a, url: "https://a.example/", tls: { ca: missing.pem } }
  - { id: b, url: "https://b.example/", tls: { ca: not-a-cert.pem } }
`, dir)).toEqual([
      `targets[0].tls.ca: cannot read "missing.pem" (no such file: ${join(dir, 'missing.pem')}) — give a PEM file path relative to the config file (line 2)`,
      'targets[1].tls.ca: "not-a-cert.pem" holds no PEM certificate (no -----BEGIN CERTIFICATE----- line) — point tls.ca at the CA bundle in PEM form (line 3)',
    ]);
  });

  it('an apps entry no target uses is probably a typo', () => {
    expect(problems('apps: { sirekapp: { severity: critical } }\ntargets: [{ id: a, app: sirekap, url: "https://a.example/" }]')).toEqual([
      'apps.sirekapp: no target has app "sirekapp" — set app: sirekapp on its targets, fix the spelling, or remove this entry (line 1)',
    ]);
  });
});

describe('top level, regions and alerting', () => {
  it('regions must be AWS region codes, each listed once', () => {
    expect(problems('regions: { home: jakarta, probes: [ap-southeast-1, ap-southeast-1] }\ntargets: [{ id: a, url: "https://a.example/" }]')).toEqual([
      'regions.home: "jakarta" is not an AWS region code — use e.g. ap-southeast-3 (Jakarta) or ap-southeast-1 (Singapore) (line 1)',
    ]);
    expect(problems('regions: { probes: [ap-southeast-1, ap-southeast-1] }\ntargets: [{ id: a, url: "https://a.example/" }]')).toEqual([
      'regions.probes[1]: "ap-southeast-1" is listed twice — list each probe region once (line 1)',
    ]);
  });

  it('project, namespace, sizes and tags', () => {
    expect(problems(`project: "pantau kpu"
metricsNamespace: AWS/Pantau
historyDays: 0
tags: { "aws:owner": x }
targets: [{ id: a, url: "https://a.example/" }]
`)).toEqual([
      'project: is not a valid project name — use up to 32 letters, digits and "-", starting with a letter (it prefixes stack names) (line 1)',
      'metricsNamespace: is not a usable CloudWatch namespace — use letters, digits and . - _ / # : (not starting with AWS/), e.g. Pantau (line 2)',
      'historyDays: 0 is too small — use a value ≥ 1 (line 3)',
      'tags["aws:owner"]: tag key "aws:owner" uses the reserved aws: prefix — rename it (line 4)',
    ]);
  });

  it('log retention is one of the periods CloudWatch Logs accepts', () => {
    expect(problems(`logRetentionDays: 100
targets: [{ id: a, url: "https://a.example/" }]
`)).toEqual([
      'logRetentionDays: is not a CloudWatch Logs retention — use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (days) (line 1)',
    ]);
    expect(parseConfig('logRetentionDays: 731\ntargets: [{ id: a, url: "https://a.example/" }]\n').logRetentionDays).toBe(731);
  });

  it('subscription endpoints: e-mail, E.164 phone numbers, https URLs; filters name real things', () => {
    expect(problems(`alerting:
  topics:
    critical:
      subscriptions:
        - { protocol: email, endpoint: noc-at-kpu.go.id }
        - { protocol: sms, endpoint: "0812 3456 7890" }
        - { protocol: https, endpoint: "http://chat.example.com/hook" }
        - { protocol: pager, endpoint: x }
        - { protocol: email, endpoint: noc@example.com, filter: { app: [sirekapp], kind: [down, up] } }
  timezone: Asia/Jakarta_Typo
targets: [{ id: a, app: sirekap, url: "https://a.example/" }]
`)).toEqual([
      'alerting.topics.critical.subscriptions[0].endpoint: "noc-at-kpu.go.id" is not an email address — write e.g. noc@example.com (line 5)',
      'alerting.topics.critical.subscriptions[1].endpoint: "0812 3456 7890" is not an E.164 phone number — write + country code and number without spaces, e.g. +6281234567890 (line 6)',
      'alerting.topics.critical.subscriptions[2].endpoint: "http://chat.example.com/hook" is not an https:// URL — write e.g. https://chat.example.com/hooks/pantau (line 7)',
      'alerting.topics.critical.subscriptions[3].protocol: "pager" is not allowed — use one of email, sms, https, telegram, slack, teams (line 8)',
      'alerting.timezone: "Asia/Jakarta_Typo" is not an IANA time zone — use e.g. Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT) (line 10)',
    ]);
    expect(problems(`alerting:
  topics:
    info:
      subscriptions:
        - { protocol: email, endpoint: noc@example.com, filter: { app: [sirekapp], kind: [down, up] } }
targets: [{ id: a, app: sirekap, url: "https://a.example/" }]
`)).toEqual([
      'alerting.topics.info.subscriptions[0].filter.app[0]: "sirekapp" is not a known app in this config — use one of sirekap (line 5)',
      'alerting.topics.info.subscriptions[0].filter.kind[1]: "up" is not a known kind in this config — use one of down, recovered, reminder, flapping, degraded, security, security_digest, acknowledged (line 5)',
    ]);
  });
});

describe('maintenance windows', () => {
  const targets = 'targets: [{ id: jdih, url: "https://jdih.kpu.go.id/" }]';

  it('exactly one schedule form, with its parts', () => {
    expect(problems(`maintenance:
  - { name: none }
  - { name: both, cron: "0 2 * * *", weekdays: [sun], at: "02:00", duration: 1h }
  - { name: no-duration, cron: "0 2 * * *" }
  - { name: half, start: 2026-02-14T22:00 }
  - { name: no-at, weekdays: [sun], duration: 1h }
${targets}
`)).toEqual([
      'maintenance[0]: has no schedule — add start+end, cron+duration, or weekdays+at+duration (line 2)',
      'maintenance[1]: mixes cron and weekdays/at — use exactly one form: start+end, cron+duration, or weekdays+at+duration (line 3)',
      'maintenance[2].duration: required with cron — add duration: 2h (line 4)',
      'maintenance[3].end: required with start — add end: 2026-02-14T06:00 (line 5)',
      'maintenance[4].at: required with weekdays — add at: "01:00" (line 6)',
    ]);
  });

  it('cron is checked with croner; times, time zones and names must be real', () => {
    expect(problems(`maintenance:
  - { name: bad-cron, cron: "61 * * * *", duration: 1h }
  - { name: six, cron: "0 0 2 * * *", duration: 1h }
  - { name: never, cron: "0 0 31 2 *", duration: 1h }
  - { name: tz, timezone: Mars/Olympus, weekdays: [sun], at: "25:00", duration: 1h }
  - { name: order, start: 2026-02-14T22:00, end: 2026-02-14T21:00 }
  - { name: who, targets: [jdhi], apps: [nope], start: 2026-02-30T22:00, end: 2026-03-01T01:00 }
${targets}
`)).toEqual([
      'maintenance[0].cron: "61 * * * *" is not a valid cron expression (Invalid value for minute: 61) — e.g. "0 2 * * sun" for 02:00 every Sunday (line 2)',
      'maintenance[1].cron: "0 0 2 * * *" has 6 fields — write 5: minute hour day-of-month month day-of-week, e.g. "0 2 * * sun" (line 3)',
      'maintenance[2].cron: "0 0 31 2 *" never matches a date — check the day and month fields (line 4)',
      'maintenance[3].timezone: "Mars/Olympus" is not an IANA time zone — use e.g. Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT) (line 5)',
      'maintenance[3].at: is not a time of day — write "HH:MM" in 24-hour form, e.g. "02:00" (line 5)',
      'maintenance[4].end: 2026-02-14T21:00 is not after start 2026-02-14T22:00 — end must be later than start (line 6)',
      'maintenance[5].targets[0]: "jdhi" is not a target id in this config — use an id from targets[].id (line 7)',
      'maintenance[5].apps[0]: "nope" is not an app in this config — use one of jdih (line 7)',
      'maintenance[5].start: "2026-02-30T22:00" is not a date-time — write YYYY-MM-DDTHH:MM in the window\'s time zone (e.g. 2026-02-14T22:00) or add an offset (2026-02-14T22:00+07:00) (line 7)',
    ]);
  });

  it('compares start and end across offsets', () => {
    expect(() => parseConfig(`maintenance: [{ name: ok, start: "2026-02-14T22:00", end: "2026-02-14T16:30Z" }]\n${targets}`)).not.toThrow();
    expect(problems(`maintenance: [{ name: bad, start: "2026-02-14T22:00", end: "2026-02-14T14:30Z" }]\n${targets}`)).toEqual([
      'maintenance[0].end: 2026-02-14T14:30Z is not after start 2026-02-14T22:00 — end must be later than start (line 1)',
    ]);
  });
});

describe('capacity sources', () => {
  it('sources need resources (or the preset), used or free, warn below critical', () => {
    expect(problems(`capacity:
  - site: PDN-Cikarang
    source: { type: prometheus, url: "http://127.0.0.1:9100/metrics" }
  - site: PDN-Batam
    warnPct: 95
    source:
      type: prometheus
      url: "http://127.0.0.1:9100/metrics"
      resources:
        - { name: mem, unit: bytes, used: a, free: b, total: c }
        - { name: disk, unit: bytes, total: 100 }
        - { name: net, unit: bps, free: x, total: 1e9, rate: true }
`)).toEqual([
      'capacity[0].source.resources: none given — add resources: [{ name, unit, used|free, total }], or preset: node-exporter (line 3)',
      'capacity[1].warnPct: warnPct 95 must be below criticalPct 90 — the warning comes before the critical level (line 5)',
      'capacity[1].source.resources[0].free: is given together with used — give used or free, not both (line 10)',
      'capacity[1].source.resources[1]: has neither used nor free — give one of them (and total) (line 11)',
      'capacity[1].source.resources[2].rate: a rate needs a used counter — give used: <counter metric> or drop rate (line 12)',
    ]);
  });

  it('source types, URLs, selectors, JMESPath and CloudWatch periods are checked', () => {
    expect(problems(`capacity:
  - { site: a, source: { type: snmp, url: "http://x" } }
  - { site: b, source: { type: prometheus, url: "ftp://x", preset: node-exporter } }
  - site: c
    source:
      type: prometheus
      url: "http://127.0.0.1:9100/metrics"
      resources:
        - { name: fs, unit: bytes, used: { metric: "node-fs", labels: { fstype: "~(ext4" } }, total: { metric: size, agg: sum } }
  - site: d
    source:
      type: http-json
      url: "https://dcim.example.com/api"
      resources: [{ name: rack, unit: units, used: "racks[", total: 42 }]
  - site: d2
    source: { type: http-json, url: "https://dcim.example.com/api", headers: { X-Api-Key: k }, resources: [{ name: rack, unit: units, used: racks, total: 42 }] }
  - site: e
    source:
      type: cloudwatch
      resources: [{ name: db, unit: bytes, namespace: AWS/RDS, metric: FreeStorageSpace, meaning: free, total: 100, period: 90s }]
`)).toEqual([
      'capacity[0].source.type: "snmp" is not allowed — use one of prometheus, http-json, cloudwatch (line 2)',
      'capacity[1].source.url: "ftp://x" is not an http(s) URL — write e.g. http://127.0.0.1:9100/metrics (line 3)',
      'capacity[2].source.resources[0].used.metric: is not a Prometheus metric name — use letters, digits, _ and :, e.g. node_memory_MemTotal_bytes (line 9)',
      'capacity[2].source.resources[0].used.labels.fstype: "(ext4" is not a valid regular expression (missing closing ): `(ext4`) — fix the pattern or escape special characters such as ( [ . * with \\ (line 9)',
      'capacity[2].source.resources[0].total.agg: unknown field — did you mean aggregate? (line 9)',
      'capacity[3].source.resources[0].used: "racks[" is not a valid JMESPath expression (parse error at column 6, found unexpected end of expression (EOF)) — see https://jmespath.org/tutorial.html, e.g. data.status or items[0].name (line 14)',
      'capacity[4].source.headers.X-Api-Key: looks like a secret written inline — move it to secretHeaders: { X-Api-Key: { ssm: /pantau/d2/x-api-key } } (or { secretsManager: <id>, jsonKey: <key> }) (line 16)',
      'capacity[5].source.resources[0].period: 1m30s is not a CloudWatch period — use 1s, 5s, 10s, 30s or a multiple of 1m (e.g. 5m) (line 20)',
    ]);
  });

  it('(site, resource) is the metric key: no duplicate names, one node-exporter preset per site', () => {
    expect(problems(`capacity:
  - { site: pdn, source: { type: prometheus, url: "http://127.0.0.1:9100/metrics", preset: node-exporter } }
  - { site: pdn, source: { type: prometheus, url: "http://127.0.0.2:9100/metrics", preset: node-exporter } }
  - { site: dc, source: { type: http-json, url: "https://a.example/", resources: [{ name: power, unit: watts, used: a, total: 1 }] } }
  - { site: dc, id: dc/0, source: { type: http-json, url: "https://b.example/", resources: [{ name: power, unit: watts, used: a, total: 1 }] } }
`)).toEqual([
      'capacity[1].source.preset: site pdn already has a node-exporter preset in capacity[0] — both would report cpu and memory; give each host its own site (line 3)',
      'capacity[3].id: source id "dc/0" is already used by capacity[2] — set a unique id on this source (line 5)',
      'capacity[3].source.resources[0].name: "power" is already a resource of site dc — resource names must be unique per site (line 5)',
    ]);
  });
});

describe('all problems at once', () => {
  it('a file with problems in every section reports each of them, in file order', () => {
    const lines = problemsOf(() => loadConfig(join(FIXTURES, 'invalid-many.yaml')));
    expect(lines).toEqual([
      'regions.home: "ap-jakarta-1" is not an AWS region code — use e.g. ap-southeast-3 (Jakarta) or ap-southeast-1 (Singapore) (line 3)',
      'defaults.intervall: unknown field — did you mean interval? (line 5)',
      'alerting.storm.window: "2 minutes" is not a duration — write e.g. 500ms, 30s, 1m, 1h30m, 7d (line 8)',
      'maintenance[0].cron: "every sunday" has 2 fields — write 5: minute hour day-of-month month day-of-week, e.g. "0 2 * * sun" (line 11)',
      'targets[0].url: "htp://x" is not an http(s) URL (nor tcp://, tls:// or dns://) — use https://host/path (line 15)',
      'targets[0].severity: "urgent" is not allowed — use one of critical, high, low (line 16)',
      'targets[1].timeout: 30s must be shorter than interval 30s — lower timeout or raise interval (line 19)',
      'targets[2].id: "kpu-www" is already used by targets[0] — give every target a unique id (line 21)',
      'targets[2].url: "tcp://db.kpu.go.id" has no port — write tcp://host:port, e.g. tcp://db.kpu.go.id:5432 (line 22)',
      'capacity[0].source.resources: none given — add resources: [{ name, unit, used|free, total }], or preset: node-exporter (line 25)',
    ]);
    // One line per problem, no stack trace, nothing else.
    for (const line of lines) expect(line).toMatch(/^[^\n]+: .+ — .+$/);
  });
});

describe('alert filters name what the alert engine sends', () => {
  it('accepts storm groups and capacity subjects as targets, rejects unknown ones', () => {
    const yaml = (target: string) => `
alerting:
  topics:
    critical:
      subscriptions: [{ protocol: email, endpoint: noc@example.com, filter: { target: ["${target}"] } }]
  storm: { threshold: 1 }
targets: [{ id: web, app: sirekap, url: "https://a.example/" }]
capacity: [{ site: pdn, source: { type: prometheus, url: "http://127.0.0.1:9100/metrics", preset: node-exporter } }]
`;
    for (const ok of ['web', 'group:sirekap', 'capacity:pdn/cpu', 'capacity:pdn/filesystem:/']) {
      expect(() => parseConfig(yaml(ok)), ok).not.toThrow();
    }
    expect(parseConfig(yaml('web')).alerting.storm.threshold).toBe(1);
    expect(problems(yaml('group:nope'))).toEqual([
      'alerting.topics.critical.subscriptions[0].filter.target[0]: "group:nope" is not a known target in this config — use one of web (line 5)',
    ]);
  });
});

describe('common slips', () => {
  it('a bare URL as a target, an empty key, an empty targets list', () => {
    expect(problems(`targets:
  - https://www.kpu.go.id/
  - id: kpu
    url: https://www.kpu.go.id/
    expect:
`)).toEqual([
      'targets[0]: "https://www.kpu.go.id/" is a bare value — write a target as { id: <name>, url: https://www.kpu.go.id/ } (line 2)',
      'targets[1].expect: is empty — give it a mapping or remove the key (line 5)',
    ]);
    expect(problems('targets:\n')).toEqual([
      'targets: nothing to watch — add targets: [{ id: kpu-www, url: https://www.kpu.go.id/ }] or a capacity: source (line 1)',
    ]);
  });

  it('empty defaults:, apps entries and alerting: mean "nothing to add"', () => {
    const config = parseConfig('defaults:\napps:\n  kpu:\nalerting:\ntargets: [{ id: kpu, url: "https://www.kpu.go.id/" }]\n');
    expect(config.targets[0]!.severity).toBe('high');
  });
});

describe('failureRate (intermittent failures)', () => {
  it('names impossible windows and single-blip levels with the fix', () => {
    expect(
      problems(`
defaults: { failureRate: { of: 8, atLeast: 9 } }
targets:
  - { id: a, url: "https://a.example/" }
  - { id: c, url: "https://c.example/", failureRate: { of: 10, atLeast: 4, warnAtLeast: 1 } }
  - { id: d, url: "https://d.example/", failureRate: { of: 10, atLeast: 4, warnAtLeast: 6 } }
  - { id: e, url: "https://e.example/", failureRate: { of: 1 } }
  - { id: f, url: "https://f.example/", failureRate: sometimes }
`),
    ).toEqual([
      'defaults.failureRate.atLeast: 9 is more than the window of 8 checks, so it could never fire — lower atLeast or raise of (line 2)',
      'targets[1].failureRate.warnAtLeast: 1 would alert on a single blip — use 2 or more, or 0 for no DEGRADED level (line 5)',
      'targets[2].failureRate.warnAtLeast: 6 is not below atLeast 4 — lower it, or 0 for no DEGRADED level (line 6)',
      expect.stringMatching(/^targets\[3\]\.failureRate\.of: .*\(line 7\)$/),
      expect.stringMatching(/^targets\[4\]\.failureRate: .*\(line 8\)$/),
    ]);
  });

  it('off turns it off; a lower atLeast without warnAtLeast drops the warning level instead of failing', () => {
    const config = parseConfig(`
targets:
  - { id: a, url: "https://a.example/", failureRate: off }
  - { id: b, url: "https://b.example/", failureRate: { atLeast: 3 } }
  - { id: c, url: "https://c.example/", failureRate: false }
`);
    expect(config.targets.map((t) => t.alerting.failureRate)).toEqual([
      null,
      { of: 10, atLeast: 3, then: 'down', warnAtLeast: null },
      null,
    ]);
  });
});

describe('regions.controls (control checks)', () => {
  it('become 5-second checks of their own, never targets; a bad URL is named', () => {
    const config = parseConfig(`
regions: { home: ap-southeast-3, probes: [ap-southeast-1], controls: ["https://www.cloudflare.com/", "dns://example.com?resolver=1.1.1.1:53"] }
targets:
  - { id: a, url: "https://a.example/" }
`);
    expect(config.controls!.map((c) => [c.id, c.kind, c.timeoutMs, c.url])).toEqual([
      ['control-1', 'http', 5000, 'https://www.cloudflare.com/'],
      ['control-2', 'dns', 5000, 'dns://example.com?resolver=1.1.1.1:53'],
    ]);
    expect(config.targets.map((t) => t.id)).toEqual(['a']);
    expect(
      problems(`
regions: { controls: ["htp://x"] }
targets:
  - { id: a, url: "https://a.example/" }
`),
    ).toEqual([expect.stringMatching(/^regions\.controls\[0\]: "htp:\/\/x" is not an http\(s\) URL .*\(line 2\)$/)]);
  });
});
