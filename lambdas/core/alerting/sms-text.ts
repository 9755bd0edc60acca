import { smsLength } from './sms-segments';
import { asciiLine, cut } from './text-fit';

/**
 * The SMS of an alert: the headline, then who owns the system and the runbook, in at most two
 * GSM-7 segments (306 septets). The headline alone stays within one segment, as it always did;
 * the owner and the runbook take the second. A runbook URL is never cut (half a link is no
 * link): when it does not fit it is left out, and the e-mail and chat messages still carry it.
 */

/** The headline's share: one segment with room to spare, as before owners and runbooks. */
export const SMS_MAX = 140;
/** The most segments an alert SMS may take. */
export const SMS_SEGMENTS_MAX = 2;
const OWNER_MAX = 40;

export interface SmsContact {
  owner?: string;
  runbook?: string;
  /** Words for "owner" in the SMS language ("PIC", "Owner"). */
  ownerLabel?: string;
}

/** The SMS text: ASCII (so GSM-7), within `SMS_SEGMENTS_MAX` segments. */
export function smsText(headline: string, contact: SmsContact = {}): string {
  let head = asciiLine(headline, SMS_MAX);
  const owner = contact.owner ? ` - ${contact.ownerLabel ?? 'Owner'}: ${asciiLine(contact.owner, OWNER_MAX)}` : '';
  const runbook = contact.runbook ? ` - ${asciiLine(contact.runbook, Number.MAX_SAFE_INTEGER)}` : '';
  const fits = (text: string) => smsLength(text).segments <= SMS_SEGMENTS_MAX;
  if (fits(head + owner + runbook)) return head + owner + runbook;
  if (fits(head + owner)) return head + owner;
  // Only a headline full of two-septet characters ({ } [ ] | ~ ^ \) gets here: shorten it.
  while (!fits(head + owner) && head.length > 20) head = cut(head, head.length - 10);
  return head + owner;
}
