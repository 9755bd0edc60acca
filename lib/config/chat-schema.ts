import { z } from 'zod';
import type { ChannelRegistry, SubscriptionSetting } from '../../lambdas/core/channels/registry';
import { isGuid } from '../../lambdas/core/channels/chatbot';
import { checked, secretRef } from './schema-kit';

/**
 * The settings a chat subscription carries beside `protocol` and `endpoint`: Telegram's bot
 * token reference and Bot API base URL, Slack's workspace, Teams' team and tenant. Which channel
 * needs which is its descriptor's `requires`; a setting on a channel that does not use it is
 * refused so a typo (a Slack `team:`) is not silently ignored.
 */

const apiBase = checked((value) => {
  try {
    const url = new URL(value);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && !url.search) return null;
  } catch {
    // fall through
  }
  return `${JSON.stringify(value)} is not a Bot API base URL — write e.g. https://api.telegram.org (or leave it out)`;
});

const guid = checked((value) => (isGuid(value) ? null : `${JSON.stringify(value)} is not a GUID — copy the id from the AWS Chatbot console, e.g. 8f2e3c1a-1b2c-4d5e-8f90-123456789abc`));

export const chatSubscriptionShape = {
  tokenSecret: secretRef.optional(),
  apiBase: apiBase.optional(),
  workspace: z.string().regex(/^[TE][A-Z0-9]{6,20}$/, { error: 'is not a Slack workspace id — write the id AWS Chatbot shows, e.g. T0123ABCD' }).optional(),
  team: guid.optional(),
  tenant: guid.optional(),
};

const SETTINGS = Object.keys(chatSubscriptionShape) as SubscriptionSetting[];

/** Each missing required setting and each setting the channel does not use, with its fix. */
export function chatSettingProblems(
  s: { protocol: string } & Partial<Record<SubscriptionSetting, unknown>>,
  registry: ChannelRegistry,
): Array<{ setting: SubscriptionSetting; message: string }> {
  const requires = registry[s.protocol]?.requires ?? {};
  const optional: readonly SubscriptionSetting[] = s.protocol === 'telegram' ? ['apiBase'] : [];
  const problems: Array<{ setting: SubscriptionSetting; message: string }> = [];
  for (const setting of SETTINGS) {
    const fix = requires[setting];
    if (fix && s[setting] === undefined) problems.push({ setting, message: `protocol ${s.protocol} needs ${setting} — ${fix}` });
    if (!fix && !optional.includes(setting) && s[setting] !== undefined) {
      problems.push({ setting, message: `${setting} is not a setting of protocol ${s.protocol} — remove it` });
    }
  }
  return problems;
}

/** Copies the chat settings a subscription has. */
export function chatSettings(s: Partial<Record<SubscriptionSetting, unknown>>): Record<string, unknown> {
  return Object.fromEntries(SETTINGS.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
}
