/**
 * What the API shows of the signals: each as stored, its times in epoch milliseconds with their
 * RFC 3339 twins (`timedResource`). A time field a signal gains must be listed here: the times test
 * reads every one of them with its twin.
 */
import { z } from 'zod';
import { alertSchema, anomalySchema, entitySchema, incidentSchema, rootCauseCandidateSchema, timeMsSchema, timelineEntrySchema } from '../../signals/index.js';
import { pageResponse, timedResource } from './common.js';

/** An alert's recent state changes are flapping detection's bookkeeping, not shown. */
export const alertResource = timedResource(alertSchema.omit({ recentChanges: true }), ['firstSeen', 'lastSeen', 'activeSince', 'resolvedAt'],
  { id: 'Alert', description: 'A deduplicated alert, by fingerprint' });
export const alertPage = pageResponse(alertResource, 'Alert');

const incidentTimes = ['startedAt', 'lastActivityAt', 'resolvedAt', 'quietSince', 'acknowledgedAt'] as const;
const rootCauseResource = timedResource(rootCauseCandidateSchema, ['since'], { id: 'RootCause', description: 'A likely root cause, with the signal and evidence that ranked it' });
// Which entities are still active is grouping's bookkeeping, not something a responder reads.
const incidentWithCauses = incidentSchema.omit({ entityActivity: true }).extend({ rootCauses: z.array(rootCauseResource) });
export const incidentResource = timedResource(incidentWithCauses, incidentTimes, { id: 'Incident', description: 'Alerts and anomalies grouped as one problem' });
export const incidentPage = pageResponse(incidentResource, 'Incident');
export const timelineEntryResource = timedResource(timelineEntrySchema, ['time'], { id: 'TimelineEntry' });
export const commentResource = timedResource(z.object({ time: timeMsSchema, by: z.string().describe('Token name of who wrote it'), text: z.string() }), ['time'], { id: 'Comment' });
export const incidentDetail = timedResource(incidentWithCauses.extend({
  alerts: z.array(alertResource), comments: z.array(commentResource), timeline: z.array(timelineEntryResource),
}), incidentTimes, {
  id: 'IncidentDetail', description: 'One incident with its alerts (all of them page through `GET /api/v1/alerts?incident=ID`), its comments and its timeline',
});

export const anomalyResource = timedResource(anomalySchema, ['time', 'since'], { id: 'Anomaly', description: 'What a detector found, with its evidence' });
export const anomalyPage = pageResponse(anomalyResource, 'Anomaly');

export const entityResource = timedResource(entitySchema, ['firstSeen', 'lastSeen'], { id: 'Entity', description: 'A service, host or pod seen in some signal' });
export const entityPage = pageResponse(entityResource, 'Entity');
