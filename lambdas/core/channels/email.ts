import type { ChannelDescriptor } from './descriptor';

// A pragmatic address check (what SNS itself accepts is looser; this catches typos like a missing @ or dot).
const EMAIL = /^[^\s@"<>,;]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** E-mail through SNS: the full plain-text body (the first line, then the details). */
export const email: ChannelDescriptor = {
  snsProtocol: 'email',
  checkEndpoint: (value) => (EMAIL.test(value) ? null : `${JSON.stringify(value)} is not an email address — write e.g. noc@example.com`),
  render: (event) => event.body ?? event.message,
};
