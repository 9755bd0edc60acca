import type { AlertEvent, AlertNotifier } from '../core/alerting/types';
import { failureText, type ChannelDeliverer, type ChannelOutcome, type Notifier } from '../core/channels/delivery';

/**
 * Fan-out over named delivery channels (SNS in the Lambdas; console and JSON-lines file in the
 * CLI). `deliver` tries each channel asked for and reports each outcome; `publish` is the
 * all-channels form for callers that only need "did it go out" (storm digests, the alarm relay).
 */

/** The channel name of a notifier that has no named channels (a test double, a custom sink). */
export const DEFAULT_CHANNEL = 'default';

export class CompositeNotifier implements Notifier, AlertNotifier {
  readonly channels: readonly string[];
  private readonly byChannel: ReadonlyMap<string, ChannelDeliverer>;

  constructor(readonly deliverers: readonly ChannelDeliverer[]) {
    if (deliverers.length === 0) throw new Error('a notifier needs at least one delivery channel');
    this.byChannel = new Map(deliverers.map((d) => [d.channel, d]));
    // Pending alerts record channels by name: two with one name would settle each other.
    if (this.byChannel.size !== deliverers.length) throw new Error(`delivery channel names repeat: ${deliverers.map((d) => d.channel).join(', ')}`);
    this.channels = deliverers.map((d) => d.channel);
  }

  /** Each channel's deliver starts in `channels` order (the console line before the file line). */
  deliver(event: AlertEvent, channels: readonly string[] = this.channels): Promise<ChannelOutcome[]> {
    return Promise.all(channels.map((channel) => this.deliverOn(channel, event)));
  }

  async publish(event: AlertEvent): Promise<void> {
    const outcomes = await this.deliver(event);
    if (outcomes.some((o) => !o.ok)) throw new Error(failureText(outcomes));
  }

  private async deliverOn(channel: string, event: AlertEvent): Promise<ChannelOutcome> {
    const deliverer = this.byChannel.get(channel);
    if (!deliverer) return { channel, ok: false, error: `no ${channel} channel in this notifier (it has ${this.channels.join(', ')})` };
    try {
      await deliverer.deliver(event);
      return { channel, ok: true };
    } catch (err) {
      return { channel, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }
}

/** The channel-aware view of a deps notifier: its own channels, or itself as the one `default` channel. */
export function asNotifier(notifier: AlertNotifier): CompositeNotifier {
  if (notifier instanceof CompositeNotifier) return notifier;
  return new CompositeNotifier(notifier.deliverers ?? [{ channel: DEFAULT_CHANNEL, deliver: (event) => notifier.publish(event) }]);
}
