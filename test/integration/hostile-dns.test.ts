import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectLabel, runCheckJson, type CheckJsonRun } from '../support/check-json';
import { startDnsServer, type DnsRecords, type RunningDnsServer } from '../support/servers';

/**
 * Honest DNS verdicts: a name that resolves to no address fails and says why. One loopback DNS
 * server (UDP + TCP) serves a zone of broken names; every row goes through the real
 * `pantau check --json` in one run and asserts the failure class and the exact reason.
 */

const label = (c: string) => c.repeat(60);
const LONG_A = `${label('a')}.${label('b')}.${label('c')}.kpu.test`;
const LONG_B = `${label('d')}.${label('e')}.${label('f')}.kpu.test`;

const ZONE: Record<string, DnsRecords> = {
  'ok.kpu.test': { A: ['10.0.0.1', '10.0.0.2'] },
  'v4only.kpu.test': { A: ['10.0.0.3'] },
  'www.kpu.test': { CNAME: 'edge.kpu.test' },
  'edge.kpu.test': { CNAME: 'origin.kpu.test' },
  'origin.kpu.test': { A: ['10.0.0.4'] },
  'loop-a.kpu.test': { CNAME: 'loop-b.kpu.test' },
  'loop-b.kpu.test': { CNAME: 'loop-a.kpu.test' },
  'self.kpu.test': { CNAME: 'self.kpu.test' },
  'dangling.kpu.test': { CNAME: 'missing.kpu.test' },
  'to-v4only.kpu.test': { CNAME: 'v4only.kpu.test' },
  'foreign.kpu.test': { A: ['10.0.0.5'], answerAs: 'other.example' },
  'via-foreign.kpu.test': { CNAME: 'foreign.kpu.test' },
  'big.kpu.test': { A: ['10.0.0.6'], truncated: true },
  'garbage.kpu.test': { garbage: true },
  'broken.kpu.test': { servfail: true },
  [LONG_A]: { CNAME: LONG_B },
  [LONG_B]: { CNAME: LONG_A },
  // chain-0 → chain-1 → … → chain-19: longer than any resolver follows.
  ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`chain-${i}.kpu.test`, { CNAME: `chain-${i + 1}.kpu.test` }])),
};

interface Row {
  id: string;
  name: string;
  type?: 'A' | 'AAAA' | 'CNAME';
  error: string | null;
  /** Expected reason; `R` stands for the resolver address. */
  reason: string | RegExp;
  answers?: string[];
}

const ROWS: Row[] = [
  { id: 'plain-a', name: 'ok.kpu.test', error: null, reason: 'ok', answers: ['10.0.0.1', '10.0.0.2'] },
  { id: 'cname-chain', name: 'www.kpu.test', error: null, reason: 'ok', answers: ['10.0.0.4'] },
  { id: 'cname-type', name: 'www.kpu.test', type: 'CNAME', error: null, reason: 'ok', answers: ['edge.kpu.test'] },
  { id: 'tc-bit-tcp-retry', name: 'big.kpu.test', error: null, reason: 'ok', answers: ['10.0.0.6'] },
  { id: 'nodata-aaaa', name: 'v4only.kpu.test', type: 'AAAA', error: 'dns', reason: 'DNS AAAA v4only.kpu.test: no AAAA record (NODATA) from R' },
  { id: 'nodata-cname', name: 'ok.kpu.test', type: 'CNAME', error: 'dns', reason: 'DNS CNAME ok.kpu.test: no CNAME record (NODATA) from R' },
  { id: 'nxdomain', name: 'gone.kpu.test', error: 'dns', reason: 'DNS A gone.kpu.test: name not found (NXDOMAIN) from R (ENOTFOUND)' },
  { id: 'servfail', name: 'broken.kpu.test', error: 'dns', reason: 'DNS A broken.kpu.test: server failure (SERVFAIL) from R (ESERVFAIL)' },
  {
    id: 'cname-loop',
    name: 'loop-a.kpu.test',
    error: 'dns',
    reason: 'DNS A loop-a.kpu.test: CNAME loop: loop-a.kpu.test → loop-b.kpu.test → loop-a.kpu.test from R',
  },
  { id: 'cname-self-loop', name: 'self.kpu.test', error: 'dns', reason: 'DNS A self.kpu.test: CNAME loop: self.kpu.test → self.kpu.test from R' },
  {
    id: 'cname-chain-too-long',
    name: 'chain-0.kpu.test',
    error: 'dns',
    reason: 'DNS A chain-0.kpu.test: CNAME chain longer than 16: chain-0.kpu.test → chain-1.kpu.test → chain-2.kpu.test → … from R',
  },
  {
    id: 'dangling-nxdomain-target',
    name: 'dangling.kpu.test',
    error: 'dns',
    reason: 'DNS A dangling.kpu.test: dangling CNAME: dangling.kpu.test → missing.kpu.test (no A address) from R',
  },
  {
    id: 'dangling-nodata-target',
    name: 'to-v4only.kpu.test',
    type: 'AAAA',
    error: 'dns',
    reason: 'DNS AAAA to-v4only.kpu.test: dangling CNAME: to-v4only.kpu.test → v4only.kpu.test (no AAAA address) from R',
  },
  { id: 'foreign-owner', name: 'foreign.kpu.test', error: 'dns', reason: 'DNS A foreign.kpu.test: answer for other.example, not foreign.kpu.test from R' },
  {
    id: 'foreign-owner-after-cname',
    name: 'via-foreign.kpu.test',
    error: 'dns',
    reason: 'DNS A via-foreign.kpu.test: answer for other.example, not foreign.kpu.test (CNAME via-foreign.kpu.test → foreign.kpu.test) from R',
  },
  { id: 'garbage-reply', name: 'garbage.kpu.test', error: 'protocol', reason: 'malformed DNS reply from R (EBADRESP)' },
  { id: 'long-names-loop-cut', name: LONG_A, error: 'dns', reason: new RegExp(`^DNS A ${LONG_A.replace(/\./g, '\\.')}: CNAME loop: .*…$`) },
];

let dns: RunningDnsServer;
let run: CheckJsonRun;

beforeAll(async () => {
  dns = await startDnsServer(ZONE);
  run = await runCheckJson(ROWS.map((r) => `{ id: ${r.id}, url: "dns://${r.name}?resolver=${dns.address}&type=${r.type ?? 'A'}" }`));
});

afterAll(async () => {
  await dns?.close();
});

describe('DNS verdicts that tell the truth (pantau check --json)', () => {
  it('exits 1: some names do not resolve', () => {
    expect(run.exitCode).toBe(1);
    expect(run.results.size).toBe(ROWS.length);
  });

  it.each(ROWS)('$id ($name $type) → $error', (row) => {
    const r = run.results.get(row.id);
    expectLabel(r, row.error, typeof row.reason === 'string' ? row.reason.replace(/\bR\b/, dns.address) : row.reason);
    if (row.answers) expect(r!.answers).toEqual(row.answers);
  });

  it('retries a truncated (TC) reply over TCP', () => {
    expect(dns.queries).toContainEqual({ name: 'big.kpu.test', type: 'A', tcp: true });
  });

  it('keeps the whole reason of a cut one in reasonFull', () => {
    const r = run.results.get('long-names-loop-cut')!;
    expect(r.reasonFull).toBe(`DNS A ${LONG_A}: CNAME loop: ${LONG_A} → ${LONG_B} → ${LONG_A} from ${dns.address}`);
  });
});
