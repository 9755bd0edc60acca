import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config/load';
import { PATROL_DEFAULTS } from '../../lambdas/core/patrol/spec';
import { problemsOf } from '../support/config-problems';

const load = (yaml: string) => parseConfig(yaml, {});
const problems = (yaml: string) => problemsOf(() => load(yaml));

describe('the patrol: block', () => {
  it('leaves targets without one on the defaults, and merges defaults < app < target key by key', () => {
    const config = load(`
defaults: { patrol: { every: 10, lexicon: { add: ["judi kartu"] } } }
apps: { portal: { patrol: { maxChangeRatio: 0.3 } } }
targets:
  - { id: www, app: portal, url: "https://kpu.example/", patrol: { requiredMarkers: ["KPU", { selector: "img.logo" }], ignore: { selectors: ["#clock"], patterns: ["Diperbarui .*"] } } }
  - { id: plain, url: "https://plain.example/", patrol: off }
`);
    const [www, plain] = config.targets;
    expect(www!.patrol).toEqual({
      ...PATROL_DEFAULTS,
      extraEvery: 10,
      maxChangeRatio: 0.3,
      lexiconAdd: [{ term: 'judi kartu', finding: 'gambling_content' }],
      requiredMarkers: [{ text: 'KPU' }, { selector: 'img.logo' }],
      ignoreSelectors: ['#clock'],
      ignorePatterns: ['Diperbarui .*'],
    });
    expect(plain!.patrol).toMatchObject({ enabled: false });
  });

  it('reads expect.allow on dns targets and the certificate plan under tls', () => {
    const config = load(`
targets:
  - { id: ns, url: "dns://kpu.example?type=A", expect: { allow: ["203.0.113.0/24", "2001:db8::/32", "*.cdn.example.net"] } }
  - { id: www, url: "https://kpu.example/", tls: { expectIssuer: "Let's Encrypt", pins: ["${'A'.repeat(43)}="] } }
`);
    expect(config.targets[0]!.expect.allow).toEqual(['203.0.113.0/24', '2001:db8::/32', '*.cdn.example.net']);
    expect(config.targets[1]!.tls).toMatchObject({ expectIssuer: "Let's Encrypt", pins: [`${'A'.repeat(43)}=`] });
  });

  it('names the field and the fix for bad patrol settings', () => {
    expect(problems(`
targets:
  - { id: a, url: "https://a.example/", patrol: { maxChangeRatio: 2, ignore: { selectors: ["div[["], patterns: ["(a"] }, sitemaps: ["sitemap.xml"] } }
  - { id: b, url: "dns://b.example", expect: { allow: ["10.0.0.0/40", "not a name!"] } }
  - { id: c, url: "https://c.example/", tls: { pins: ["abc"] }, patrol: { lexicon: { add: [{ term: "x", finding: "other" }] } } }
`)).toEqual([
      expect.stringMatching(/^targets\[0\]\.patrol\.maxChangeRatio: /),
      expect.stringMatching(/^targets\[0\]\.patrol\.ignore\.patterns\[0\]: /),
      expect.stringMatching(/^targets\[0\]\.patrol\.ignore\.selectors\[0\]: "div\[\[" is not a CSS selector .* — write e\.g\./),
      'targets[0].patrol.sitemaps[0]: "sitemap.xml" is not a path — write e.g. /sitemap.xml or /robots.txt (line 3)',
      'targets[1].expect.allow[0]: "10.0.0.0/40" has prefix /40 — use /0–/32 (line 4)',
      'targets[1].expect.allow[1]: "not a name!" is neither an address, a CIDR nor a host name — write e.g. 203.0.113.10, 203.0.113.0/24 or *.cdn.example.net (line 4)',
      expect.stringMatching(/^targets\[2\]\.tls\.pins\[0\]: "abc" is not a base64 SHA-256 SPKI hash/),
      expect.stringMatching(/^targets\[2\]\.patrol\.lexicon\.add\[0\]: expected a term or \{ term, finding: defacement \| gambling_content \}/),
    ]);
  });
});
