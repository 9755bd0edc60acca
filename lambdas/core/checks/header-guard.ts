/**
 * What an HTTP/1.1 request line and header block can carry. Node refuses anything else with
 * ERR_INVALID_CHAR / ERR_INVALID_HTTP_TOKEN, thrown after the connection is open: a config that
 * slips a bad header past validation would then fail every check with a confusing error (and
 * used to leave the socket open, so `check` never exited). The config loader and the http check
 * both ask this one function, so a header is refused — never silently re-encoded — before a
 * connection is made.
 */

/** Most servers refuse a request whose header block passes 8 KiB (431); one value may not fill it. */
export const MAX_HEADER_VALUE_CHARS = 8192;

/** RFC 9110 §5.6.2 token characters: the only characters a header name may have. */
const TOKEN_CHAR = /^[!#$%&'*+.^_`|~0-9A-Za-z-]$/;

/** U+0041 style, as Unicode writes it. */
export function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What a character is, shown so an invisible one (CR, NUL) can still be found. */
function show(char: string): string {
  const code = char.codePointAt(0)!;
  const names: Record<number, string> = { 0: 'NUL', 9: 'TAB', 10: 'LF', 13: 'CR', 32: 'space', 127: 'DEL' };
  return names[code] ?? (code < 32 ? 'a control character' : JSON.stringify(char));
}

/** The problem with a header name, or null: `"X Org" has space (U+0020) at 1, …`. */
export function headerNameProblem(name: string): string | null {
  if (name === '') return 'is an empty header name — give the header a name, e.g. X-Org';
  let position = 0;
  for (const char of name) {
    if (!TOKEN_CHAR.test(char)) {
      return `header name ${JSON.stringify(name)} has ${show(char)} (${codePoint(char)}) at ${position}, which HTTP header names cannot carry — use only letters, digits and ! # $ % & ' * + - . ^ _ \` | ~`;
    }
    position++;
  }
  return null;
}

/**
 * The problem with a header value, or null. Allowed: HTAB, visible ASCII, space and
 * U+0080–U+00FF (obs-text: Node sends those as Latin-1 bytes). Refused: CR, LF, NUL and the
 * other control characters (they would split or end the header block) and anything above U+00FF
 * (it has no single byte: Node throws ERR_INVALID_CHAR). `quote: false` leaves the value out of
 * the text (a value read from a secret store must never reach a result or an alert).
 */
export function headerValueProblem(value: string, opts: { quote?: boolean } = {}): string | null {
  const subject = opts.quote === false ? 'the value' : JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value.length > MAX_HEADER_VALUE_CHARS) {
    return `${subject} is ${value.length} characters, above the ${MAX_HEADER_VALUE_CHARS} a header value may have (servers refuse larger header blocks with 431) — shorten it`;
  }
  let position = 0;
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if ((code < 32 && code !== 9) || code === 127) {
      return `${subject} has ${show(char)} (${codePoint(char)}) at ${position}, which would break the HTTP request — remove it (a header value is one line)`;
    }
    if (code > 0xff) {
      return `${subject} has ${show(char)} (${codePoint(char)}) at ${position}, which HTTP headers cannot carry (Latin-1 only) — use ${asciiHint(char)} or percent-encode it`;
    }
    position++;
  }
  return null;
}

/** A plain-ASCII stand-in for the look-alikes people paste from documents. */
function asciiHint(char: string): string {
  if (/[\u2010-\u2015\u2212]/.test(char)) return '"-"';
  if (/[\u2018\u2019\u201A\u201B]/.test(char)) return `"'"`;
  if (/[\u201C-\u201F]/.test(char)) return '"\\""';
  if (char === '\u2026') return '"..."';
  return 'plain ASCII';
}

/**
 * The first problem among request headers about to be sent, as `header <name>: <problem>`, or
 * null. Values are not quoted: secret header values are among them.
 */
export function requestHeadersProblem(headers: Readonly<Record<string, string>>): string | null {
  for (const [name, value] of Object.entries(headers)) {
    const problem = headerNameProblem(name) ?? headerValueProblem(value, { quote: false });
    if (problem) return `header ${JSON.stringify(name)}: ${problem}`;
  }
  return null;
}
