import { describe, expect, it } from 'vitest';
import { REASON_MAX_CHARS, readableReason } from '../../../../lambdas/core/checks/reason';

// Reasons built from server-controlled text (Location, header values, body excerpts, DNS names,
// certificate subjects) are cut to a readable length; the uncut text stays in reasonFull.

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('readableReason', () => {
  it.each([
    ['short reason', 'HTTP 503 not in [200-399]', { reason: 'HTTP 503 not in [200-399]' }],
    ['exactly the limit', 'x'.repeat(REASON_MAX_CHARS), { reason: 'x'.repeat(REASON_MAX_CHARS) }],
    ['newlines and tabs', 'body lacks\n\t"x"  ', { reason: 'body lacks "x"' }],
    ['terminal escape', 'header is \u001b[31mred\u0007', { reason: 'header is \uFFFD[31mred\uFFFD' }],
    ['C1 control', 'subject CN=a\u0085b', { reason: 'subject CN=a\uFFFDb' }],
  ])('%s: unchanged but printable, no reasonFull', (_name, full, expected) => {
    expect(readableReason(full)).toEqual(expected);
  });

  it('cuts a long reason on a word boundary with "…" and keeps the whole text', () => {
    const full = `DNS answer lacks ${words(100)}`;
    const { reason, reasonFull } = readableReason(full);
    expect(reason.length).toBeLessThanOrEqual(REASON_MAX_CHARS);
    expect(reason).toMatch(/ word\d+…$/);
    expect(full.startsWith(reason.slice(0, -1))).toBe(true);
    expect(full.charAt(reason.length - 1)).toBe(' ');
    expect(reasonFull).toBe(full);
  });

  it('cuts a long run without spaces (an 8 KB Location) at the limit', () => {
    const full = `HTTP 302 with an invalid Location header "http://[${'x'.repeat(8_000)}"`;
    const { reason, reasonFull } = readableReason(full);
    expect(reason).toHaveLength(REASON_MAX_CHARS);
    expect(reason.endsWith('x…')).toBe(true);
    expect(reasonFull).toBe(full);
  });
});
