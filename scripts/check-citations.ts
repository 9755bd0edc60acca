import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findCitations, type CitationKind } from './comment-citations';

/**
 * `npm run lint:citations`: fails when a comment under the given folders (default: the shipped
 * code) cites a document, folder or tracker number that is not part of this repository.
 */

const DEFAULT_FOLDERS = ['lambdas', 'lib', 'bin'];

const FIX: Record<CitationKind, string> = {
  'outside-document': 'say what the document says, in the comment',
  'outside-folder': 'point at a path inside this repository, or describe it',
  'tracker-number': 'say why, instead of citing the tracker',
};

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(?:ts|mts|cts)$/.test(name))
    .map((name) => join(folder, name))
    .sort();
}

function main(folders: string[]): number {
  const root = process.cwd();
  let count = 0;
  for (const file of folders.flatMap(sourceFiles)) {
    for (const citation of findCitations(file, readFileSync(file, 'utf8'))) {
      count++;
      console.log(`${relative(root, file)}:${citation.line}:${citation.column}  ${citation.kind}  "${citation.cited}" — ${FIX[citation.kind]}`);
    }
  }
  if (count > 0) console.log(`\n${count} comment citation(s) of things outside the repository.`);
  return count > 0 ? 1 : 0;
}

const requested = process.argv.slice(2);
process.exitCode = main(requested.length > 0 ? requested : DEFAULT_FOLDERS);
