import { parse } from 'yaml';
import { z } from 'zod';
import { describeZodIssue, formatPath } from '../config/problems';
import type { AreaData } from './area-data';

/**
 * The override table (config/regions/overrides.yaml): the few sites that break the naming rule,
 * the ones seen answering (confirmed), and the ones left out, keyed by area code. Every entry
 * must name an area the data package has, so a code retired from the data cannot linger here.
 */

export interface Override {
  /** Replaces the slug the rule derives: the host and the target id follow (`sumut` for Sumatera Utara). */
  slug?: string;
  /** The whole URL, for a site not on the kpu.go.id pattern at all. */
  url?: string;
  /** Seen answering on KPU's own pages: the entry is not marked `unconfirmed`. */
  confirmed?: boolean;
  /** Left out of the catalogue, with the reason (listed in the generated file's header). */
  skip?: string;
  /** Why the entry is here. */
  note?: string;
}

export interface Overrides {
  provinces: ReadonlyMap<string, Override>;
  regencies: ReadonlyMap<string, Override>;
}

/** A problem in the override table or the data: one line per problem, printed without a stack trace. */
export class CatalogueError extends Error {
  override name = 'CatalogueError';
}

const overrideSchema = z.strictObject({
  slug: z.string().regex(/^[a-z0-9]+$/, { error: 'is not a slug — use lower-case letters and digits only, e.g. sumut' }).optional(),
  url: z.string().regex(/^https:\/\/[a-z0-9.-]+(?::\d+)?\/\S*$/, { error: 'is not an https URL — write e.g. https://kpu-example.go.id/' }).optional(),
  confirmed: z.boolean().optional(),
  skip: z.string().min(1).optional(),
  note: z.string().min(1).optional(),
});

const tableSchema = z.strictObject({
  provinces: z.record(z.string(), overrideSchema).optional(),
  regencies: z.record(z.string(), overrideSchema).optional(),
});

const CODE_FORMS = {
  provinces: { pattern: /^\d{2}$/, fix: 'is not a province code — use two digits, e.g. "35"' },
  regencies: { pattern: /^\d{2}\.\d{2}$/, fix: 'is not a regency code — use "PP.RR", e.g. "35.21"' },
} as const;

export function parseOverrides(text: string, file: string, areas: AreaData): Overrides {
  let raw: unknown;
  try {
    raw = parse(text) ?? {};
  } catch (err) {
    throw new CatalogueError(`${file}: YAML syntax error: ${(err as Error).message.split('\n')[0]}`);
  }
  const result = tableSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    const lines = result.error.issues.flatMap(describeZodIssue).map((p) => `${file}: ${formatPath(p.path)}: ${p.message}`);
    throw new CatalogueError(lines.join('\n'));
  }
  const problems: string[] = [];
  const known = (section: 'provinces' | 'regencies', codes: Set<string>) => {
    const entries = new Map(Object.entries(result.data[section] ?? {}));
    for (const [code, entry] of entries) {
      const where = `${file}: ${section}["${code}"]`;
      if (!CODE_FORMS[section].pattern.test(code)) problems.push(`${where}: ${CODE_FORMS[section].fix}`);
      else if (!codes.has(code)) problems.push(`${where}: no such area in idn-area-data ${areas.version} — fix the code or remove the entry`);
      if (entry.slug !== undefined && entry.url !== undefined) problems.push(`${where}: has both slug and url — keep one (url replaces the whole address)`);
      if (entry.skip !== undefined && entry.confirmed) problems.push(`${where}: is both skipped and confirmed — keep one`);
    }
    return entries;
  };
  const provinces = known('provinces', new Set(areas.provinces.map((p) => p.code)));
  const regencies = known('regencies', new Set(areas.regencies.map((r) => r.code)));
  if (problems.length > 0) throw new CatalogueError(problems.join('\n'));
  return { provinces, regencies };
}
