import { isAlias, isMap, isPair, isSeq, type Document, type LineCounter, type Node, type YAMLError } from 'yaml';

/**
 * The YAML-level attacks and accidents a config file can carry — a huge file, an alias bomb
 * ("billion laughs"), nesting thousands deep, two documents in one file, a key written twice —
 * each become one config error (exit 2) with its line and the fix, never "unexpected error".
 */

/** Largest config file read: the 49-target KPU catalogue is ~10 KB, so 5 MB is 500× room. */
export const MAX_CONFIG_BYTES = 5 * 1000 * 1000;
/** Deepest nesting of mappings and lists: a real config needs ~8 (capacity selectors). */
export const MAX_DEPTH = 32;
/** Alias expansions allowed when building the config (yaml's own resource-exhaustion guard). */
export const MAX_ALIAS_COUNT = 1000;

export function sizeProblem(bytes: number): string | null {
  return bytes > MAX_CONFIG_BYTES
    ? `the config file is ${(bytes / 1e6).toFixed(1)} MB, above the 5 MB maximum — a config describes targets, it does not hold data; split it or remove what is not config`
    : null;
}

/** The first YAML error as one line, with a fix that fits its kind. */
export function yamlErrorLine(first: YAMLError, text: string): string {
  const pos = first.linePos?.[0];
  const where = pos ? `line ${pos.line}, column ${pos.col}` : 'YAML';
  const what = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (first.code === 'MULTIPLE_DOCS') {
    return `${where}: the file holds more than one YAML document (a --- line) — keep one document: remove the --- and merge the settings into one file`;
  }
  if (first.code === 'DUPLICATE_KEY') {
    const key = /^\s*([^:\n]*?)\s*:/.exec(text.slice(first.pos[0]))?.[1];
    return `${where}: ${key ? `${key} is` : 'a key is'} written twice in the same mapping — keep one (YAML would silently keep only the last)`;
  }
  // The parser gave up where its stack ran out, somewhere inside the nesting: the line is the clue.
  if (/call stack/i.test(what)) return `${pos ? `line ${pos.line}` : 'YAML'}: ${depthProblem()}`;
  return `${where}: YAML syntax error: ${what} — fix the indentation, quoting or colon there (quote values that contain : # [ ] { } ,)`;
}

function depthProblem(): string {
  return `nesting is deeper than ${MAX_DEPTH} levels — a config needs a few; look for runaway brackets [ { or indentation`;
}

function lineOf(node: Node | null | undefined, lines: LineCounter): string {
  const offset = node?.range?.[0];
  if (offset === undefined) return 'YAML';
  const { line, col } = lines.linePos(offset);
  return `line ${line}, column ${col}`;
}

/**
 * Walks the parsed document without recursion (a depth bomb must not overflow the stack here)
 * and reports the first place nested deeper than MAX_DEPTH.
 */
export function depthLine(doc: Document, lines: LineCounter): string | null {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isMap(node) || isSeq(node)) {
      if (depth >= MAX_DEPTH) return `${lineOf(node, lines)}: ${depthProblem()}`;
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
    } else if (isPair(node)) {
      stack.push({ node: node.key, depth }, { node: node.value, depth });
    }
  }
  return null;
}

/** The alias-bomb refusal, pointing at the first alias in the file. */
export function aliasLine(doc: Document, lines: LineCounter): string {
  let first: Node | undefined;
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      if (!first || (node.range?.[0] ?? Infinity) < (first.range?.[0] ?? Infinity)) first = node;
    } else if (isMap(node) || isSeq(node)) stack.push(...node.items);
    else if (isPair(node)) stack.push(node.key, node.value);
  }
  return `${lineOf(first, lines)}: YAML aliases (*name) expand to more than ${MAX_ALIAS_COUNT} copies — a resource-exhaustion pattern ("billion laughs"); write the values out or use defaults: and apps: to share settings`;
}
