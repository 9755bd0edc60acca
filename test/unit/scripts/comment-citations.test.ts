import { describe, expect, it } from 'vitest';
import { commentRanges, findCitations } from '../../../scripts/comment-citations';

const cited = (text: string) => findCitations('sample.ts', text).map(({ kind, cited: what }) => `${kind} ${what}`);

describe('findCitations', () => {
  it('reports documents, folders and tracker numbers cited in comments, with their position', () => {
    const text = [
      '/** Keys for the single table (DESIGN.md "Data model"). */',
      'export const a = 1; // see ../shared/README for the rest',
      '/*',
      ' * Works around issue #12 and the quirk in ENVIRONMENT.md;',
      ' * tracked as #7 too.',
      ' */',
      '// Capacity sources (issue 4).',
      'export const b = 2;',
    ].join('\n');

    expect(findCitations('sample.ts', text)).toEqual([
      { line: 1, column: 32, cited: 'DESIGN.md', kind: 'outside-document' },
      { line: 2, column: 28, cited: '../shared', kind: 'outside-folder' },
      { line: 4, column: 17, cited: 'issue #12', kind: 'tracker-number' },
      { line: 4, column: 44, cited: 'ENVIRONMENT.md', kind: 'outside-document' },
      { line: 5, column: 15, cited: '#7', kind: 'tracker-number' },
      { line: 7, column: 22, cited: 'issue 4', kind: 'tracker-number' },
    ]);
  });

  it('reads comments only: the same words in strings, templates and regexes are not citations', () => {
    const text = [
      "const doc = 'DESIGN.md';",
      'const path = `../shared/${doc} #12`;',
      'const re = /issue #3|\\/\\/ DESIGN\\.md/;',
      'export { doc, path, re };',
    ].join('\n');

    expect(cited(text)).toEqual([]);
  });

  it('does not mistake an HTML entity, a colour or a word ending in a number for a tracker number', () => {
    expect(cited('// escape "&" as &#38; and paint it #fff; tissue 3 is fine\nexport {};')).toEqual([]);
  });

  it('finds a comment at the very end of a file and reports each comment once', () => {
    const text = 'export const x = 1; // trailing\n// last line cites #9';
    expect(commentRanges('sample.ts', text).map((range) => text.slice(range.pos, range.end))).toEqual([
      '// trailing',
      '// last line cites #9',
    ]);
    expect(cited(text)).toEqual(['tracker-number #9']);
  });
});
