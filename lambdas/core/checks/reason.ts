/**
 * Reasons are read on a phone by someone on call, and many are built from what a server sent
 * (a Location header, a header value, a body excerpt, a DNS name, a certificate subject). A
 * hostile or broken server must not turn one into an 8,000-character line or a terminal escape
 * sequence: every reason is cut to REASON_MAX_CHARS, and the uncut text is kept beside it.
 */

/** The longest reason shown (table, alert, `reason` in JSON), "…" included. */
export const REASON_MAX_CHARS = 300;
/** A cut looks back at most this far for a space, so a word is not split mid-way. */
const WORD_BOUNDARY_WINDOW = 60;

/** C0/C1 control characters left after whitespace is collapsed. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;

export interface ReadableReason {
  reason: string;
  /** The whole reason, only when `reason` was cut. */
  reasonFull?: string;
}

/** `full` made safe to print and cut to REASON_MAX_CHARS on a word boundary with "…". */
export function readableReason(full: string): ReadableReason {
  const printable = full.replace(/\s+/g, ' ').trim().replace(CONTROL_CHARS, '\uFFFD');
  if (printable.length <= REASON_MAX_CHARS) return { reason: printable };
  const limit = REASON_MAX_CHARS - 1;
  const space = printable.lastIndexOf(' ', limit);
  const end = space >= limit - WORD_BOUNDARY_WINDOW ? space : limit;
  return { reason: `${printable.slice(0, end).trimEnd()}…`, reasonFull: printable };
}
