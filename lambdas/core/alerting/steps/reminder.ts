import { speak } from './speak';
import type { Turn } from './turn';

/**
 * Speaking step: while DOWN, a reminder every `renotifyMinutes` after the last DOWN-type alert
 * (`lastAlertAt`: the DOWN itself, then each reminder). Off at 0; an outage no DOWN was said for
 * yet has no reminder clock; an acknowledged outage gets none.
 */
export function remindWhileDown(turn: Turn): boolean {
  const { state, ctx, nowMs } = turn;
  const every = ctx.rules.renotifyMinutes;
  if (state.status !== 'down' || every <= 0 || state.lastAlertAt === null) return false;
  // Acknowledged (`pantau ack`): someone has it in hand; the RECOVERED still comes.
  if (state.incident?.ack) return false;
  if (nowMs - Date.parse(state.lastAlertAt) < every * 60_000) return false;
  state.reminders += 1;
  speak(turn, 'reminder');
  return true;
}
