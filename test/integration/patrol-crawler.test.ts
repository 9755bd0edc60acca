import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTarget } from '../support/config-fixture';
import { findingsOf, PatrolHarness, patrolSpec } from '../support/patrol';
import { startHttpServer, type RunningServer } from '../support/servers';

// A loopback site that cloaks for crawlers and whose sitemap the tests inject into.

const CLEAN = `<html><head><title>KPU Kota Contoh</title></head><body><h1>Komisi Pemilihan Umum</h1>
  <p>Pengumuman daftar pemilih tetap.</p><p>Jadwal tahapan pemilu.</p></body></html>`;
const FOR_CRAWLERS = `<html><head><title>SLOT GACOR MAXWIN hari ini</title></head><body><h1>Situs slot terpercaya</h1>
  <p>Daftar akun bermain sekarang.</p></body></html>`;

let cloaking = false;
let sitemapUrls: string[] = [];
const userAgents: string[] = [];
let server: RunningServer;
/** Responses to /slow-sitemap.xml, held open until the test lets them go (a sitemap that never arrives in time). */
const held: http.ServerResponse[] = [];
let slowSitemapAsked: () => void = () => {};

const sitemap = () =>
  `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${sitemapUrls
    .map((u) => `<url><loc>${server.url}${u}</loc></url>`)
    .join('')}</urlset>`;

beforeAll(async () => {
  server = await startHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const ua = String(req.headers['user-agent'] ?? '');
    userAgents.push(`${path} ${ua.includes('Googlebot') ? 'crawler' : ua.includes('Chrome') ? 'browser' : 'pantau'}`);
    if (path === '/robots.txt') return void res.writeHead(200, { 'content-type': 'text/plain' }).end(`User-agent: *\nSitemap: ${server.url}/sitemap_index.xml\n`);
    if (path === '/sitemap_index.xml') {
      return void res.writeHead(200, { 'content-type': 'application/xml' }).end(
        `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${server.url}/post-sitemap.xml</loc></sitemap></sitemapindex>`,
      );
    }
    if (path === '/slow-sitemap.xml') {
      held.push(res);
      slowSitemapAsked();
      return;
    }
    if (path === '/post-sitemap.xml') return void res.writeHead(200, { 'content-type': 'application/xml' }).end(sitemap());
    const body = cloaking && ua.includes('Googlebot') ? FOR_CRAWLERS : CLEAN;
    res.writeHead(200, { 'content-type': 'text/html' }).end(body);
  });
});
const INJECTED = `<?xml version="1.0"?><urlset><url><loc>http://127.0.0.1/situs-slot-gacor/</loc></url></urlset>`;
afterAll(async () => {
  for (const res of held) res.writeHead(200, { 'content-type': 'application/xml' }).end(INJECTED);
  await server?.close();
});

describe('the patrol\'s extra fetches', () => {
  it('finds a page cloaked for crawlers only, and clears when the cloaking stops', async () => {
    const harness = new PatrolHarness();
    const t = makeTarget({ id: 'cloaked', url: `${server.url}/`, timeoutMs: 3_000, patrol: patrolSpec({ extraEvery: 1, headers: false }) });
    cloaking = false;
    const clean = (await harness.one(t)).patrol!;
    expect(clean.judged).toContain('cloaking');
    expect(clean.findings).toEqual([]);

    cloaking = true;
    userAgents.length = 0;
    const verdict = (await harness.one(t)).patrol!;
    expect(findingsOf(verdict, 'gambling_content')).toEqual([]); // the check's own copy is clean
    const [cloaked] = findingsOf(verdict, 'cloaking');
    expect(cloaked?.evidence).toBe('crawler copy only: "slot gacor" in visible <title>');
    expect(userAgents.sort()).toEqual(['/ browser', '/ crawler', '/ pantau']);

    cloaking = false;
    expect(findingsOf((await harness.one(t)).patrol, 'cloaking')).toEqual([]);
  });

  it('fetches the crawler copy only on every Nth check slot', async () => {
    const harness = new PatrolHarness();
    const t = makeTarget({ id: 'cadence', url: `${server.url}/`, timeoutMs: 3_000, intervalMs: 1, patrol: patrolSpec({ extraEvery: 1_000_000, headers: false }) });
    userAgents.length = 0;
    const verdict = (await harness.one(t)).patrol!;
    expect(verdict.judged).not.toContain('cloaking');
    expect(userAgents).toEqual(['/ pantau']);
  });

  it('finds injected URLs in the sitemaps robots.txt points to, and nothing in a clean one', async () => {
    const harness = new PatrolHarness();
    const t = makeTarget({
      id: 'sitemaps',
      url: `${server.url}/`,
      timeoutMs: 3_000,
      patrol: patrolSpec({ extraEvery: 1, cloaking: false, headers: false, sitemaps: ['/robots.txt'] }),
    });
    sitemapUrls = ['/berita/pengumuman-dpt', '/profil/anggota'];
    const clean = (await harness.one(t)).patrol!;
    expect(clean.judged).toContain('sitemap_injection');
    expect(findingsOf(clean, 'sitemap_injection')).toEqual([]);

    sitemapUrls.push('/wp-content/uploads/situs-slot-gacor-2026/', '/?p=RTP%20Live%20hari%20ini');
    const [injected] = findingsOf((await harness.one(t)).patrol, 'sitemap_injection');
    expect(injected?.evidence).toBe(`${server.url}/wp-content/uploads/situs-slot-gacor-2026/ matches "slot gacor" (in /post-sitemap.xml)`);
    expect(injected?.detail).toContain('RTP%20Live');
  });

  describe('a sitemap that does not arrive in time', () => {
    const slowTarget = (id: string, timeoutMs: number) =>
      makeTarget({ id, url: `${server.url}/`, timeoutMs, patrol: patrolSpec({ extraEvery: 1, cloaking: false, headers: false, sitemaps: ['/slow-sitemap.xml'] }) });

    // The held response is only let go after the test: a run that waited for it would never end.
    it("is skipped once the check's own timeout is spent: no finding, nothing judged, a note says why", async () => {
      const harness = new PatrolHarness();
      const verdict = (await harness.one(slowTarget('slow-sitemap', 1_000))).patrol!;
      expect(verdict.findings).toEqual([]);
      expect(verdict.judged).not.toContain('sitemap_injection');
      expect(verdict.notes).toContain("sitemaps (/slow-sitemap.xml and after) skipped: no time left in the check's timeout");
    });

    it("is abandoned when the run's deadline passes, long before the target's timeout", async () => {
      const harness = new PatrolHarness();
      const run = new AbortController();
      slowSitemapAsked = () => run.abort();
      try {
        const verdict = (await harness.one(slowTarget('aborted-sitemap', 600_000), run.signal)).patrol!;
        expect(verdict.findings).toEqual([]);
        expect(verdict.judged).not.toContain('sitemap_injection');
        expect(verdict.notes).toContain("sitemaps (/slow-sitemap.xml and after) skipped: the run's deadline passed");
      } finally {
        slowSitemapAsked = () => {};
      }
    });
  });
});
