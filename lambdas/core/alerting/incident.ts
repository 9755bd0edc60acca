import type { Severity } from '../types';
import type { AlertState, ClosedIncident, OpenIncident } from './state';
import type { Observation } from './types';

/** "sirekap-web@20261124T034207Z": readable in an SMS, unique per outage. */
export function incidentIdFor(subject: string, startIso: string): string {
  return `${subject}@${startIso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
}

/** The incident item to write (opened, an alert counted, closed); `end` null while open. */
export interface IncidentRecord {
  id: string;
  subject: string;
  app: string;
  domain: Observation['domain'];
  severity: Severity;
  status: 'open' | 'closed';
  start: string;
  end: string | null;
  durationMs: number | null;
  cause: string;
  regions: string[];
  alertsSent: number;
  maintenance: string | null;
}

/** The incident item of an open (or just closed) DOWN period, as the state item says it. */
export function incidentRecord(
  state: AlertState,
  base: OpenIncident,
  closed: ClosedIncident | null,
  alertsNow: number,
): IncidentRecord {
  return {
    id: base.id,
    subject: state.subject,
    app: state.app,
    domain: state.domain,
    severity: state.severity,
    status: closed ? 'closed' : 'open',
    start: base.start,
    end: closed?.end ?? null,
    durationMs: closed?.durationMs ?? null,
    cause: base.cause,
    regions: base.regions,
    alertsSent: base.alertsSent + alertsNow,
    maintenance: base.maintenance ?? null,
  };
}
