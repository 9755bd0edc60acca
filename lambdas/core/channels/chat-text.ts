import type { AlertEvent } from '../alerting/types';
import { phrasesFor } from '../alerting/i18n';
import { cut } from '../alerting/text-fit';

/**
 * The text of an alert in a chat (Telegram, Slack, Teams): the headline (in both languages when
 * configured), who owns the system and the runbook, then the incident and the alert id. Short
 * enough to read on a phone; the e-mail keeps the per-region detail.
 */

/** Telegram refuses a message over 4096 characters. */
export const CHAT_TEXT_MAX = 4_000;

export function chatLines(event: AlertEvent): string[] {
  const words = phrasesFor(event.locale ?? 'en').body;
  const lines = [event.message];
  if (event.altMessage) lines.push(event.altMessage);
  if (event.owner) lines.push(`${words.owner}: ${event.owner}`);
  if (event.runbook) lines.push(`${words.runbook}: ${event.runbook}`);
  if (event.grouped && event.grouped.length > 0) lines.push(event.grouped.join(', '));
  if (event.incidentId) lines.push(`${words.incident}: ${event.incidentId}`);
  lines.push(`${words.alertId}: ${event.dedupId}`);
  return lines;
}

export function chatText(event: AlertEvent): string {
  return cut(chatLines(event).join('\n'), CHAT_TEXT_MAX);
}
