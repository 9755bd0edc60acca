import type { AlertEvent } from '../alerting/types';

/**
 * Run-time delivery: where alerts leave Pantau. A deliverer is one named channel (SNS in the
 * Lambdas; the console and the JSON-lines file in the CLI; later a chat API). A notifier
 * delivers an alert on several of them and says how each went, so a channel that failed can be
 * retried alone while the others are not sent twice.
 */

/** One delivery channel. `deliver` throws when the channel did not accept the alert. */
export interface ChannelDeliverer {
  /** Unique among a notifier's channels; recorded on pending alerts, so keep it stable. */
  readonly channel: string;
  deliver(event: AlertEvent): Promise<void>;
}

export type ChannelOutcome = { channel: string; ok: true } | { channel: string; ok: false; error: string };

/** Delivers an alert on named channels and reports each channel's outcome (it never throws for one). */
export interface Notifier {
  /** Every channel this notifier delivers on, in delivery order. */
  readonly channels: readonly string[];
  /** Delivers on `channels` (default: all of them); a channel it does not have is reported failed. */
  deliver(event: AlertEvent, channels?: readonly string[]): Promise<ChannelOutcome[]>;
}

/**
 * The failures of a delivery as one line: the error alone when one channel was tried (what a
 * single-channel notifier always said), else each failed channel with its error,
 * `chat: timeout; jsonl: ENOSPC`.
 */
export function failureText(outcomes: readonly ChannelOutcome[]): string {
  const failures = outcomes.flatMap((o) => (o.ok ? [] : [o]));
  if (outcomes.length === 1 && failures.length === 1) return failures[0]!.error;
  return failures.map((o) => `${o.channel}: ${o.error}`).join('; ');
}
