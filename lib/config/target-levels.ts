import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Path, Problems } from './problems';
import { appsSchema, targetFieldsSchema, type TargetFields } from './schema';
import { parseLenient } from './lenient-parse';
import { looksSecret, secretHeaderFix } from './validators';
import { withoutStatusFields } from './status-page-schema';

/**
 * The levels a target's settings come from — `defaults:`, `apps.<app>:`, the target itself —
 * each checked on its own, then merged: maps (tags, headers, secretHeaders, expect, tls,
 * flapping, failureRate) key by key, everything else replaced by the more specific level.
 */

/** One level of settings (defaults, an app, a target) with where it sits in the file. */
export interface Level {
  fields: TargetFields;
  path: Path;
  /** PEM read from `tls.ca` at this level. */
  caPem?: string;
}

/** What checking a level needs to know about the rest of the config. */
export interface LevelContext {
  /** Probe regions, when the regions section is valid (for the quorum check). */
  regions: string[] | undefined;
  /** Folder `tls.ca` paths are relative to (the config file's). */
  baseDir: string;
}

const MERGED_MAPS = ['tags', 'headers', 'secretHeaders', 'expect', 'tls', 'flapping', 'failureRate', 'patrol'] as const;

export function parseApps(rawApps: unknown, context: LevelContext, problems: Problems): Map<string, Level> {
  const apps = new Map<string, Level>();
  if (rawApps === undefined) return apps;
  const parsed = appsSchema.safeParse(rawApps, { reportInput: true });
  if (!parsed.success) {
    problems.addZod(['apps'], parsed.error);
    return apps;
  }
  for (const [app, raw] of Object.entries(parsed.data)) {
    const level = parseLevel(withoutStatusFields(raw ?? {}), ['apps', app], context, problems);
    if (level) apps.set(app, level);
  }
  return apps;
}

/** Parses `defaults:` or one `apps.<id>:` block and checks what can be checked at that level. */
export function parseLevel(raw: unknown, path: Path, context: LevelContext, problems: Problems): Level | undefined {
  const parsed = parseLenient(targetFieldsSchema, raw, path, problems);
  if (!parsed) return undefined;
  return checkLevel({ fields: parsed.data, path }, path[0] === 'defaults' ? 'defaults' : String(path[1]), context, problems);
}

/** Checks shared by every level: inline secrets, the CA file, quorum against the regions. */
export function checkLevel(level: Level, owner: string, context: LevelContext, problems: Problems): Level {
  const { fields, path } = level;
  for (const [name, value] of Object.entries(fields.headers ?? {})) {
    if (looksSecret(name, value)) problems.add([...path, 'headers', name], secretHeaderFix(name, owner));
    if (fields.secretHeaders?.[name]) {
      problems.add([...path, 'headers', name], `is also in secretHeaders — keep ${name} in one of them`);
    }
  }
  if (fields.tls?.ca) {
    const caPem = readCa(fields.tls.ca, [...path, 'tls', 'ca'], context.baseDir, problems);
    if (caPem) level.caPem = caPem;
  }
  if (typeof fields.quorum === 'number' && context.regions && fields.quorum > context.regions.length) {
    const n = context.regions.length;
    problems.add(
      [...path, 'quorum'],
      `${fields.quorum} is more than the ${n} probe region${n === 1 ? '' : 's'} (${context.regions.join(', ')}) — lower quorum to ≤ ${n} or add regions.probes`,
    );
  }
  return level;
}

function readCa(file: string, path: Path, baseDir: string, problems: Problems): string | undefined {
  const full = resolve(baseDir, file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problems.add(path, `cannot read ${JSON.stringify(file)} (${code === 'ENOENT' ? `no such file: ${full}` : code ?? 'error'}) — give a PEM file path relative to the config file`);
    return undefined;
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    problems.add(path, `${JSON.stringify(file)} holds no PEM certificate (no -----BEGIN CERTIFICATE----- line) — point tls.ca at the CA bundle in PEM form`);
    return undefined;
  }
  return text;
}

/** The levels merged, with the path each setting was written at (problems are reported there). */
export interface MergedLevels {
  fields: TargetFields;
  origin: Map<string, Path>;
  caPem?: string;
}

export function merge(levels: Level[]): MergedLevels {
  const fields: Record<string, unknown> = {};
  const origin = new Map<string, Path>();
  let caPem: string | undefined;
  for (const level of levels) {
    for (const [key, value] of Object.entries(level.fields)) {
      if (value === undefined) continue;
      if ((MERGED_MAPS as readonly string[]).includes(key) && typeof value === 'object' && value !== null) {
        // A map after `failureRate: off` turns it back on, from the built-in defaults.
        const inherited = typeof fields[key] === 'object' ? (fields[key] as object) : {};
        fields[key] = { ...inherited, ...(value as object) };
        for (const sub of Object.keys(value as object)) origin.set(`${key}.${sub}`, [...level.path, key, sub]);
      } else {
        fields[key] = value;
      }
      origin.set(key, [...level.path, key]);
    }
    if (level.caPem) caPem = level.caPem;
  }
  return { fields: fields as TargetFields, origin, ...(caPem ? { caPem } : {}) };
}
