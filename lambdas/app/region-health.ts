import type { AlertRules } from '../core/config';
import type { CheckResult } from '../core/types';
import type { AlertState } from '../core/alerting/state';
import {
  PROBE_REGION_RULES,
  judgeByControls,
  judgeByRegions,
  probeRegionObservation,
  probeRegionSubject,
  worthAskingPeers,
  type ImpairmentVerdict,
} from '../core/alerting/impairment';
import { targetSubject, type LogSink, type SubjectStateStore } from '../ports';
import type { SubjectObservation } from './alert-cycle';

/**
 * The probe cycle's judgement of its own region (core/alerting/impairment.ts): by the control
 * checks when the config has them, otherwise by what other regions last saw of this run's
 * failures (one batch read of their subject states, only when the run failed enough checks for
 * the verdict to matter). Null when nothing can be judged (one region and no controls).
 */
export async function judgeRegion(
  region: string,
  results: CheckResult[],
  controls: CheckResult[],
  context: { regions: string[]; rulesOf: (target: string) => Pick<AlertRules, 'freshnessMs'>; store: Pick<SubjectStateStore, 'readSubjects'>; log: LogSink; nowMs: number },
): Promise<ImpairmentVerdict | null> {
  const byControls = judgeByControls(controls);
  if (byControls) return byControls;
  if (context.regions.length < 2) return null;
  if (!worthAskingPeers(results, context.regions.length)) {
    return { impaired: false, basis: 'regions', reason: `${results.filter((r) => !r.ok).length} of ${results.length} checks failed` };
  }
  const failed = [...new Set(results.filter((r) => !r.ok).map((r) => r.target))];
  try {
    const items = await context.store.readSubjects<Pick<AlertState, 'regions'>>(failed.map(targetSubject));
    const peers = new Map(items.flatMap(({ subject, value }) => (subject.kind === 'target' ? [[subject.target, value] as const] : [])));
    return judgeByRegions(region, results, peers, context.rulesOf, context.nowMs);
  } catch (err) {
    // Without the other regions' view nothing is discounted: a real outage must still page.
    context.log.warn('could not read other regions\' view; this run counts as not impaired', {
      error: err instanceof Error ? err.message : String(err),
    });
    return null;
  }
}

/** The probe region's ops subject, observed by that region alone. */
export function regionHealthItem(region: string, verdict: ImpairmentVerdict, ts: string, app?: string): SubjectObservation {
  const subject = probeRegionSubject(region);
  return {
    obs: probeRegionObservation(region, verdict, ts, app),
    rules: PROBE_REGION_RULES,
    subject: { kind: 'ops', subject },
    regions: [region],
  };
}
