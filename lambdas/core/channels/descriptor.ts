import type { AlertEvent } from '../alerting/types';

/**
 * What Pantau knows about one kind of alert channel (a subscription `protocol:` in the config):
 * how to check its endpoint while the config loads, and what body an alert has on it. Pure: no
 * delivery here (SNS delivers the subscription protocols; a direct channel brings a deliverer).
 */
export interface ChannelDescriptor {
  /**
   * The SNS subscription protocol that delivers this channel, when SNS does; also the key of its
   * body in the `MessageStructure: 'json'` message. Absent for a channel Pantau delivers itself.
   */
  readonly snsProtocol?: SnsProtocol;
  /** Null when the endpoint is usable, else the problem and how to fix it (printed as is). */
  checkEndpoint(endpoint: string): string | null;
  /** The body an alert has on this channel. */
  render(event: AlertEvent): string;
  /**
   * Delivered by Pantau's chat relay (a Lambda subscribed to the alert topics, one per channel),
   * not by an SNS subscription of its own: Telegram, and Slack / Teams through AWS Chatbot.
   */
  readonly relayed?: boolean;
  /**
   * Subscription settings this channel needs beside `endpoint` (`tokenSecret`, `workspace` …),
   * each with how to write it: the config names a missing one with that fix.
   */
  readonly requires?: Readonly<Partial<Record<SubscriptionSetting, string>>>;
}

/** Settings a relayed channel's subscription may carry (core/config.ts Subscription). */
export type SubscriptionSetting = 'tokenSecret' | 'apiBase' | 'workspace' | 'team' | 'tenant';

/**
 * The SNS subscription protocols with an endpoint a config can name; the CDK app maps each to a
 * subscription, so a channel SNS delivers needs no change there.
 */
export type SnsProtocol = 'email' | 'email-json' | 'sms' | 'http' | 'https';

/** Descriptors by channel type; the built-in one is `CHANNELS` (registry.ts), tests pass their own. */
export type ChannelRegistry = Readonly<Record<string, ChannelDescriptor>>;
