import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTarget } from '../support/config-fixture';
import { findingsOf, PatrolHarness, patrolSpec } from '../support/patrol';

/**
 * weak_tls against real loopback TLS servers: one that speaks only TLS 1.0/1.1 (Node's client
 * refuses it, so the check fails: the refusal is the evidence), one that negotiates a CBC-SHA1
 * suite, one whose leaf is a 1024-bit RSA key signed with SHA-1 (made with the openssl CLI), and
 * a modern one that raises nothing.
 */

let dir: string;
const servers: tls.Server[] = [];

function certificate(name: string, bits: number, digest: string): { key: Buffer; cert: Buffer } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  execFileSync('openssl', ['req', '-x509', '-newkey', `rsa:${bits}`, `-${digest}`, '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

async function serve(options: tls.TlsOptions): Promise<string> {
  const server = tls.createServer(options, (socket) => socket.end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `tls://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const target = (id: string, url: string) => makeTarget({ id, kind: 'tls', url, timeoutMs: 3_000, tls: { insecureSkipVerify: true }, patrol: patrolSpec({ cloaking: false }) });

let strong: { key: Buffer; cert: Buffer };
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pantau-weak-tls-'));
  strong = certificate('strong', 2048, 'sha256');
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

describe('weak_tls', () => {
  it('a server that offers only TLS 1.1: the refused handshake is weak_tls evidence, not only a TLS error', async () => {
    const url = await serve({ ...strong, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
    const result = await new PatrolHarness().one(target('legacy', url));
    expect(result.ok).toBe(false);
    expect(result.error).toBe('tls');
    const [weak] = findingsOf(result.patrol, 'weak_tls');
    expect(weak?.evidence).toMatch(/^weak handshake: the server offers only TLS below 1\.2 \(refused: .*ALERT_PROTOCOL_VERSION/);
  });

  it('a CBC suite with a SHA-1 MAC', async () => {
    const url = await serve({ ...strong, maxVersion: 'TLSv1.2', ciphers: 'AES128-SHA@SECLEVEL=0' });
    const result = await new PatrolHarness().one(target('cbc-sha1', url));
    expect(result.ok).toBe(true);
    expect(findingsOf(result.patrol, 'weak_tls')[0]?.evidence).toBe('weak handshake: AES128-SHA');
  });

  it('a 1024-bit RSA key signed with SHA-1', async () => {
    const url = await serve({ ...certificate('weak-key', 1024, 'sha1'), ciphers: 'DEFAULT@SECLEVEL=0' });
    const result = await new PatrolHarness().one(target('rsa-1024', url));
    expect(findingsOf(result.patrol, 'weak_tls')[0]?.evidence).toBe('weak handshake: RSA 1024-bit key, SHA-1 signature');
  });

  it('a modern server (TLS 1.3, a 2048-bit key, SHA-256) raises nothing', async () => {
    const url = await serve({ ...strong });
    const verdict = (await new PatrolHarness().one(target('modern', url))).patrol!;
    expect(verdict.judged).toContain('weak_tls');
    expect(findingsOf(verdict, 'weak_tls')).toEqual([]);
  });
});
