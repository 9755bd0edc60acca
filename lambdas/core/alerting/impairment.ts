import type { AlertRules } from '../config';
import type { CheckResult } from '../types';
import type { AlertState } from './state';
import type { Observation } from './types';
import { isFresh } from './quiet-writes';

/**
 * Is the probing region itself impaired (its own network, DNS or egress broken) rather than the
 * targets? Judged from evidence about the prober, never from "every target of my shard failed":
 * a shard whose sites all live in one data centre fails together when that data centre does
 * (the June 2024 ransomware case), and that outage must page.
 *
 * Two kinds of evidence:
 * - control checks (`regions.controls`): reference endpoints outside the monitored estate; all
 *   of them failing from a region means that region cannot reach the internet;
 * - other regions contradicting this one: this region's failures are seen as passing by another
 *   region that is live, after this region's failing streak began (so an outage that begins
 *   between two regions' rounds is not mistaken for impairment).
 * With neither (one region, no controls: every local run) nothing is ever judged impaired.
 */

/** Contradicted failures needed before a region is judged impaired (one odd target is not a network). */
export const IMPAIRED_MIN_CONTRADICTED = 3;

export interface ImpairmentVerdict {
  impaired: boolean;
  basis: 'controls' | 'regions';
  /** One line for the ops alert and the logs. */
  reason: string;
}

/** All controls failing → impaired; any passing → the region's network works. Null without controls. */
export function judgeByControls(controls: CheckResult[]): ImpairmentVerdict | null {
  if (controls.length === 0) return null;
  const failed = controls.filter((c) => !c.ok);
  if (failed.length < controls.length) {
    return { impaired: false, basis: 'controls', reason: `${controls.length - failed.length} of ${controls.length} control checks passed` };
  }
  const classes = [...new Set(failed.map((c) => c.error ?? 'error'))].join(', ');
  return { impaired: true, basis: 'controls', reason: `all ${controls.length} control checks failed (${classes})` };
}

/** What another region last saw of a target, from the target's state item. */
export type PeerStates = ReadonlyMap<string, Pick<AlertState, 'regions'> | undefined>;

/**
 * Impaired when at least IMPAIRED_MIN_CONTRADICTED of this run's failures, and at least half of
 * all its checks, are contradicted by a live peer: another region, not itself impaired, whose
 * latest observation of the target passed, is fresh (the target's freshness) and is newer than
 * the start of this region's failing streak on that target.
 */
export function judgeByRegions(
  region: string,
  results: CheckResult[],
  peers: PeerStates,
  rulesOf: (target: string) => Pick<AlertRules, 'freshnessMs'>,
  nowMs: number,
): ImpairmentVerdict {
  const failures = results.filter((r) => !r.ok);
  const witnesses = new Set<string>();
  let contradicted = 0;
  for (const failure of failures) {
    const regions = peers.get(failure.target)?.regions ?? {};
    const own = regions[region];
    // The first failure of a streak starts now: nothing seen before it can contradict it.
    const streakStart = own && !own.ok ? (own.failingSince ?? own.ts) : failure.ts;
    const freshness = rulesOf(failure.target).freshnessMs;
    // A pass stamped later than this run's clock comes from a peer whose clock runs ahead: it
    // cannot be ordered against this streak, so it is no evidence (a peer 2 min ahead would
    // otherwise contradict the first failure of every real outage).
    const passing = Object.entries(regions).filter(
      ([name, r]) =>
        name !== region && !r.impaired && r.ok && r.ts > streakStart && Date.parse(r.ts) <= nowMs && isFresh(r, freshness, nowMs),
    );
    if (passing.length === 0) continue;
    contradicted++;
    for (const [name] of passing) witnesses.add(name);
  }
  const impaired = contradicted >= IMPAIRED_MIN_CONTRADICTED && contradicted * 2 >= results.length;
  const reason =
    witnesses.size === 0
      ? `${failures.length} of ${results.length} checks failed; no other region contradicts them`
      : `${contradicted} of ${results.length} checks failed here while ${[...witnesses].sort().join(', ')} saw them pass`;
  return { impaired, basis: 'regions', reason };
}

/** Whether judging by regions can say anything: it needs failures enough to cross the bar. */
export function worthAskingPeers(results: CheckResult[], configuredRegions: number): boolean {
  const failures = results.filter((r) => !r.ok).length;
  return configuredRegions > 1 && failures >= IMPAIRED_MIN_CONTRADICTED && failures * 2 >= results.length;
}

/** The ops subject of a probe region's own health. */
export const probeRegionSubject = (region: string): string => `probe-region:${region}`;

/**
 * Pantau's own health alerts (a dead shard, an impaired region, a relayed alarm) carry the
 * project name as their app (`{ app: [pantau] }` selects them); this when none is known.
 */
export const OPS_APP = 'pantau';

/**
 * Rules for a probe region's health: two impaired runs in a row raise it (one run can be a
 * transient), two clean ones clear it; only that region observes it.
 */
export const PROBE_REGION_RULES: AlertRules = {
  failureThreshold: 2,
  successThreshold: 2,
  renotifyMinutes: 60,
  quorum: 1,
  freshnessMs: 30 * 60_000,
  flapping: { transitions: 6, windowMs: 60 * 60_000 },
  failureRate: null,
};

/** The region's verdict as an observation of its ops subject (`PANTAU ALARM probe region …`). */
export function probeRegionObservation(region: string, verdict: ImpairmentVerdict, ts: string, app = OPS_APP): Observation {
  return {
    subject: probeRegionSubject(region),
    domain: 'ops',
    app,
    severity: 'high',
    ok: !verdict.impaired,
    degraded: false,
    error: verdict.impaired ? 'impaired' : null,
    reason: verdict.impaired ? `probes impaired: ${verdict.reason}` : verdict.reason,
    region,
    ts,
    label: `probe region ${region}`,
  };
}
