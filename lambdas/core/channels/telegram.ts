import type { ChannelDescriptor } from './descriptor';
import { chatText } from './chat-text';

/**
 * Telegram, through the chat relay: the relay posts `sendMessage` to the Bot API with the bot
 * token read from Secrets Manager (`tokenSecret:`). The endpoint is the chat: a group's or
 * channel's numeric id (`-1001234567890`, from the bot's getUpdates) or a public channel's
 * `@username`.
 */

export const TELEGRAM_API_BASE = 'https://api.telegram.org';

export const telegram: ChannelDescriptor = {
  relayed: true,
  requires: { tokenSecret: 'add tokenSecret: { secretsManager: <secret holding the bot token> }' },
  checkEndpoint: (value) =>
    /^-?\d{1,20}$/.test(value) || /^@[A-Za-z][A-Za-z0-9_]{4,31}$/.test(value)
      ? null
      : `${JSON.stringify(value)} is not a Telegram chat — write the chat id (e.g. -1001234567890) or a public channel's @username`,
  render: chatText,
};

/** The `sendMessage` request body: plain text (no parse_mode, so nothing in an alert is markup). */
export function sendMessageBody(chatId: string, text: string): Record<string, unknown> {
  return { chat_id: chatId, text, disable_web_page_preview: true };
}

/** Seconds Telegram asks to wait after a 429 (`parameters.retry_after`), when it says. */
export function retryAfterSeconds(reply: unknown): number | undefined {
  const value = (reply as { parameters?: { retry_after?: unknown } } | null)?.parameters?.retry_after;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
