import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSource, describeFinding, FILE_RULE_FOLDERS } from './function-length';

/**
 * `npm run lint:size`: fails when a function on the probe and alert paths (lambdas/core, app,
 * adapters, ports) is over 60 lines, or a shipped source file (lambdas, lib, bin) is over 300.
 * Run from the repository root; the rules and their folders live in function-length.ts.
 */

function sourceFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(?:ts|mts|cts)$/.test(name) && !/\.d\.[mc]?ts$/.test(name))
    .map((name) => join(folder, name).replaceAll('\\', '/'))
    .sort();
}

function main(): number {
  const findings = FILE_RULE_FOLDERS.flatMap(sourceFiles).flatMap((file) => checkSource(file, readFileSync(file, 'utf8')));
  for (const finding of findings) console.log(describeFinding(finding));
  if (findings.length > 0) console.log(`\n${findings.length} size finding(s).`);
  return findings.length > 0 ? 1 : 0;
}

process.exitCode = main();
