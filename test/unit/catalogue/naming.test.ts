import { describe, expect, it } from 'vitest';
import type { AreaData } from '../../../lib/catalogue/area-data';
import { parseCsv } from '../../../lib/catalogue/area-data';
import { buildCatalogue } from '../../../lib/catalogue/build';
import { hostLabel, regencyLevel, ruleUrl, slugOf, uniqueIds } from '../../../lib/catalogue/naming';
import { CatalogueError, parseOverrides, type Overrides } from '../../../lib/catalogue/overrides';

/** The naming rule, the override table and the id rules on small hand-made area lists. */

const NO_OVERRIDES: Overrides = { provinces: new Map(), regencies: new Map() };

function areas(partial: Partial<AreaData>): AreaData {
  return { provinces: [], regencies: [], version: 'test', ...partial };
}

describe('the naming rule', () => {
  it.each([
    ['Kota Administrasi Jakarta Selatan', 'kota', 'Jakarta Selatan', 'https://kota-jakartaselatan.kpu.go.id/'],
    ['Kabupaten Administrasi Kepulauan Seribu', 'kab', 'Kepulauan Seribu', 'https://kab-kepulauanseribu.kpu.go.id/'],
    ['Kabupaten Toli-Toli', 'kab', 'Toli-Toli', 'https://kab-tolitoli.kpu.go.id/'],
    ["Kabupaten Ma'rang Jaya", 'kab', "Ma'rang Jaya", 'https://kab-marangjaya.kpu.go.id/'],
    ['Kota Bau Bau', 'kota', 'Bau Bau', 'https://kota-baubau.kpu.go.id/'],
    ['Kabupaten Pangkajene dan Kepulauan', 'kab', 'Pangkajene dan Kepulauan', 'https://kab-pangkajenedankepulauan.kpu.go.id/'],
    ['  Kota  Surabaya ', 'kota', 'Surabaya', 'https://kota-surabaya.kpu.go.id/'],
  ] as const)('%s → %s', (name, level, properName, url) => {
    const parsed = regencyLevel(name)!;
    expect(parsed).toEqual({ level, properName });
    expect(ruleUrl(parsed.level, slugOf(parsed.properName))).toBe(url);
  });

  it('folds accents and drops every character but a–z and 0–9', () => {
    expect(slugOf('Sélatan Ü. Jaya-2')).toBe('selatanujaya2');
  });

  it('a name without Kabupaten or Kota has no level', () => {
    expect(regencyLevel('Jakarta Selatan')).toBeUndefined();
    expect(regencyLevel('Kotabaru')).toBeUndefined();
  });

  it('provinces have no level prefix in the host', () => {
    expect(hostLabel('provinsi', 'papuabaratdaya')).toBe('papuabaratdaya');
    expect(ruleUrl('provinsi', 'jambi')).toBe('https://jambi.kpu.go.id/');
  });
});

describe('unique ids', () => {
  it('qualifies every holder of a shared id with its province, whatever the order', () => {
    const requests = [
      { code: '63.03', base: 'kpu-kab-banjar', qualifier: 'kalsel' },
      { code: '32.09', base: 'kpu-kab-banjar', qualifier: 'jabar' },
      { code: '32.79', base: 'kpu-kota-banjar', qualifier: 'jabar' },
    ];
    const forward = uniqueIds(requests);
    const backward = uniqueIds([...requests].reverse());
    expect(Object.fromEntries(forward)).toEqual({ '63.03': 'kpu-kab-banjar-kalsel', '32.09': 'kpu-kab-banjar-jabar', '32.79': 'kpu-kota-banjar' });
    expect(Object.fromEntries(backward)).toEqual(Object.fromEntries(forward));
  });

  it('falls back to the area code when province and name both clash', () => {
    const ids = uniqueIds([
      { code: '11.01', base: 'kpu-kab-x', qualifier: 'aceh' },
      { code: '11.02', base: 'kpu-kab-x', qualifier: 'aceh' },
    ]);
    expect([...ids.values()]).toEqual(['kpu-kab-x-11-01', 'kpu-kab-x-11-02']);
  });
});

