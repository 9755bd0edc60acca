import { describe, expect, it } from 'vitest';
import { Lexicon } from '../../../../lambdas/core/patrol/lexicon';
import { foldForBaseline, foldForLexicon } from '../../../../lambdas/core/patrol/normalise';
import { readPage } from '../../../../lambdas/core/patrol/page';
import { digestPage } from '../../../../lambdas/core/patrol/content';
import { PATROL_DEFAULTS } from '../../../../lambdas/core/patrol/spec';

const terms = (text: string, lexicon = new Lexicon()) => lexicon.find(text).map((h) => h.term);

describe('lexicon folding', () => {
  it('folds case, accents, fullwidth, lookalikes, zero-width characters, leetspeak and spacing alike', () => {
    for (const spelling of ['Hacked By', 'HACKED BY', 'h4ck3d by', 'hácked bý', 'ｈａｃｋｅｄ ｂｙ', 'hа\u200bcked by', 'h.a.c.k.e.d b.y', 'hackedby']) {
      expect(terms(spelling), spelling).toContain('hacked by');
    }
    expect(foldForLexicon('S1OT-G4C0R')).toBe('siot gacor');
  });

  it('matches short single words only at a word start, so they do not fire inside other words', () => {
    expect(terms('hasil rekapitulasi togel')).toContain('togel');
    expect(terms('TOGEL88 resmi')).toContain('togel');
    expect(terms('pertogelan')).not.toContain('togel');
    expect(terms('Bandar Lampung')).toEqual([]);
    expect(terms('bandar togel terpercaya')).toEqual(expect.arrayContaining(['bandar togel', 'togel']));
  });

  it('takes additions and ignores from config', () => {
    const lexicon = new Lexicon([{ term: 'judi kartu', finding: 'gambling_content' }], ['owned by']);
    expect(terms('situs JUDI KARTU', lexicon)).toEqual(['judi kartu']);
    expect(terms('this site is owned by KPU', lexicon)).toEqual([]);
    expect(terms('this site is owned by KPU')).toEqual(['owned by']);
  });

  it('folds numbers, dates and day names out of the baseline text', () => {
    expect(foldForBaseline('Rabu, 2 Desember 2026 10:32 WIB — 1.234 pengunjung')).toBe(foldForBaseline('Kamis, 3 Desember 2026 11:05 WIB — 1.301 pengunjung'));
  });
});

describe('page reading', () => {
  it('labels hidden containers, meta tags, comments, attributes and link targets', () => {
    const page = readPage(
      `<html><head><meta property="og:title" content="x"></head><body><p>Halo</p><!-- note -->
       <span hidden>a</span><div style="position:absolute;left:-9999px">b</div><p style="font-size:0">c</p>
       <img alt="d" src="/x.png"><a href="//other.example/x" title="e">f</a></body></html>`,
      'https://kpu.go.id/',
    );
    expect(page.segments.map((s) => s.where)).toEqual([
      '<meta og:title>', 'visible <p>', 'HTML comment', 'hidden <span hidden>', 'hidden <div style=position:absolute;left:-9999px>',
      'hidden <p style=font-size:0>', 'alt of <img>', 'title of <a>', '<a href> to other.example', 'visible <body>',
    ]);
    expect(page.links).toEqual([{ host: 'other.example', href: '//other.example/x', text: 'f' }]);
  });

  it('walks a page nested thousands deep without overflowing the stack', () => {
    const depth = 20_000;
    const page = readPage(`${'<div>'.repeat(depth)}slot gacor${'</div>'.repeat(depth)}`, 'https://kpu.go.id/');
    expect(page.blocks.map((b) => b.text)).toEqual(['slot gacor']);
  });
});

describe('spellings the shipped terms do not list', () => {
  const lexicon = new Lexicon();
  const hitsIn = (html: string) => digestPage(`<html><body>${html}</body></html>`, 'https://kpu.go.id/', PATROL_DEFAULTS, lexicon).hits.map((h) => [h.finding, h.term]);
  it.each([
    ['leetspeak phrase', '<h1>h4ck3d by Garuda</h1>', 'defacement'],
    ['leetspeak word alone', '<h1>SITE D3F4C3D</h1>', 'defacement'],
    ['0wn3d alone', '<p>0wn3d!!</p>', 'defacement'],
    ['zero-width characters', '<p>ha\u200bck\u200ded b\u200cy</p>', 'defacement'],
    ['full-width letters', '<p>ｈａｃｋｅｄ　ｂｙ</p>', 'defacement'],
    ['numeric entities', '<p>&#x68;acked by</p>', 'defacement'],
    ['words split by tags', '<p><b>slot</b> <i>gacor</i></p>', 'gambling_content'],
    ['a word split inside by tags', '<p>s<b>l</b>ot ga<i>cor</i></p>', 'gambling_content'],
    ['leetspeak gambling', '<p>5L0T G4C0R m4xw1n</p>', 'gambling_content'],
  ])('%s', (_name, html, finding) => {
    expect(hitsIn(html).map(([f]) => f)).toContain(finding);
  });

  it('plain news words and digits in honest words raise nothing', () => {
    expect(hitsIn('<p>Situs KPU pernah diretas (hacked) pada 2019; kini aman. Unduh MP3 dan PDF 2024, COVID19, ID3.</p>')).toEqual([]);
  });
});
