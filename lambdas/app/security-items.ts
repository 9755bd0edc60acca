import type { AlertRules, SecurityAlerting } from '../core/config';
import type { CheckResult } from '../core/types';
import type { AlertEvent } from '../core/alerting/types';
import { securityObservations } from '../core/patrol/observations';
import { securitySubject } from '../ports';
import type { SubjectObservation } from './alert-cycle';

/**
 * The probe cycle's security observations: for each check the patrol judged, one item per
 * finding kind, on the security subject of (target, finding), under the target's alert rules
 * (failureThreshold, successThreshold, renotifyMinutes, quorum) and its maintenance windows
 * (alert-decisions.ts matches a window against the target, by id or app).
 */
export function securityItems(
  results: CheckResult[],
  rulesOf: (target: string) => AlertRules,
  regionImpaired: boolean,
  routing: SecurityAlerting | undefined,
): SubjectObservation[] {
  return results.flatMap((result) =>
    securityObservations(result, regionImpaired, { topic: routing?.topic }).map((obs) => ({
      obs,
      rules: rulesOf(result.target),
      subject: securitySubject(result.target, obs.security!.finding),
    })),
  );
}

/**
 * Security alerts skip storm grouping: each goes out on its own with its evidence, and never
 * inside an uptime storm's "N targets DOWN" message (a mass defacement is when each piece of
 * evidence matters most).
 */
export function skipsStorms(event: AlertEvent): boolean {
  return event.kind === 'security' || event.kind === 'security_digest';
}
