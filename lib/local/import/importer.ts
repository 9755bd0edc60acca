import type { Command } from 'commander';
import { ImportError, toConfigYaml, type ImportResult } from '../../interop/imported';
import { UsageError } from '../usage-error';
import { blackboxImporter } from './blackbox';
import { gatusImporter } from './gatus';
import { uptimeKumaImporter } from './uptime-kuma';

/**
 * `pantau import <tool> FILE`: another monitor's targets as Pantau config YAML on stdout, and
 * what did not map on stderr (exit 0), so `pantau import gatus config.yaml > pantau.yaml` keeps
 * the config clean. An unreadable or foreign file is one line on stderr, exit 2.
 */

export interface ImportOptions {
  modules?: string;
}

export interface Importer {
  tool: string;
  description: string;
  run(file: string, opts: ImportOptions): ImportResult;
}

export const IMPORTERS: readonly Importer[] = [gatusImporter, uptimeKumaImporter, blackboxImporter];

export function runImport(importer: Importer, file: string, opts: ImportOptions): { exitCode: number } {
  let result: ImportResult;
  try {
    result = importer.run(file, opts);
  } catch (err) {
    if (err instanceof ImportError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
  process.stdout.write(toConfigYaml(result, importer.tool, file));
  const report = result.unmapped.map((line) => `not mapped: ${line}\n`).join('');
  process.stderr.write(`${report}imported ${result.targets.length} target(s) from ${importer.tool}; ${result.unmapped.length} note(s)\n`);
  return { exitCode: 0 };
}

export function registerImport(program: Command, setExit: (code: number) => void): void {
  const command = program.command('import').description("print another monitor's targets as Pantau config YAML (stdout) and what did not map (stderr)");
  for (const importer of IMPORTERS) {
    const sub = command.command(importer.tool).argument('<file>', importer.description).description(`import ${importer.description}`);
    if (importer.tool === 'blackbox') sub.option('--modules <file>', "blackbox_exporter's blackbox.yml (without it, modules are read from their names)");
    sub.action((file: string, opts: ImportOptions) => setExit(runImport(importer, file, opts).exitCode));
  }
}
