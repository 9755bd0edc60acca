import type { AlertKind } from '../types';
import type { AlertRules } from '../../config';
import type { Tally } from '../tally';
import { speak } from './speak';
import type { Turn } from './turn';

/**
 * Flapping: more than `flapping.transitions` status changes within `flapping.windowMs` pause
 * the alerts with one FLAPPING message. Flapping ends when the changes in the window fall to
 * half the limit (one message says where it settled), or at once on a hard outage.
 */

/** Keeps only the transitions inside the flapping window. */
export function forgetOldTransitions(turn: Turn): void {
  const windowStart = turn.nowMs - turn.ctx.rules.flapping.windowMs;
  turn.state.transitions = turn.state.transitions.filter((t) => Date.parse(t) > windowStart);
}

/** Speaking step: while flapping it owns every observation; otherwise it may start flapping. */
export function flappingStep(turn: Turn): boolean {
  if (turn.state.flapping) {
    leaveFlappingIfSettled(turn);
    return true;
  }
  return enterFlapping(turn);
}

function enterFlapping(turn: Turn): boolean {
  const { state, ctx } = turn;
  const limit = ctx.rules.flapping.transitions;
  if (!turn.transitioned || limit <= 0 || state.transitions.length <= limit) return false;
  state.flapping = true;
  state.epoch += 1;
  speak(turn, 'flapping', { flapping: { transitions: state.transitions.length, windowMs: ctx.rules.flapping.windowMs } });
  return true;
}

function leaveFlappingIfSettled(turn: Turn): void {
  const { state, ctx, obs } = turn;
  if (state.status === 'down' && hardOutageRegions(turn.tally, ctx.rules) >= turn.quorum) {
    // A hard outage is paged at most failureThreshold checks later than it would be without
    // flapping, however long the flapping window: flapping ends here, and must re-build.
    state.flapping = false;
    state.epoch += 1;
    state.transitions = [obs.ts];
    speak(turn, 'down', { stoppedFlapping: true });
  } else if (state.transitions.length <= Math.floor(ctx.rules.flapping.transitions / 2)) {
    // Stable again: report where it settled, once.
    state.flapping = false;
    state.epoch += 1;
    const kind: AlertKind = state.status === 'down' ? 'down' : state.status === 'degraded' ? 'degraded' : 'recovered';
    speak(turn, kind, { stoppedFlapping: true }, null);
  }
}

/** Regions failing in a row for 2 × failureThreshold: an outage, not one more flap. */
function hardOutageRegions(tally: Tally, rules: AlertRules): number {
  return tally.failing.filter(([, r]) => !r.ok && r.consecutiveFailures >= 2 * rules.failureThreshold).length;
}