const SAMPLE = areas({
  provinces: [
    { code: '63', name: 'Kalimantan Selatan' },
    { code: '31', name: 'Daerah Khusus Ibukota Jakarta' },
    { code: '32', name: 'Jawa Barat' },
  ],
  regencies: [
    { code: '63.03', provinceCode: '63', name: 'Kabupaten Banjar' },
    { code: '32.79', provinceCode: '32', name: 'Kota Banjar' },
    { code: '32.01', provinceCode: '32', name: 'Kabupaten Banjar' },
    { code: '31.74', provinceCode: '31', name: 'Kota Administrasi Jakarta Selatan' },
    { code: '31.01', provinceCode: '31', name: 'Kabupaten Administrasi Kepulauan Seribu' },
  ],
});

describe('buildCatalogue', () => {
  const withoutTwin = areas({ ...SAMPLE, regencies: SAMPLE.regencies.filter((r) => r.code !== '32.01') });

  it('orders by area code, provincial site first, one app per province, every rule-made entry unconfirmed', () => {
    const { sites, apps } = buildCatalogue(withoutTwin, NO_OVERRIDES);
    expect(sites.map((s) => s.code)).toEqual(['31', '31.01', '31.74', '32', '32.79', '63', '63.03']);
    expect(apps.map((a) => a.id)).toEqual(['wilayah-daerahkhususibukotajakarta', 'wilayah-jawabarat', 'wilayah-kalimantanselatan']);
    expect(sites.every((s) => s.unconfirmed)).toBe(true);
    expect(sites.find((s) => s.code === '63.03')).toMatchObject({ id: 'kpu-kab-banjar', app: 'wilayah-kalimantanselatan', url: 'https://kab-banjar.kpu.go.id/' });
    expect(sites.find((s) => s.code === '32.79')).toMatchObject({ id: 'kpu-kota-banjar', url: 'https://kota-banjar.kpu.go.id/' });
  });

  it('a slug shared across provinces is one URL for two sites: an error naming both and the fix', () => {
    expect(() => buildCatalogue(SAMPLE, NO_OVERRIDES)).toThrow(
      'https://kab-banjar.kpu.go.id/ is the address of 32.01 Kabupaten Banjar and 63.03 Kabupaten Banjar — give all but one a slug or url in the override table',
    );
  });

  it('with one URL overridden, both ids take their province, whatever order the data comes in', () => {
    const overrides = parseOverrides('regencies:\n  "32.01": { url: "https://banjar.jabar.example/" }\n', 'o.yaml', SAMPLE);
    const ids = (data: AreaData) => Object.fromEntries(buildCatalogue(data, overrides).sites.map((s) => [s.code, s.id]));
    const forward = ids(SAMPLE);
    expect(forward['32.01']).toBe('kpu-kab-banjar-jawabarat');
    expect(forward['63.03']).toBe('kpu-kab-banjar-kalimantanselatan');
    expect(forward['32.79']).toBe('kpu-kota-banjar');
    expect(ids(areas({ ...SAMPLE, regencies: [...SAMPLE.regencies].reverse(), provinces: [...SAMPLE.provinces].reverse() }))).toEqual(forward);
  });

  it('applies slug, url, confirmed and skip from the override table', () => {
    const overrides = parseOverrides(
      [
        'provinces:',
        '  "31": { slug: jakarta, confirmed: true }',
        '  "32": { slug: jabar }',
        '  "63": { slug: kalsel }',
        'regencies:',
        '  "31.74": { url: "https://jakartaselatan.kpu.go.id/", confirmed: true }',
        '  "31.01": { skip: "no site of its own" }',
        '  "32.01": { slug: banjarjabar }',
      ].join('\n'),
      'overrides.yaml',
      SAMPLE,
    );
    const { sites, skipped, apps } = buildCatalogue(SAMPLE, overrides);
    const byCode = new Map(sites.map((s) => [s.code, s]));
    expect(byCode.get('31')).toMatchObject({ id: 'kpu-jakarta', app: 'wilayah-jakarta', url: 'https://jakarta.kpu.go.id/', unconfirmed: false });
    expect(byCode.get('31.74')).toMatchObject({ id: 'kpu-kota-jakartaselatan', url: 'https://jakartaselatan.kpu.go.id/', unconfirmed: false });
    expect(byCode.has('31.01')).toBe(false);
    expect(skipped).toEqual([{ code: '31.01', name: 'Kabupaten Administrasi Kepulauan Seribu', reason: 'no site of its own' }]);
    // The slug override removed the clash: neither Banjar regency needs a qualifier now.
    expect(byCode.get('32.01')).toMatchObject({ id: 'kpu-kab-banjarjabar', url: 'https://kab-banjarjabar.kpu.go.id/', unconfirmed: true });
    expect(byCode.get('63.03')).toMatchObject({ id: 'kpu-kab-banjar', url: 'https://kab-banjar.kpu.go.id/' });
    expect(apps.map((a) => a.id)).toEqual(['wilayah-jakarta', 'wilayah-jabar', 'wilayah-kalsel']);
  });

  it('a regency whose name has no level is an error naming the code and the fix', () => {
    const odd = areas({ provinces: [{ code: '11', name: 'Aceh' }], regencies: [{ code: '11.99', provinceCode: '11', name: 'Banda' }] });
    expect(() => buildCatalogue(odd, NO_OVERRIDES)).toThrow(/11\.99 "Banda" starts with neither "Kabupaten" nor "Kota" — add it to the override table/);
  });
});

