import { TextDecoder } from 'node:util';

/**
 * Turns a response body's bytes into text the way a browser would, so keyword and regex checks
 * see the page the users see: a byte-order mark wins, then the charset the Content-Type header
 * declares, then a `<meta charset>` / `<meta http-equiv="Content-Type">` in the first 2 KB (HTML
 * puts it there), else UTF-8. Node's TextDecoder knows the WHATWG encodings (iso-8859-1 is read
 * as windows-1252, as browsers do).
 */

export interface DecodedBody {
  text: string;
  /** The WHATWG name of the encoding used, e.g. "windows-1252". */
  encoding: string;
  /** Set when the declared charset is unknown and UTF-8 was used instead: added to a failed check's reason. */
  note: string | null;
}

/** How far into the body a `<meta>` charset is looked for (HTML requires it within the first 1024 bytes). */
export const META_SNIFF_BYTES = 2048;

const HEADER_CHARSET = /;\s*charset\s*=\s*["']?([^"';\s]+)/i;
// Bounded input (META_SNIFF_BYTES) and no nested quantifiers: cheap on any body.
const META_CHARSET = /<meta\b[^>]{0,512}?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})/i;

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** The charset a response declares: header first, then a `<meta>` near the top of the body. */
export function declaredCharset(contentType: string | undefined, bytes: Uint8Array): string | null {
  const fromHeader = contentType ? HEADER_CHARSET.exec(contentType)?.[1] : undefined;
  if (fromHeader) return fromHeader;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, META_SNIFF_BYTES)).toString('latin1');
  return META_CHARSET.exec(head)?.[1] ?? null;
}

/**
 * WHATWG windows-1252 bytes 0x80-0x9F (the five undefined ones stay C1 controls). Node 20's
 * TextDecoder('windows-1252') returns these bytes as U+0080-U+009F (ISO-8859-1), so an en dash
 * (0x96) would never match "–"; remapping after decoding is correct on fixed Node versions too.
 */
const CP1252_C1 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const C1_CONTROLS = /[\u0080-\u009f]/g;

function decode(decoder: TextDecoder, bytes: Uint8Array): string {
  const text = decoder.decode(bytes);
  return decoder.encoding === 'windows-1252' ? text.replace(C1_CONTROLS, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!) : text;
}

function decoderFor(label: string): TextDecoder | null {
  try {
    return new TextDecoder(label);
  } catch {
    return null;
  }
}

export function decodeBody(bytes: Uint8Array, contentType: string | undefined): DecodedBody {
  const declared = bomEncoding(bytes) ?? declaredCharset(contentType, bytes);
  const known = declared ? decoderFor(declared) : null;
  const decoder = known ?? new TextDecoder('utf-8');
  const note = declared && !known ? `declared charset ${JSON.stringify(declared)} is unknown; decoded as UTF-8` : null;
  return { text: decode(decoder, bytes), encoding: decoder.encoding, note };
}
