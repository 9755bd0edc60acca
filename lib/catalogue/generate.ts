import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readAreaData, type AreaData } from './area-data';
import { buildCatalogue, type Catalogue } from './build';
import { CatalogueError, parseOverrides } from './overrides';
import { renderCatalogue } from './render';

/**
 * `pantau catalogue generate`'s work without the printing: the data package, the override table
 * and the settings file in, the config text out.
 */

export const CATALOGUE_FILES = {
  overrides: 'config/regions/overrides.yaml',
  base: 'config/regions/base.yaml',
  out: 'config/kpu-regions.yaml',
} as const;

export interface GenerateInput {
  /** The folder the relative paths above are read from (the repository root). */
  root: string;
  /** Injected by tests; default the installed idn-area-data. */
  areas?: AreaData;
  overridesFile?: string;
  baseFile?: string;
}

export interface Generated {
  text: string;
  catalogue: Catalogue;
}

export function generateCatalogue(input: GenerateInput): Generated {
  const areas = input.areas ?? readAreaData();
  const overridesFile = input.overridesFile ?? join(input.root, CATALOGUE_FILES.overrides);
  const baseFile = input.baseFile ?? join(input.root, CATALOGUE_FILES.base);
  const shown = (file: string) => relative(input.root, file).replaceAll('\\', '/');
  const overrides = parseOverrides(readText(overridesFile), shown(overridesFile), areas);
  const catalogue = buildCatalogue(areas, overrides);
  const text = renderCatalogue({
    catalogue,
    base: { text: readText(baseFile), file: shown(baseFile) },
    overridesFile: shown(overridesFile),
    dataVersion: areas.version,
  });
  return { text, catalogue };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CatalogueError(`${file}: cannot read it (${code ?? (err as Error).message}) — run from the repository root or pass the right path`);
  }
}
