import ts from 'typescript';

/**
 * Measures what the size rules limit: the lines of every function (declarations, methods,
 * accessors, constructors, arrows and function expressions) and the lines of a whole file.
 * Long functions on the probe and alert paths hide the step that failed at 3 a.m.; long files
 * hide which job a module does. Pure: text in, findings out, so it is testable on fixtures.
 */

export const MAX_FUNCTION_LINES = 60;
export const MAX_FILE_LINES = 300;

/** Folders whose functions must stay short: the probe and alert paths and what they run on. */
export const FUNCTION_RULE_FOLDERS = ['lambdas/core', 'lambdas/app', 'lambdas/adapters', 'lambdas/ports'];
/** Folders whose files must stay short: everything that ships. */
export const FILE_RULE_FOLDERS = ['lambdas', 'lib', 'bin'];

export interface FunctionSize {
  readonly name: string;
  /** 1-based line the function starts on. */
  readonly line: number;
  /** Lines from its first to its last, both included. */
  readonly lines: number;
}

export type SizeFinding =
  | { readonly kind: 'function'; readonly file: string; readonly line: number; readonly name: string; readonly lines: number }
  | { readonly kind: 'file'; readonly file: string; readonly line: 1; readonly lines: number };

type FunctionNode =
  | ts.FunctionDeclaration
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration
  | ts.ArrowFunction
  | ts.FunctionExpression;

function isMeasuredFunction(node: ts.Node): node is FunctionNode {
  // A body-less declaration (an overload signature, an abstract method) has nothing to split.
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node)) &&
    node.body !== undefined
  );
}

function propertyNameText(name: ts.PropertyName | ts.BindingName): string | null {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return null;
}

/** The name a reader would search for: its own, or the variable / property it is assigned to. */
function functionName(node: FunctionNode, enclosing: string | null): string {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (node.name) return propertyNameText(node.name) ?? node.name.getText();
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.initializer === node) {
    const named = propertyNameText(parent.name);
    if (named) return named;
  }
  return enclosing ? `<anonymous in ${enclosing}>` : '<anonymous>';
}

/** Every function in a source, outermost first, with the lines it spans. */
export function measureFunctions(fileName: string, text: string): FunctionSize[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const sizes: FunctionSize[] = [];
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node: ts.Node, enclosing: string | null): void => {
    let inside = enclosing;
    if (isMeasuredFunction(node)) {
      const name = functionName(node, enclosing);
      const line = lineOf(node.getStart(source));
      sizes.push({ name, line, lines: lineOf(node.getEnd()) - line + 1 });
      inside = name;
    }
    ts.forEachChild(node, (child) => visit(child, inside));
  };
  visit(source, null);
  return sizes;
}

/** Lines in a text as an editor numbers them: a final newline does not start another line. */
export function countLines(text: string): number {
  if (text.length === 0) return 0;
  const breaks = text.match(/\r\n|\r|\n/g)?.length ?? 0;
  return /(?:\r\n|\r|\n)$/.test(text) ? breaks : breaks + 1;
}

function isUnder(file: string, folders: readonly string[]): boolean {
  const path = file.replaceAll('\\', '/');
  return folders.some((folder) => path === folder || path.startsWith(`${folder}/`));
}

/** The size rules applied to one source; `file` is its path from the repository root. */
export function checkSource(file: string, text: string): SizeFinding[] {
  const findings: SizeFinding[] = [];
  const lines = countLines(text);
  if (isUnder(file, FILE_RULE_FOLDERS) && lines > MAX_FILE_LINES) findings.push({ kind: 'file', file, line: 1, lines });
  if (isUnder(file, FUNCTION_RULE_FOLDERS)) {
    for (const size of measureFunctions(file, text)) {
      if (size.lines > MAX_FUNCTION_LINES) findings.push({ kind: 'function', file, ...size });
    }
  }
  return findings;
}

/** One line per finding: where, what, how long, and what to do about it. */
export function describeFinding(finding: SizeFinding): string {
  if (finding.kind === 'file') {
    return `${finding.file}:1  file has ${finding.lines} lines (max ${MAX_FILE_LINES}) — split it into modules with one job each`;
  }
  return (
    `${finding.file}:${finding.line}  ${finding.name} has ${finding.lines} lines (max ${MAX_FUNCTION_LINES}) — ` +
    'split it into named steps, one job each'
  );
}
