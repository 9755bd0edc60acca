import type { ChannelDescriptor } from './descriptor';
import { smsText } from '../alerting/messages';

/** SMS through SNS: the first line only, in ASCII and cut to one message. */
export const sms: ChannelDescriptor = {
  snsProtocol: 'sms',
  checkEndpoint: (value) =>
    /^\+[1-9]\d{6,14}$/.test(value)
      ? null
      : `${JSON.stringify(value)} is not an E.164 phone number — write + country code and number without spaces, e.g. +6281234567890`,
  render: (event) => smsText(event.message),
};
