import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../lib/local/cli';
import { startHttpServer, type RunningServer } from '../support/servers';

/**
 * The on-call workflow through the real CLI on a --store folder: a loopback target that fails
 * (503) goes DOWN under `watch --cycles`; `incidents`, `ack`, `note`, `silence`, `unsilence` and
 * `maintenance` then work on the same store, and the next `watch` run honours them.
 */

let server: RunningServer;
let dir: string;

beforeAll(async () => {
  server = await startHttpServer((_req, res) => {
    res.statusCode = 503;
    res.end('Service Unavailable');
  });
  dir = mkdtempSync(join(tmpdir(), 'pantau-oncall-'));
  writeFileSync(
    join(dir, 'pantau.config.yaml'),
    [
      'project: pantau-oncall',
      'targets:',
      '  - id: sirekap-web',
      '    app: sirekap',
      '    severity: critical',
      `    url: ${server.url}/health`,
      '    interval: 1s',
      '    timeout: 800ms',
      '    failureThreshold: 1',
      '    tags: { province: Bali }',
      '',
    ].join('\n'),
  );
});
afterAll(async () => server.close());

/** Runs the CLI in-process; returns the exit code and what it printed. */
async function pantau(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (out.push(String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (err.push(String(c)), true));
  try {
    const code = await main([...args, '--config', join(dir, 'pantau.config.yaml')]);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

function alerts(file: string): Array<{ kind: string; message: string }> {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
}

const incidentsJson = async (store: string) =>
  (await pantau('incidents', '--json', '--store', store)).out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('pantau incidents, ack, note', () => {
  it('lists the incident, acknowledges it once (announced once), keeps notes', async () => {
    const store = join(dir, 'store-ack');
    const first = join(dir, 'ack-1.jsonl');
    await pantau('watch', '--store', store, '--cycles', '2', '--alerts-jsonl', first);
    expect(alerts(first).map((a) => a.kind)).toEqual(['down']);

    const [incident, ...rest] = await incidentsJson(store);
    expect(rest).toEqual([]);
    expect(incident).toMatchObject({ subject: 'sirekap-web', app: 'sirekap', status: 'open', end: null, cause: 'status', regions: ['local'], alertsSent: 1, ack: null, notes: [] });
    expect(incident.id).toMatch(/^sirekap-web@\d{8}T\d{6}Z$/);
    expect(Object.keys(incident)).toEqual(expect.arrayContaining(['id', 'subject', 'start', 'end', 'durationMs', 'cause', 'regions', 'alertsSent', 'ack', 'notes']));

    const ack = await pantau('ack', incident.id, '--by', 'ana', '--note', 'ISP called', '--store', store);
    expect(ack.code).toBe(0);
    expect(ack.out).toBe(`${incident.id} acknowledged by ana; reminders stop; announced\n`);
    expect(ack.err).toMatch(/ACKNOWLEDGED Sirekap \(127\.0\.0\.1:\d+\) by ana at \d\d:\d\d WIB: "ISP called"/);

    const again = await pantau('ack', incident.id, '--by', 'budi', '--store', store);
    expect(again.out).toMatch(/was already acknowledged by ana at \d\d:\d\d WIB; nothing sent/);
    expect(again.err).not.toMatch(/ACKNOWLEDGED/);

    // The next run neither re-sends the announcement (it left the outbox) nor anything else.
    const second = join(dir, 'ack-2.jsonl');
    await pantau('watch', '--store', store, '--cycles', '1', '--alerts-jsonl', second);
    expect(alerts(second)).toEqual([]);

    expect((await pantau('note', incident.id, 'ISP link restored', '--public', '--by', 'budi', '--store', store)).code).toBe(0);
    expect((await pantau('note', incident.id, 'internal: vendor ticket 42', '--store', store)).code).toBe(0);
    const [listed] = await incidentsJson(store);
    expect(listed.ack).toMatchObject({ by: 'ana', note: 'ISP called' });
    expect(listed.notes.map((n: { text: string; public: boolean; by?: string }) => [n.text, n.public])).toEqual([
      ['ISP link restored', true],
      ['internal: vendor ticket 42', false],
    ]);
    expect((await pantau('incidents', '--open', '--store', store)).out).toMatch(/ana \d\d:\d\d WIB +\[public\] ISP link restored \| internal/);
  }, 60_000);

  it('an unknown incident id is one line, exit 2', async () => {
    const store = join(dir, 'store-empty');
    for (const args of [['ack', 'nope@20261202T000000Z'], ['note', 'nope@20261202T000000Z', 'text']]) {
      const run = await pantau(...args, '--store', store);
      expect(run.code).toBe(2);
      expect(run.err).toBe('error: unknown incident "nope@20261202T000000Z" — list them with: pantau incidents\n');
    }
  });
});

describe('pantau silence and maintenance', () => {
  it('a silence set through the CLI holds the next run\'s page, still records the incident; unsilence pages again', async () => {
    const store = join(dir, 'store-silence');
    const set = await pantau('silence', 'tag:province=Bali', '--for', '2h', '--reason', 'DNS move', '--by', 'ana', '--store', store);
    expect(set.code).toBe(0);
    const id = /^(sil-[0-9a-f]{6}): silenced tag:province=Bali from/.exec(set.out)?.[1];
    expect(id).toBeDefined();
    expect((await pantau('silences', '--store', store)).out).toMatch(new RegExp(`${id} +tag:province=Bali +now +(\\d+ \\w+ )?\\d\\d:\\d\\d WIB +ana +DNS move`));

    const held = join(dir, 'silence-1.jsonl');
    const watched = await pantau('watch', '--store', store, '--cycles', '2', '--alerts-jsonl', held);
    expect(alerts(held)).toEqual([]);
    // The status output says why it is quiet: once, when the silence starts to apply.
    const marked = watched.out.split('\n').filter((l) => l.startsWith('silenced'));
    expect(marked).toEqual([expect.stringMatching(new RegExp(`^silenced {5}sirekap-web {2}by ana until (\\d+ \\w+ )?\\d\\d:\\d\\d WIB: "DNS move" \\(${id}\\)$`))]);
    const checked = await pantau('check', '--store', store);
    expect(checked.out).toMatch(new RegExp(`\\nsilenced {5}sirekap-web {2}by ana until .*\\(${id}\\)\\n`));
    const [incident] = await incidentsJson(store);
    expect(incident).toMatchObject({ status: 'open', maintenance: expect.stringMatching(/^silenced by ana until (\d+ \w+ )?\d\d:\d\d WIB \("DNS move"\)$/) });

    expect((await pantau('unsilence', id!, '--store', store)).out).toMatch(new RegExp(`^${id} removed`));
    expect((await pantau('unsilence', id!, '--store', store)).code).toBe(2);
    const after = join(dir, 'silence-2.jsonl');
    await pantau('watch', '--store', store, '--cycles', '1', '--alerts-jsonl', after);
    const paged = alerts(after);
    expect(paged.map((a) => a.kind)).toEqual(['down']);
    expect(paged[0]!.message).toMatch(/; after silenced by ana until/);
  }, 60_000);

  it('an ad-hoc maintenance window works the same way and is listed; bad input is one line, exit 2', async () => {
    const store = join(dir, 'store-maintenance');
    const add = await pantau('maintenance', 'add', 'app:sirekap', '--for', '1h', '--reason', 'switch swap', '--store', store);
    expect(add.code).toBe(0);
    const id = /^(mnt-[0-9a-f]{6}):/.exec(add.out)?.[1];
    expect((await pantau('maintenance', 'list', '--json', '--store', store)).out).toContain(`"id":"${id}"`);
    const held = join(dir, 'maintenance.jsonl');
    await pantau('watch', '--store', store, '--cycles', '1', '--alerts-jsonl', held);
    expect(alerts(held)).toEqual([]);
    expect((await pantau('maintenance', 'remove', id!, '--store', store)).code).toBe(0);

    const bad = await pantau('silence', 'app:nope', '--for', '2h', '--reason', 'x', '--store', store);
    expect([bad.code, bad.err]).toEqual([2, 'error: no app "nope" in the config — write app:<targets[].app>\n']);
    const noReason = await pantau('silence', 'sirekap-web', '--for', '2h', '--store', store);
    expect(noReason.code).toBe(2);
    expect(noReason.err).toMatch(/^error: --reason: required/);
  }, 60_000);
});
