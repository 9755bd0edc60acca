import type { TargetSpec } from '../types';
import type { FindingKind } from './finding';
import { patrolOf } from './spec';
import type { PatrolState } from './state';

/**
 * Accepting a finding that stands on a learned baseline: a new certificate from another issuer,
 * a redesigned page, a moved zone. Only these three rest on memory; the others are judged from
 * what the check sees alone (a lexicon hit clears when the page is clean) or from the config.
 */

export const ACCEPTABLE_FINDINGS = ['cert_changed', 'content_changed', 'dns_ns_changed'] as const satisfies readonly FindingKind[];
export type AcceptableFinding = (typeof ACCEPTABLE_FINDINGS)[number];

/** Thrown for a finding or target that cannot be accepted: the message names the fix. */
export class AcceptError extends Error {}

/** The acceptable findings this target's checks judge (certificates on https/tls, the page on http GET, NS on dns). */
export function acceptableFor(target: TargetSpec): AcceptableFinding[] {
  const https = target.url.startsWith('https:') || target.kind === 'tls';
  const page = target.kind === 'http' && target.method.toUpperCase() === 'GET' && patrolOf(target).content;
  return ACCEPTABLE_FINDINGS.filter((k) => (k === 'cert_changed' ? https && patrolOf(target).certificate : k === 'content_changed' ? page : target.kind === 'dns'));
}

/** The findings `--finding` names (all the target's acceptable ones without it), or an AcceptError saying why not. */
export function findingsToAccept(target: TargetSpec, requested: string | undefined): AcceptableFinding[] {
  const possible = acceptableFor(target);
  if (requested === undefined) {
    if (possible.length === 0) throw new AcceptError(`${target.id} keeps no patrol baseline (${target.kind} target): nothing to accept`);
    return possible;
  }
  if (!(ACCEPTABLE_FINDINGS as readonly string[]).includes(requested)) {
    throw new AcceptError(
      `--finding ${requested}: only ${ACCEPTABLE_FINDINGS.join(', ')} rest on a learned baseline; the others clear by themselves once the check no longer sees them (for a lexicon term that is legitimate here, add it to patrol.lexicon.ignore)`,
    );
  }
  const kind = requested as AcceptableFinding;
  if (!possible.includes(kind)) throw new AcceptError(`--finding ${kind}: ${target.id} is a ${target.kind} target (${target.url}); its checks never judge ${kind}`);
  if (kind === 'content_changed' && patrolOf(target).pinnedText) {
    throw new AcceptError(`${target.id} compares its page with patrol.pinnedText from the config: change it there to accept the new page`);
  }
  if (kind === 'cert_changed' && (target.tls.expectIssuer || target.tls.pins?.length)) {
    throw new AcceptError(`${target.id} plans its certificate in the config (tls.expectIssuer / tls.pins): change them there to accept the new certificate`);
  }
  return [kind];
}

/** The state without what the accepted findings were judged against; null when nothing is left. */
export function withoutAccepted(state: PatrolState, accepted: readonly AcceptableFinding[]): PatrolState | null {
  const next: PatrolState = { ...state };
  if (accepted.includes('cert_changed')) delete next.cert;
  if (accepted.includes('dns_ns_changed')) delete next.ns;
  // The learned link hosts stay: a redesign does not make the old links suspicious.
  if (accepted.includes('content_changed') && next.content) next.content = { samples: 0, blocks: [], linkHosts: next.content.linkHosts };
  return next.cert || next.ns || next.content?.linkHosts.length ? next : null;
}
