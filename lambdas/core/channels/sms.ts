import type { ChannelDescriptor } from './descriptor';
import { smsText } from '../alerting/sms-text';
import { phrasesFor } from '../alerting/i18n';

/**
 * SMS through SNS: the headline in the first configured language, in ASCII, then the owner and
 * the runbook, within two GSM-7 segments (alerting/sms-text.ts says what gives way).
 */
export const sms: ChannelDescriptor = {
  snsProtocol: 'sms',
  checkEndpoint: (value) =>
    /^\+[1-9]\d{6,14}$/.test(value)
      ? null
      : `${JSON.stringify(value)} is not an E.164 phone number — write + country code and number without spaces, e.g. +6281234567890`,
  render: (event) =>
    smsText(event.message, { owner: event.owner, runbook: event.runbook, ownerLabel: phrasesFor(event.locale ?? 'en').ownerShort }),
};
