import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { captureOutput } from '../support/capture';
import { main } from '../../lib/local/cli';
import { makeCertificate, type GeneratedCert } from '../support/servers';

/**
 * `pantau patrol accept` end to end on a loopback https site and a --store folder: a certificate
 * swapped to another issuer and a redesigned page each raise their finding; accepting them
 * learns the baseline again from fresh checks and the open finding resolves.
 */

let dir: string;
let server: https.Server;
let page = '<h1>Komisi Pemilihan Umum</h1><p>Tahapan pemilu</p><p>Daftar pemilih</p><p>Berita terkini</p>';
let url: string;

const serve = (cert: GeneratedCert) => server.setSecureContext({ cert: cert.cert, key: cert.key });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pantau-accept-'));
  const first = await makeCertificate({ commonName: 'Pantau Test CA' });
  server = https.createServer({ cert: first.cert, key: first.key }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><head><title>KPU</title></head><body>${page}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureOutput();
  try {
    const code = await main(args);
    return { code, out: io.out(), err: io.err() };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('pantau patrol accept', () => {
  const config = () => {
    const path = join(dir, 'accept.yaml');
    writeFileSync(
      path,
      `targets:
  - id: kpu-site
    app: kpu-kota
    url: "${url}"
    timeout: 3s
    failureThreshold: 1
    successThreshold: 1
    tls: { insecureSkipVerify: true }
    patrol: { learnChecks: 1, cloaking: false, headers: false }
`,
    );
    return path;
  };

  it('accepts a certificate from another issuer, then a redesigned page: each open finding resolves', async () => {
    const cfg = config();
    const store = ['--config', cfg, '--store', join(dir, 'store')];
    expect((await cli(['check', ...store])).code).toBe(0); // learns the certificate and the page
    expect((await cli(['check', ...store])).code).toBe(0);

    serve(await makeCertificate({ commonName: 'Rogue Issuing CA' }));
    const swapped = await cli(['check', ...store]);
    expect(swapped.out).toMatch(/SECURITY kpu-site cert_changed: issuer changed: "CN=Pantau Test CA" → "CN=Rogue Issuing CA"/);
    expect(swapped.err).toMatch(/SECURITY cert_changed/); // the alert opened

    const accepted = await cli(['patrol', 'accept', 'kpu-site', '--finding', 'cert_changed', ...store]);
    expect(accepted.code, accepted.out + accepted.err).toBe(0);
    expect(accepted.out).toMatch(/SECURITY RESOLVED cert_changed .*certificate accepted or restored/);
    expect(accepted.out).toContain('kpu-site: accepted');
    const after = await cli(['check', ...store]);
    expect(after.out).not.toMatch(/cert_changed/);

    page = '<h1>Portal baru KPU</h1><p>Layanan informasi publik</p><p>Peta rekapitulasi</p><p>Kontak kami</p>';
    const redesigned = await cli(['check', ...store]);
    expect(redesigned.out).toMatch(/SECURITY kpu-site content_changed/);
    const all = await cli(['patrol', 'accept', 'kpu-site', ...store]);
    expect(all.code, all.out + all.err).toBe(0);
    expect(all.out).toContain('accepting cert_changed, content_changed');
    expect(all.out).toMatch(/SECURITY RESOLVED content_changed .*page text back within the baseline/);
    const clean = await cli(['patrol', '--json', ...store]);
    expect(clean.code).toBe(0);
    expect(clean.out.trim()).toBe('');
  }, 60_000);

  it('refuses, naming the fix, a finding that rests on no baseline or a target it does not know (exit 2)', async () => {
    const cfg = config();
    const lexicon = await cli(['patrol', 'accept', 'kpu-site', '--finding', 'defacement', '--config', cfg]);
    expect(lexicon.code).toBe(2);
    expect(lexicon.err).toContain('add it to patrol.lexicon.ignore');
    const unknown = await cli(['patrol', 'accept', 'kpu-nope', '--config', cfg]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown target kpu-nope');
    const wrongKind = await cli(['patrol', 'accept', 'kpu-site', '--finding', 'dns_ns_changed', '--config', cfg]);
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.err).toContain('never judge dns_ns_changed');
  });
});
