/** Incident changes as the correlate stage publishes them. */
import type { Incident, IncidentChange, IncidentChangeKind } from '../signals/index.js';

/** A change to an incident, caused by an event or by something else named like one (`quiet@<time>`, `action:<id>`). */
export function changeOf(kind: IncidentChangeKind, cause: string, incident: Incident, alertFingerprint: string | null, time: number): IncidentChange {
  return { id: `${cause}/${incident.id}`, kind, time, eventId: cause, alertFingerprint, incident };
}
