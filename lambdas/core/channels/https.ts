import type { ChannelDescriptor } from './descriptor';
import { alertJson } from '../alerting/messages';
import { authorityProblem } from '../url-authority';

/** HTTPS through SNS (chat bridges, webhooks): the structured JSON form of the alert. */
export const https: ChannelDescriptor = {
  snsProtocol: 'https',
  checkEndpoint: checkHttpsUrl,
  render: (event) => JSON.stringify(alertJson(event)),
};

function checkHttpsUrl(value: string): string | null {
  const authority = authorityProblem(value);
  if (authority) return authority;
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' && url.hostname !== '') return null;
  } catch {
    // fall through
  }
  return `${JSON.stringify(value)} is not an https:// URL — write e.g. https://chat.example.com/hooks/pantau`;
}
