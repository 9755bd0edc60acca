import ts from 'typescript';

/**
 * Finds comments that send the reader somewhere the repository does not contain: design notes
 * kept outside it, a sibling `../shared` checkout, or an issue-tracker number. A reader of the
 * code has none of those, so the comment should carry the reason itself.
 */

export interface Citation {
  readonly line: number;
  readonly column: number;
  readonly cited: string;
  readonly kind: CitationKind;
}

export type CitationKind = 'outside-document' | 'outside-folder' | 'tracker-number';

const CITATION_PATTERNS: ReadonlyArray<{ kind: CitationKind; pattern: RegExp }> = [
  { kind: 'outside-document', pattern: /\b(?:DESIGN|ENVIRONMENT)\.md\b/gi },
  { kind: 'outside-folder', pattern: /\.\.\/shared\b/g },
  // "issue 4", "issues #3", "PR #12", or a bare "#12" — but not an HTML entity such as "&#123;".
  { kind: 'tracker-number', pattern: /\bissues?\s+#?\d+\b|(?<![\w&])#\d+\b/gi },
];

/** Every comment in a TypeScript source, as [start, end) offsets, each reported once. */
export function commentRanges(fileName: string, text: string): ts.CommentRange[] {
  return commentRangesOf(ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true));
}

function commentRangesOf(source: ts.SourceFile): ts.CommentRange[] {
  const text = source.text;
  const seen = new Map<number, ts.CommentRange>();
  const collect = (pos: number): void => {
    for (const range of [...(ts.getLeadingCommentRanges(text, pos) ?? []), ...(ts.getTrailingCommentRanges(text, pos) ?? [])]) {
      seen.set(range.pos, range);
    }
  };
  const visit = (node: ts.Node): void => {
    collect(node.getFullStart());
    collect(node.getEnd());
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return [...seen.values()].sort((a, b) => a.pos - b.pos);
}

/** The citations in the comments of one file (string literals and code are never read). */
export function findCitations(fileName: string, text: string): Citation[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const citations: Citation[] = [];
  for (const range of commentRangesOf(source)) {
    const comment = text.slice(range.pos, range.end);
    for (const { kind, pattern } of CITATION_PATTERNS) {
      for (const match of comment.matchAll(pattern)) {
        const { line, character } = source.getLineAndCharacterOfPosition(range.pos + match.index);
        citations.push({ line: line + 1, column: character + 1, cited: match[0], kind });
      }
    }
  }
  return citations.sort((a, b) => a.line - b.line || a.column - b.column);
}
