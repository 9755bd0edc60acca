import { incidentRecord, type IncidentRecord } from '../incident';
import type { Turn } from './turn';

/**
 * The last step: the incident item to write, if this observation changed one. A closed
 * incident counts the alerts decided for it now (the RECOVERED); an opened or updated one
 * carries its count on the state.
 */
export function incidentToWrite({ prev, state, events }: Turn): IncidentRecord | null {
  if (prev.incident && !state.incident) {
    const id = prev.incident.id;
    return incidentRecord(state, prev.incident, state.lastIncident, events.filter((e) => e.incidentId === id).length);
  }
  // A new object means it was opened, counted an alert, or changed its cause.
  if (state.incident && state.incident !== prev.incident) return incidentRecord(state, state.incident, null, 0);
  return null;
}
