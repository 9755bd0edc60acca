/**
 * SMS length the way a network bills it. A text in the GSM 7-bit alphabet takes 160 septets in
 * one message and 153 per part once it is split (7 go to the concatenation header); a single
 * character outside that alphabet turns the whole text into UCS-2: 70 characters, 67 per part.
 * The extension characters (`^ { } [ ] ~ | \ €`) are two septets each.
 */

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsLength {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  /** Messages the text is sent as (0 for an empty text). */
  segments: number;
}

const SINGLE = { gsm7: 160, ucs2: 70 } as const;
const PART = { gsm7: 153, ucs2: 67 } as const;

/** The encoding, length and number of SMS segments of `text`. */
export function smsLength(text: string): SmsLength {
  let septets = 0;
  for (const ch of text) {
    if (BASIC.has(ch)) septets += 1;
    else if (EXTENSION.has(ch)) septets += 2;
    else return sized('ucs2', text.length);
  }
  return sized('gsm7', septets);
}

function sized(encoding: SmsEncoding, units: number): SmsLength {
  const segments = units === 0 ? 0 : units <= SINGLE[encoding] ? 1 : Math.ceil(units / PART[encoding]);
  return { encoding, units, segments };
}

/** The most units `segments` messages hold in an encoding (2 GSM-7 segments: 306 septets). */
export function smsCapacity(encoding: SmsEncoding, segments: number): number {
  return segments <= 1 ? SINGLE[encoding] : PART[encoding] * segments;
}
