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
  /** Who acknowledged the incident, and when (reminders stop); null until someone does. */
  ack: IncidentAck | null;
  /**
   * Updates kept on the incident (`pantau note`), oldest first. The engine's projection always
   * writes none: notes live beside the incident and a reader merges them in.
   */
  notes: IncidentNote[];
}

/** An acknowledgement: someone on call has the incident in hand. */
export interface IncidentAck {
  by: string;
  /** ISO time of the acknowledgement. */
  ts: string;
  note?: string;
}

/** An update on an incident; `public` ones are shown on the status page. */
export interface IncidentNote {
  /** ISO time the note was written. */
  ts: string;
  by?: string;
  text: string;
  public: boolean;
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
    ack: base.ack ?? null,
    notes: [],
  };
}
