import type { AlertEvent } from '../alerting/types';
import type { ChannelDescriptor, ChannelRegistry } from './descriptor';
import { email } from './email';
import { https } from './https';
import { sms } from './sms';

export type { ChannelDescriptor, ChannelRegistry, SnsProtocol } from './descriptor';

/** The channel types a subscription may name (`protocol:` in the config). */
export type ChannelType = 'email' | 'sms' | 'https';

/**
 * Every built-in channel. Adding one: a file with its descriptor, a line here, its name in
 * `ChannelType`. The order is the order the config's "use one of …" lists them in.
 */
export const CHANNELS: Readonly<Record<ChannelType, ChannelDescriptor>> = {
  email,
  sms,
  https,
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
  return bodies;
}
