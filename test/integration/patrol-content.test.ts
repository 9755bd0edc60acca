import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTarget } from '../support/config-fixture';
import { findingsOf, PatrolHarness, patrolSpec, raised } from '../support/patrol';
import { startHttpServer, type RunningServer } from '../support/servers';

// A loopback site whose pages the tests rewrite between checks; never any public address.

const page = (body: string, head = '<title>KPU Kota Contoh</title>') =>
  `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;

const CLEAN = page(`
  <header><img src="/img/logo-kpu.png" alt="Logo KPU"></header>
  <h1>Komisi Pemilihan Umum Kota Contoh</h1>
  <p>Pengumuman daftar pemilih tetap untuk pemilihan umum.</p>
  <p>Informasi tahapan pemilu dan jadwal kampanye.</p>
  <ul><li>Profil</li><li>Regulasi</li><li>Publikasi</li><li>Kontak</li></ul>
  <a href="https://www.kpu.go.id/">KPU RI</a> <a href="https://bawaslu.go.id/">Bawaslu</a>
  <footer>Hak cipta KPU Kota Contoh</footer>`);

const pages = new Map<string, string>();
let counter = 0;
let server: RunningServer;

beforeAll(async () => {
  server = await startHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/clock') {
      counter += 17;
      const now = new Date(Date.UTC(2026, 11, 2, 10, counter % 60, counter % 60));
      const body = page(`<h1>Komisi Pemilihan Umum</h1><p>Hari ini ${now.toUTCString()}</p><p>Pengunjung: ${counter * 31}</p>
        <p>Diperbarui ${now.toISOString()}</p><p>Tahapan pemilu berjalan sesuai jadwal.</p><p>Sisa ${counter} hari lagi</p>`);
      res.writeHead(200, { 'content-type': 'text/html' }).end(body);
      return;
    }
    const body = pages.get(path);
    if (body === undefined) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
});
afterAll(async () => server?.close());

const target = (id: string, path: string, patrol = patrolSpec({ cloaking: false, learnChecks: 2, headers: false })) =>
  makeTarget({ id, url: `${server.url}${path}`, timeoutMs: 3_000, patrol });

describe('content integrity on a loopback site', () => {
  it('finds a defacement however it is spelt, cased, encoded or spaced', async () => {
    const variants = [
      '<h1>Hacked By Garuda Team</h1>',
      '<p>hacked by garuda</p>',
      '<p>H4CK3D BY xX_team</p>',
      '<p>&#72;&#97;&#99;&#107;&#101;&#100; &#98;&#121; team</p>',
      '<p>h a c k e d &nbsp; b y</p>',
      '<p>ｈａｃｋｅｄ ｂｙ</p>',
      '<marquee>Ha\u200Bcked\u00ADby someone</marquee>',
      '<center><b>DEFACED</b> <i>BY</i> anon</center>',
      '<p>Ηacked bу</p>',
    ];
    const harness = new PatrolHarness();
    const targets = variants.map((html, i) => {
      pages.set(`/defaced/${i}`, page(html));
      return target(`defaced-${i}`, `/defaced/${i}`);
    });
    const results = await harness.run(targets);
    for (const [i, r] of results.entries()) {
      expect(findingsOf(r.patrol, 'defacement'), variants[i]).toHaveLength(1);
    }
    expect(findingsOf(results[0]!.patrol, 'defacement')[0]!.evidence).toBe('"hacked by" in visible <h1>');
  });

  it('finds gambling terms hidden in the markup, says where, and resolves when the page is clean again', async () => {
    const harness = new PatrolHarness();
    const t = target('hidden', '/hidden');
    pages.set('/hidden', CLEAN);
    expect(raised((await harness.one(t)).patrol)).toEqual([]);

    const hidden = [
      ['<div style="display: none"><a href="https://cuan-maxwin.example/">SLOT GACOR hari ini</a></div>', 'hidden <div style=display:none>'],
      ['<noscript><a href="https://x.example/">situs&nbsp;slot terpercaya</a></noscript>', '<noscript>'],
      ['<div class="d-none">Togel online resmi</div>', 'hidden <div class=d-none>'],
    ] as const;
    for (const [markup, where] of hidden) {
      pages.set('/hidden', CLEAN.replace('</footer>', `</footer>${markup}`));
      const verdict = (await harness.one(t)).patrol;
      const [gambling] = findingsOf(verdict, 'gambling_content');
      expect(gambling?.evidence, markup).toContain(`in ${where}`);
    }
    pages.set('/hidden', CLEAN.replace('<head>', '<head><meta name="description" content="Daftar Judi Online 24 jam">'));
    expect(findingsOf((await harness.one(t)).patrol, 'gambling_content')[0]?.evidence).toBe('"judi online" in <meta description>');

    pages.set('/hidden', CLEAN);
    const clean = (await harness.one(t)).patrol!;
    expect(clean.findings).toEqual([]);
    expect(clean.judged).toEqual(expect.arrayContaining(['gambling_content', 'defacement', 'injected_link']));
  });

  it('flags an outbound link to a never-seen domain whose text matches the lexicon', async () => {
    const harness = new PatrolHarness();
    const t = target('links', '/links');
    pages.set('/links', CLEAN);
    await harness.run([t]);
    await harness.run([t]);
    pages.set('/links', CLEAN.replace('<footer>', '<a href="https://gacor88.example/daftar">Daftar sekarang</a><footer>'));
    const [link] = findingsOf((await harness.one(t)).patrol, 'injected_link');
    expect(link?.evidence).toContain('gacor88.example');
  });

  it('raises content_changed with a diff excerpt when the text is replaced wholesale, and clears when it returns', async () => {
    const harness = new PatrolHarness();
    const t = target('wholesale', '/wholesale');
    pages.set('/wholesale', CLEAN);
    const learning = await harness.run([t]);
    expect(learning[0]!.patrol!.notes).toContain('baseline learning (1/2)');
    await harness.run([t]);
    pages.set('/wholesale', page('<h1>Situs ini sedang dialihkan</h1><p>Silakan kunjungi halaman baru kami.</p><p>Terima kasih.</p>'));
    const [changed] = findingsOf((await harness.one(t)).patrol, 'content_changed');
    expect(changed?.evidence).toMatch(/^\d+% of the text changed \(max 50%\): \+ "Situs ini sedang dialihkan"/);
    pages.set('/wholesale', CLEAN);
    expect(raised((await harness.one(t)).patrol)).toEqual([]);
  });

  it('raises nothing, and writes nothing after learning, for a page whose only changes are clocks and counters', async () => {
    const harness = new PatrolHarness();
    const t = target('clock', '/clock', patrolSpec({ cloaking: false, learnChecks: 2, headers: false }));
    for (let i = 0; i < 6; i++) expect(raised((await harness.one(t)).patrol)).toEqual([]);
    expect(harness.baselines.writes).toBe(2);
  });

  it('reports a required marker that disappeared (a text or a selector)', async () => {
    const harness = new PatrolHarness();
    const spec = patrolSpec({ cloaking: false, headers: false, requiredMarkers: [{ text: 'Komisi Pemilihan Umum' }, { selector: 'img[src*="logo-kpu"]' }] });
    const t = target('markers', '/markers', spec);
    pages.set('/markers', CLEAN);
    expect(findingsOf((await harness.one(t)).patrol, 'marker_missing')).toEqual([]);
    pages.set('/markers', CLEAN.replace('<img src="/img/logo-kpu.png" alt="Logo KPU">', ''));
    expect(findingsOf((await harness.one(t)).patrol, 'marker_missing')[0]?.evidence).toBe('missing selector img[src*="logo-kpu"]');
  });

  it('turns off per target', async () => {
    const harness = new PatrolHarness();
    pages.set('/off', page('<p>slot gacor</p>'));
    const r = await harness.one(target('off', '/off', patrolSpec({ enabled: false })));
    expect(r.patrol).toBeUndefined();
  });
});
