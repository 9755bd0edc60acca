import type { AlertEvent } from '../alerting/types';
import { alertJson } from '../alerting/messages';
import type { ChannelDescriptor, ChannelRegistry } from './descriptor';
import { email } from './email';
import { https } from './https';
import { sms } from './sms';
import { telegram } from './telegram';
import { slack, teams } from './chatbot';

export type { ChannelDescriptor, ChannelRegistry, SnsProtocol, SubscriptionSetting } from './descriptor';

/** The channel types a subscription may name (`protocol:` in the config). */
export type ChannelType = 'email' | 'sms' | 'https' | 'telegram' | 'slack' | 'teams';

/**
 * Every built-in channel. Adding one: a file with its descriptor, a line here, its name in
 * `ChannelType`. The order is the order the config's "use one of …" lists them in.
 */
export const CHANNELS: Readonly<Record<ChannelType, ChannelDescriptor>> = {
  email,
  sms,
  https,
  telegram,
  slack,
  teams,
};

/** The type names of a registry, in registration order (non-empty, for the config schema's enum). */
export function channelTypes(registry: ChannelRegistry = CHANNELS): [string, ...string[]] {
  const types = Object.keys(registry);
  if (types.length === 0) throw new Error('a channel registry needs at least one channel');
  return types as [string, ...string[]];
}

/** The endpoint problem of a subscription (null when usable); an unknown type is the schema's to report. */
export function endpointProblem(type: string, endpoint: string, registry: ChannelRegistry = CHANNELS): string | null {
  return registry[type]?.checkEndpoint(endpoint) ?? null;
}

/**
 * The bodies of one SNS Publish with `MessageStructure: 'json'`: one per channel SNS delivers,
 * keyed by its protocol, plus `default` (the full text) for any protocol not listed.
 */
export function protocolBodies(event: AlertEvent, registry: ChannelRegistry = CHANNELS): Record<string, string> {
  const bodies: Record<string, string> = { default: event.body ?? event.message };
  for (const descriptor of Object.values(registry)) {
    if (descriptor.snsProtocol) bodies[descriptor.snsProtocol] = descriptor.render(event);
  }
  // The chat relay Lambdas (relayed channels) read the structured form, as webhooks do.
  if (Object.values(registry).some((d) => d.relayed)) bodies.lambda = JSON.stringify(alertJson(event));
  return bodies;
}

/** Whether subscriptions of this channel type go through the chat relay. */
export function isRelayed(type: string, registry: ChannelRegistry = CHANNELS): boolean {
  return registry[type]?.relayed === true;
}
