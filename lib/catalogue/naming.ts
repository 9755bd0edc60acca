/**
 * The naming rule of KPU's regional sites (docs/config.md "Regional catalogue"), pure: a name in,
 * a slug, a host, a target id out. KPU publishes every regional commission under kpu.go.id:
 *
 *   province              https://<slug>.kpu.go.id/        (jambi, papuabarat; abbreviations such as
 *                                                           sumut or jabar come from the override table)
 *   regency (Kabupaten)   https://kab-<slug>.kpu.go.id/    (kab-ngawi, kab-kayongutara)
 *   city (Kota)           https://kota-<slug>.kpu.go.id/   (kota-surabaya)
 *
 * slug = the name without its "Kabupaten" / "Kota" / "Administrasi" prefix, lower case, with
 * everything but a–z and 0–9 removed (spaces, apostrophes, hyphens, dots; accents folded).
 */

export type AreaLevel = 'provinsi' | 'kab' | 'kota';

/** The prefixes official names carry before the proper name, longest first. */
const LEVEL_PREFIXES: readonly { prefix: RegExp; level: 'kab' | 'kota' }[] = [
  { prefix: /^kabupaten\s+administrasi\s+/i, level: 'kab' },
  { prefix: /^kota\s+administrasi\s+/i, level: 'kota' },
  { prefix: /^kabupaten\s+/i, level: 'kab' },
  { prefix: /^kota\s+/i, level: 'kota' },
];

/** A regency's level and proper name: "Kota Administrasi Jakarta Selatan" → kota, "Jakarta Selatan". */
export function regencyLevel(name: string): { level: 'kab' | 'kota'; properName: string } | undefined {
  const trimmed = name.trim();
  for (const { prefix, level } of LEVEL_PREFIXES) {
    if (prefix.test(trimmed)) return { level, properName: trimmed.replace(prefix, '') };
  }
  return undefined;
}

/** Lower case a–z and 0–9 only: "Toli-Toli" → tolitoli, "Fak Fak" → fakfak, "Ma'rang" → marang. */
export function slugOf(properName: string): string {
  return properName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** The host label the rule gives: `jatim`, `kab-ngawi`, `kota-surabaya`. */
export function hostLabel(level: AreaLevel, slug: string): string {
  return level === 'provinsi' ? slug : `${level}-${slug}`;
}

export function ruleUrl(level: AreaLevel, slug: string): string {
  return `https://${hostLabel(level, slug)}.kpu.go.id/`;
}

/** Target ids: `kpu-<slug>` for a province (the shipped catalogue's ids), `kpu-kab-<slug>` / `kpu-kota-<slug>` below it. */
export function baseTargetId(level: AreaLevel, slug: string): string {
  return `kpu-${hostLabel(level, slug)}`;
}

export interface IdRequest {
  /** The area code (`35`, `35.21`): the stable key of the entry. */
  code: string;
  base: string;
  /** Appended when two entries share a base id: the province's slug. */
  qualifier: string;
}

/**
 * Unique ids whatever the order of the input: every entry whose base id is shared gets
 * `-<province slug>` (so both "Kabupaten Banjar"s would move, not only the second one read), and
 * if that still clashes, `-<area code>` with dots as dashes.
 */
export function uniqueIds(requests: readonly IdRequest[]): Map<string, string> {
  const ids = new Map<string, string>();
  const count = countBy(requests.map((r) => r.base));
  const qualified = requests.map((r) => ({ r, id: count.get(r.base)! > 1 ? `${r.base}-${r.qualifier}` : r.base }));
  const countQualified = countBy(qualified.map((q) => q.id));
  for (const { r, id } of qualified) {
    ids.set(r.code, countQualified.get(id)! > 1 ? `${r.base}-${r.code.replace(/\./g, '-')}` : id);
  }
  return ids;
}

function countBy(values: readonly string[]): Map<string, number> {
  const count = new Map<string, number>();
  for (const v of values) count.set(v, (count.get(v) ?? 0) + 1);
  return count;
}
