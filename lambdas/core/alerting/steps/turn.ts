import type { Severity } from '../../types';
import type { AlertRules, TopicName } from '../../config';
import type { AlertEvent, Observation } from '../types';
import type { ActiveWindow } from '../maintenance';
import type { ConfirmationNote } from '../messages';
import type { AlertState, AlertStatus } from '../state';
import type { Tally } from '../tally';
import type { Language } from '../i18n/types';

/**
 * What the engine's steps share while one observation is decided: the context the engine runs
 * in, and the Turn, the decision in progress that each step reads and adds to.
 */

export interface EngineContext {
  rules: AlertRules;
  /** Configured probe regions (quorum denominator). */
  regionCount: number;
  /**
   * Their names, when known: a configured region with no live observation is named in an alert
   * it did not help confirm ("ap-southeast-1 silent for 7 min").
   */
  regions?: string[];
  /** IANA zone of message text. */
  timezone: string;
  /** Language of message text (`alerting.language`); absent: English. */
  language?: Language;
  routes: Record<Severity, TopicName>;
  /** The maintenance window covering the subject at the observation time, if any. */
  maintenance: ActiveWindow | null;
  /**
   * Quiet writes (quiet-writes.ts): steady region entries may go unwritten for this long, and
   * the evaluation says when there is nothing to write. Absent: every observation is a change.
   */
  quietMs?: number;
}

/**
 * One observation being decided. `state` is a fresh copy that the steps update in place (the
 * previous state is never touched); `events` collects what they decide to say.
 */
export interface Turn {
  /** The state before this observation (a fresh UP state for a subject never seen). */
  readonly prev: AlertState;
  state: AlertState;
  readonly obs: Observation;
  readonly ctx: EngineContext;
  /** The observation time in ms: the engine reads no clock. */
  readonly nowMs: number;
  readonly tally: Tally;
  /** Regions that must agree now: the configured quorum, capped by the live regions. */
  readonly quorum: number;
  /** The status the tally decides. */
  readonly next: AlertStatus;
  /** `next` differs from the previous status. */
  readonly transitioned: boolean;
  /** Set when fewer regions than the configured quorum confirm (the others silent or impaired). */
  readonly confirmation: ConfirmationNote | undefined;
  readonly events: AlertEvent[];
}

/**
 * A step that may speak. It returns true when it owned the observation (it spoke, or silence
 * was its decision), so that the steps after it stay quiet: at most one alert per observation.
 */
export type SpeakingStep = (turn: Turn) => boolean;
