import { describe, expect, it } from 'vitest';
import { judgeCert, nameCovers } from '../../../../lambdas/core/patrol/cert-judge';
import type { ContentDigest } from '../../../../lambdas/core/patrol/content';
import { blockChange, judgeContent } from '../../../../lambdas/core/patrol/content-judge';
import { allowList, judgeNameServers } from '../../../../lambdas/core/patrol/dns-judge';
import { judgeHeaders } from '../../../../lambdas/core/patrol/headers';
import { readSitemap, robotsSitemaps } from '../../../../lambdas/core/patrol/sitemap';
import { PATROL_DEFAULTS } from '../../../../lambdas/core/patrol/spec';

const digest = (hashes: number[], extra: Partial<ContentDigest> = {}): ContentDigest => ({
  hits: [],
  blocks: hashes.map((hash) => ({ hash, text: `block ${hash}` })),
  links: [],
  missingMarkers: [],
  ...extra,
});
const spec = { ...PATROL_DEFAULTS, learnChecks: 2 };

describe('content baseline', () => {
  it('learns the blocks that held over the learning checks, then judges against them', () => {
    const first = judgeContent(digest([1, 2, 3, 4, 9]), undefined, spec);
    expect(first.next).toEqual({ samples: 1, blocks: [1, 2, 3, 4, 9], linkHosts: [] });
    const second = judgeContent(digest([1, 2, 3, 4, 8]), first.next, spec);
    expect(second.next!.blocks).toEqual([1, 2, 3, 4]);
    const steady = judgeContent(digest([1, 2, 3, 4, 7]), second.next, spec);
    expect(steady.findings).toEqual([]);
    expect(steady.next).toBeUndefined();
    const replaced = judgeContent(digest([20, 21, 22]), second.next, spec);
    expect(replaced.findings.map((f) => f.finding)).toEqual(['content_changed']);
  });

  it('never learns a page with forbidden content', () => {
    const hit = { term: 'slot gacor', finding: 'gambling_content' as const, where: 'visible <p>' };
    expect(judgeContent(digest([1], { hits: [hit] }), undefined, spec).next).toBeUndefined();
  });

  it('measures change as blocks added or removed over both', () => {
    expect(blockChange([1, 2, 3, 4], digest([1, 2, 3, 5])).ratio).toBeCloseTo(2 / 5);
    expect(blockChange([], digest([])).ratio).toBe(0);
  });
});

describe('certificates', () => {
  const details = (issuer: string, fingerprint256: string) => ({ issuer, fingerprint256, sans: ['kpu.go.id', '*.kpu.go.id'], spki256: 'x' });
  it('matches names as RFC 6125 does (one wildcard label)', () => {
    expect(nameCovers('*.kpu.go.id', 'www.kpu.go.id')).toBe(true);
    expect(nameCovers('*.kpu.go.id', 'a.b.kpu.go.id')).toBe(false);
    expect(nameCovers('*.kpu.go.id', 'kpu.go.id')).toBe(false);
  });
  it('accepts a planned issuer change without a finding', () => {
    const out = judgeCert(details('CN=Sectigo', 'BB'), 'kpu.go.id', { fingerprint256: 'AA', issuer: 'CN=R3' }, { expectIssuer: 'sectigo' });
    expect(out.findings).toEqual([]);
    expect(out.next).toMatchObject({ issuer: 'CN=Sectigo' });
  });
  it('flags a weak protocol or cipher', () => {
    const out = judgeCert({ ...details('CN=R3', 'AA'), protocol: 'TLSv1', cipher: 'DES-CBC3-SHA' }, 'kpu.go.id', undefined, {});
    expect(out.findings.map((f) => f.evidence)).toEqual(['weak handshake: TLSv1, DES-CBC3-SHA']);
  });
});

describe('DNS and headers', () => {
  it('holds answers against addresses, CIDRs (v4 and v6) and names', () => {
    const list = allowList(['203.0.113.0/24', '2001:db8::/32', '10.0.0.1', '*.cdn.example.net']);
    expect(['203.0.113.99', '2001:db8::5', '10.0.0.1', 'edge1.cdn.example.net'].every((a) => list.contains(a))).toBe(true);
    expect(['10.0.0.2', '2001:db9::1', 'cdn.example.net.evil.test'].some((a) => list.contains(a))).toBe(false);
  });
  it('compares name servers as a set', () => {
    expect(judgeNameServers(['B.example.', 'a.example'], ['a.example', 'b.example']).findings).toEqual([]);
  });
  it('accepts CSP frame-ancestors for framing and says nothing about headers a JSON API does not need', () => {
    const html = judgeHeaders({ 'content-type': 'text/html', 'content-security-policy': "frame-ancestors 'self'", 'x-content-type-options': 'nosniff', 'strict-transport-security': 'max-age=31536000' }, true);
    expect(html.findings).toEqual([]);
    expect(judgeHeaders({ 'content-type': 'application/json', server: 'nginx' }, false).findings).toEqual([]);
  });
});

describe('sitemaps', () => {
  it('reads URLs with their titles, child sitemaps of an index, and robots.txt Sitemap lines', () => {
    const read = readSitemap(`<urlset xmlns:news="n"><url><loc>https://a/x</loc><news:news><news:title>Berita &amp; info</news:title></news:news></url></urlset>`);
    expect(read.entries).toEqual([{ loc: 'https://a/x', title: 'Berita & info' }]);
    expect(readSitemap('<sitemapindex><sitemap><loc>https://a/s1.xml</loc></sitemap></sitemapindex>').sitemaps).toEqual(['https://a/s1.xml']);
    expect(robotsSitemaps('User-agent: *\nsitemap: https://a/s.xml\nDisallow: /')).toEqual(['https://a/s.xml']);
  });
});
