import type { Observation } from '../types';
import type { AlertState } from '../state';
import { foldRegion } from '../region-streaks';
import { markQuiet } from '../quiet-writes';
import { decideStatus, quorumSize, requiredAgreement, tallyRegions } from '../tally';
import { INTERMITTENT } from '../failure-rate';
import { confirmationOf } from '../confirmation';
import { securityFacts } from '../security';
import type { EngineContext, Turn } from './turn';

/**
 * The first step: fold the observation into its region, tally the regions and decide the
 * status they confirm. Nothing is said here; the later steps act on the decision.
 */

/** A delayed duplicate (a second Lambda run, a late region) must not roll the state back. */
export function isReplay(previous: AlertState, obs: Observation): boolean {
  const known = previous.regions[obs.region];
  return known !== undefined && known.ts >= obs.ts;
}

export function emptyState(obs: Observation): AlertState {
  return {
    subject: obs.subject,
    domain: obs.domain,
    app: obs.app,
    label: obs.label,
    severity: obs.severity,
    status: 'up',
    since: obs.ts,
    epoch: 0,
    regions: {},
    lastTs: obs.ts,
    incident: null,
    lastIncident: null,
    lastAlertAt: null,
    reminders: 0,
    transitions: [],
    flapping: false,
    maintenance: null,
    note: null,
    pending: [],
  };
}

export function observe(prev: AlertState, obs: Observation, ctx: EngineContext): Turn {
  const { rules } = ctx;
  const nowMs = Date.parse(obs.ts);
  const configuredQuorum = quorumSize(rules, ctx.regionCount);
  const folded = markQuiet(
    foldRegion(prev.regions[obs.region], obs, rules.freshnessMs, rules.failureRate?.of ?? 0, rules.failureThreshold),
    rules,
    ctx.quietMs,
  );
  const state: AlertState = {
    ...prev,
    domain: obs.domain,
    app: obs.app,
    label: obs.label ?? prev.label,
    severity: obs.severity,
    regions: { ...prev.regions, [obs.region]: folded },
    lastTs: obs.ts > prev.lastTs ? obs.ts : prev.lastTs,
    transitions: [...prev.transitions],
    pending: [...prev.pending],
  };
  const security = securityFacts(prev.security, obs);
  if (security) state.security = security;
  // While DOWN for intermittent failures, recovering also needs the failure rate to drain.
  const holdingIntermittent = prev.status === 'down' && prev.incident?.cause === INTERMITTENT;
  const tally = tallyRegions(state.regions, rules, nowMs, holdingIntermittent);
  // Quorum over the regions that are live now, not the configured ones (requiredAgreement).
  const quorum = requiredAgreement(configuredQuorum, tally);
  const next = decideStatus(prev.status, tally, quorum);
  const confirmation = confirmationOf(tally, ctx, configuredQuorum, nowMs, state.regions, next);
  return { prev, state, obs, ctx, nowMs, tally, quorum, next, transitioned: next !== prev.status, confirmation, events: [] };
}
