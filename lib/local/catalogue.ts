import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CATALOGUE_FILES, generateCatalogue } from '../catalogue/generate';
import { CatalogueError } from '../catalogue/overrides';
import { UsageError } from './usage-error';

/**
 * `pantau catalogue generate [--out FILE] [--check]`: writes the regional catalogue (the KPU
 * provincial, regency and city sites) from idn-area-data and the override table; with --check it
 * writes nothing and exits 1 when the committed file differs from what it would write (CI drift).
 */

export interface CatalogueOptions {
  out?: string;
  check?: boolean;
  /** Where config/regions/… are read from (default: the working directory, like --config). */
  root?: string;
}

export function catalogueGenerate(opts: CatalogueOptions): { exitCode: number } {
  const out = opts.out ?? CATALOGUE_FILES.out;
  let generated;
  try {
    generated = generateCatalogue({ root: opts.root ?? process.cwd() });
  } catch (err) {
    if (err instanceof CatalogueError) throw new UsageError(err.message);
    throw err;
  }
  const { sites, apps } = generated.catalogue;
  const summary = `${sites.length} sites in ${apps.length} apps, ${sites.filter((s) => s.unconfirmed).length} unconfirmed`;
  if (opts.check) {
    const committed = existsSync(out) ? readFileSync(out, 'utf8') : undefined;
    if (committed === generated.text) {
      process.stdout.write(`${out} is up to date (${summary})\n`);
      return { exitCode: 0 };
    }
    const why = committed === undefined ? 'does not exist' : `differs from the generator's output (line ${firstDifferentLine(committed, generated.text)})`;
    process.stdout.write(`${out} ${why} — run \`npm start -- catalogue generate\` and commit the result\n`);
    return { exitCode: 1 };
  }
  writeFileSync(out, generated.text);
  process.stdout.write(`wrote ${out}: ${summary}\n`);
  return { exitCode: 0 };
}

function firstDifferentLine(a: string, b: string): number {
  const la = a.split('\n');
  const lb = b.split('\n');
  let i = 0;
  while (i < la.length && i < lb.length && la[i] === lb[i]) i++;
  return i + 1;
}

export function registerCatalogue(program: Command, setExit: (code: number) => void): void {
  program
    .command('catalogue')
    .description('the regional KPU catalogue (provincial, regency and city sites) generated from data')
    .command('generate')
    .description(`write ${CATALOGUE_FILES.out} from idn-area-data, ${CATALOGUE_FILES.overrides} and ${CATALOGUE_FILES.base}`)
    .option('--out <file>', `file to write (default: ${CATALOGUE_FILES.out})`)
    .option('--check', 'write nothing; exit 1 when the file differs from what would be written')
    .action((opts: CatalogueOptions) => setExit(catalogueGenerate(opts).exitCode));
}
