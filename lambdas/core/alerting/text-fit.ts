/** Fitting text into the short forms: SNS subjects and SMS. */

/** Replaces what SNS subjects and GSM SMS cannot carry, then cuts on a word boundary. */
export function asciiLine(text: string, max: number): string {
  const ascii = text
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\u2018\u2019`]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\u2026/g, '...')
    .replace(/[\r\n\t]+/g, ' ')
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '');
  return cut(ascii, max);
}

/** Cuts to `max` characters on a word boundary, ending with "...". */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 3);
  const space = room.lastIndexOf(' ');
  return `${(space > max * 0.6 ? room.slice(0, space) : room).trimEnd()}...`;
}
