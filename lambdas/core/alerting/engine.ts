import type { AlertEvent, Observation } from './types';
import type { AlertState } from './state';
import type { IncidentRecord } from './incident';
import { normaliseState } from './normalise';
import type { EngineContext, SpeakingStep } from './steps/turn';
import { emptyState, isReplay, observe } from './steps/observe';
import { announceTransition, applyTransition } from './steps/transition';
import { hardenIntermittentOutage } from './steps/intermittent';
import { flappingStep, forgetOldTransitions } from './steps/flapping';
import { maintenanceStep } from './steps/maintenance';
import { remindWhileDown } from './steps/reminder';
import { incidentToWrite } from './steps/incident';
import { isQuietTurn } from './quiet-writes';

export { incidentIdFor, type IncidentRecord } from './incident';
export type { EngineContext } from './steps/turn';

/**
 * The alert state machine: one observation in, the next state and the alerts it decides out.
 * Pure and generic over Observation (uptime targets and capacity resources alike): no clock,
 * no I/O. The caller (lambdas/app/alert-cycle.ts) persists the state with a conditional write,
 * so only the writer that wins publishes what this returns.
 *
 *   UP ──failureThreshold failures in ≥ quorum fresh regions──▶ DOWN
 *   DOWN ──failing < quorum and successThreshold successes in a region──▶ UP (or DEGRADED)
 *   UP ──failureThreshold degraded passes in ≥ quorum regions──▶ DEGRADED ──clean passes──▶ UP
 * plus reminders while DOWN, FLAPPING, maintenance silence and the message after a window.
 *
 * The pipeline, one step per module in steps/, sharing one Turn (steps/turn.ts):
 *   1. observe                   fold the observation into its region, tally the live regions,
 *                                decide the status (a replayed observation stops here)
 *   2. applyTransition           record a status change: epoch, since, flapping history,
 *                                open the incident on DOWN, close it with its downtime after
 *   3. hardenIntermittentOutage  an intermittent outage that turned hard takes the hard cause
 *   4. forgetOldTransitions      drop transitions older than the flapping window
 *   5. speaking steps, in order; the first that owns the observation ends the chain, so at
 *      most one alert is decided per observation:
 *      maintenanceStep      silent inside a window; the message (or note) after it
 *      flappingStep         while flapping: quiet, until a hard outage or it settles; or start it
 *      announceTransition   DOWN / DEGRADED / RECOVERED
 *      remindWhileDown      STILL DOWN every renotifyMinutes
 *   6. incidentToWrite      the incident item this observation opened, updated or closed
 *   7. quiet                 with ctx.quietMs: nothing decision-relevant changed, so the caller
 *                            writes nothing (quiet-writes.ts: steady state costs no write)
 */

export interface Evaluation {
  state: AlertState;
  /** New alerts decided by this observation (publish them only if the state write wins). */
  events: AlertEvent[];
  incident: IncidentRecord | null;
  /** False when the observation was ignored (older than what its region already has). */
  applied: boolean;
  /**
   * True when the observation changed nothing a decision reads (ctx.quietMs set, a steady region
   * staying steady, its entry younger than quietMs): the caller need not write the state.
   */
  quiet: boolean;
}

const SPEAKING_STEPS: readonly SpeakingStep[] = [maintenanceStep, flappingStep, announceTransition, remindWhileDown];

export function evaluate(previousRaw: Partial<AlertState> | undefined, obs: Observation, ctx: EngineContext): Evaluation {
  const previous = normaliseState(previousRaw, obs);
  if (previous && isReplay(previous, obs)) return { state: previous, events: [], incident: null, applied: false, quiet: true };
  const turn = observe(previous ?? emptyState(obs), obs, ctx);
  applyTransition(turn);
  hardenIntermittentOutage(turn);
  forgetOldTransitions(turn);
  SPEAKING_STEPS.some((step) => step(turn)); // the first step that owns the observation ends it
  const incident = incidentToWrite(turn);
  const quiet =
    ctx.quietMs !== undefined && previous !== undefined && turn.events.length === 0 && incident === null && isQuietTurn(previous, turn.state, obs.region, ctx.rules, ctx.quietMs);
  return { state: turn.state, events: turn.events, incident, applied: true, quiet };
}