describe('parseOverrides', () => {
  const problems = (text: string) => {
    try {
      parseOverrides(text, 'o.yaml', SAMPLE);
    } catch (err) {
      expect(err).toBeInstanceOf(CatalogueError);
      return (err as Error).message.split('\n');
    }
    return [];
  };

  it('names the field and the fix for every problem', () => {
    expect(problems('regencies:\n  "99.01": { confirmed: true }\n')).toEqual([
      'o.yaml: regencies["99.01"]: no such area in idn-area-data test — fix the code or remove the entry',
    ]);
    expect(problems('provinces:\n  "31": { slug: Jakarta }\n')[0]).toBe('o.yaml: provinces["31"].slug: is not a slug — use lower-case letters and digits only, e.g. sumut');
    expect(problems('provinces:\n  "31": { slg: jakarta }\n')[0]).toMatch(/^o\.yaml: provinces\["31"\]\.slg: unknown field/);
    expect(problems('regencies:\n  "32.01": { slug: a, url: "https://a.kpu.go.id/" }\n')).toEqual([
      'o.yaml: regencies["32.01"]: has both slug and url — keep one (url replaces the whole address)',
    ]);
    expect(problems('regencies:\n  "32.1": {}\n')[0]).toMatch(/is not a regency code — use "PP\.RR"/);
    expect(problems('provinces: [\n')[0]).toMatch(/^o\.yaml: YAML syntax error/);
  });

  it('an empty table is no overrides', () => {
    expect(problems('')).toEqual([]);
  });
});

describe('parseCsv', () => {
  it('reads quoted fields and refuses a reshaped header by name', () => {
    expect(parseCsv('code,name\n11,"Aceh, ""Serambi"""\r\n12,Sumut\n', ['code', 'name'], 'p.csv')).toEqual([
      ['11', 'Aceh, "Serambi"'],
      ['12', 'Sumut'],
    ]);
    expect(() => parseCsv('id,title\n', ['code', 'name'], 'p.csv')).toThrow(/p\.csv: header is "id,title", expected it to start with "code,name"/);
  });
});
