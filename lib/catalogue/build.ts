import type { AreaData, Province, Regency } from './area-data';
import { baseTargetId, regencyLevel, ruleUrl, slugOf, uniqueIds, type AreaLevel } from './naming';
import { CatalogueError, type Override, type Overrides } from './overrides';

/**
 * The regional catalogue as data: every province's site and its regencies' and cities' sites,
 * one app per province, in area-code order (provincial site first), so the same data and
 * overrides always give the same catalogue.
 */

export interface CatalogueSite {
  code: string;
  level: AreaLevel;
  /** The official name: "Jawa Timur", "Kabupaten Ngawi", "Kota Administrasi Jakarta Selatan". */
  name: string;
  province: string;
  id: string;
  app: string;
  url: string;
  /** The URL comes from the naming rule (or an override) and has not been seen answering. */
  unconfirmed: boolean;
}

export interface CatalogueApp {
  id: string;
  province: string;
  provinceCode: string;
}

export interface Catalogue {
  apps: CatalogueApp[];
  sites: CatalogueSite[];
  skipped: { code: string; name: string; reason: string }[];
}

interface Draft {
  code: string;
  level: AreaLevel;
  name: string;
  province: Province;
  provinceSlug: string;
  slug: string;
  override: Override;
}

export function buildCatalogue(areas: AreaData, overrides: Overrides): Catalogue {
  const provinceSlugs = new Map(areas.provinces.map((p) => [p.code, overrides.provinces.get(p.code)?.slug ?? slugOf(p.name)]));
  const drafts = [...areas.provinces.map((p) => provinceDraft(p, provinceSlugs, overrides)), ...areas.regencies.map((r) => regencyDraft(r, areas, provinceSlugs, overrides))]
    .sort((a, b) => compareCodes(a.code, b.code));
  const skipped = drafts.filter((d) => d.override.skip !== undefined).map((d) => ({ code: d.code, name: d.name, reason: d.override.skip! }));
  const kept = drafts.filter((d) => d.override.skip === undefined);
  const ids = uniqueIds(kept.map((d) => ({ code: d.code, base: baseTargetId(d.level, d.slug), qualifier: d.provinceSlug })));
  const sites = kept.map((d): CatalogueSite => ({
    code: d.code,
    level: d.level,
    name: d.name,
    province: d.province.name,
    id: ids.get(d.code)!,
    app: appId(d.provinceSlug),
    url: d.override.url ?? ruleUrl(d.level, d.slug),
    unconfirmed: d.override.confirmed !== true,
  }));
  reportSharedUrls(sites);
  const apps = areas.provinces
    .filter((p) => sites.some((s) => s.app === appId(provinceSlugs.get(p.code)!)))
    .sort((a, b) => compareCodes(a.code, b.code))
    .map((p) => ({ id: appId(provinceSlugs.get(p.code)!), province: p.name, provinceCode: p.code }));
  return { apps, sites, skipped };
}

/** One app per province, `wilayah-<province slug>` (wilayah: region): storms and ownership follow the province. */
export function appId(provinceSlug: string): string {
  return `wilayah-${provinceSlug}`;
}

function provinceDraft(p: Province, provinceSlugs: Map<string, string>, overrides: Overrides): Draft {
  const slug = provinceSlugs.get(p.code)!;
  return { code: p.code, level: 'provinsi', name: p.name, province: p, provinceSlug: slug, slug, override: overrides.provinces.get(p.code) ?? {} };
}

function regencyDraft(r: Regency, areas: AreaData, provinceSlugs: Map<string, string>, overrides: Overrides): Draft {
  const province = areas.provinces.find((p) => p.code === r.provinceCode);
  if (!province) throw new CatalogueError(`idn-area-data: regency ${r.code} (${r.name}) names province ${r.provinceCode}, which the data does not have`);
  const parsed = regencyLevel(r.name);
  if (!parsed) {
    throw new CatalogueError(`idn-area-data: regency ${r.code} "${r.name}" starts with neither "Kabupaten" nor "Kota" — add it to the override table's regencies with a slug and url, or skip it`);
  }
  const override = overrides.regencies.get(r.code) ?? {};
  return { code: r.code, level: parsed.level, name: r.name, province, provinceSlug: provinceSlugs.get(province.code)!, slug: override.slug ?? slugOf(parsed.properName), override };
}

/** Two sites on one URL would be one site checked twice under two names: the table must tell them apart. */
function reportSharedUrls(sites: readonly CatalogueSite[]): void {
  const byUrl = new Map<string, CatalogueSite[]>();
  for (const s of sites) byUrl.set(s.url, [...(byUrl.get(s.url) ?? []), s]);
  const shared = [...byUrl.entries()].filter(([, list]) => list.length > 1);
  if (shared.length === 0) return;
  throw new CatalogueError(
    shared
      .map(([url, list]) => `${url} is the address of ${list.map((s) => `${s.code} ${s.name}`).join(' and ')} — give all but one a slug or url in the override table`)
      .join('\n'),
  );
}

/** "11" < "11.01" < "11.71" < "12": area codes compared part by part, as numbers. */
function compareCodes(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}
