import type { AlertEvent } from '../core/alerting/types';
import type { ChannelDeliverer } from '../core/channels/delivery';
import { TELEGRAM_API_BASE, retryAfterSeconds, sendMessageBody, telegram } from '../core/channels/telegram';

/**
 * Posts alerts to one Telegram chat through the Bot API's `sendMessage`. A 429 says how long to
 * wait (`retry_after`): within `maxWaitMs` the post waits and tries again; anything else that is
 * not a success throws, and the relay's caller (Lambda, or the alert cycle's pending outbox
 * locally) retries later. Errors never carry the URL: it holds the bot token.
 */
export interface TelegramOptions {
  chatId: string;
  /** The bot token (read from Secrets Manager / SSM when first needed). */
  token: () => Promise<string>;
  apiBase?: string;
  /** Name on pending alerts and in the ledger (default `telegram:<chatId>`). */
  channel?: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** The longest `retry_after` waited in-process (default 20 s: inside the relay's timeout). */
  maxWaitMs?: number;
  /** Posts per alert, the waits after 429s included (default 3). */
  attempts?: number;
  timeoutMs?: number;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TelegramDeliverer implements ChannelDeliverer {
  readonly channel: string;

  constructor(private readonly options: TelegramOptions) {
    this.channel = options.channel ?? `telegram:${options.chatId}`;
  }

  async deliver(event: AlertEvent): Promise<void> {
    const { attempts = 3, maxWaitMs = 20_000, sleep = sleepFor } = this.options;
    const body = JSON.stringify(sendMessageBody(this.options.chatId, telegram.render(event)));
    for (let attempt = 1; ; attempt++) {
      const { status, reply } = await this.post(body);
      if (status >= 200 && status < 300 && reply?.ok !== false) return;
      const wait = status === 429 ? retryAfterSeconds(reply) : undefined;
      if (wait !== undefined && wait * 1000 <= maxWaitMs && attempt < attempts) {
        await sleep(wait * 1000);
        continue;
      }
      const description = typeof reply?.description === 'string' ? `: ${reply.description.slice(0, 200)}` : '';
      const retry = wait !== undefined ? ` (retry after ${wait} s)` : '';
      throw new Error(`Telegram sendMessage to ${this.options.chatId} failed: HTTP ${status}${description}${retry}`);
    }
  }

  private async post(body: string): Promise<{ status: number; reply: { ok?: boolean; description?: unknown } | null }> {
    const url = `${(this.options.apiBase ?? TELEGRAM_API_BASE).replace(/\/+$/, '')}/bot${await this.options.token()}/sendMessage`;
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      // fetch's errors name the host and the socket error, never the path that holds the token.
      throw new Error(`Telegram sendMessage to ${this.options.chatId} failed: ${cause}`, { cause: err });
    }
    const reply = (await response.json().catch(() => null)) as { ok?: boolean; description?: unknown } | null;
    return { status: response.status, reply };
  }
}
