/**
 * What the API shows of the signals. Signals keep their times as epoch milliseconds; the API writes
 * each of them as RFC 3339 (`timeField`). A time field a signal gains must be added here: the
 * OpenAPI test fails on any response that still shows epoch milliseconds.
 */
import { z } from 'zod';
import { alertSchema, anomalySchema, entitySchema, incidentSchema, timelineEntrySchema } from '../../signals/index.js';
import { pageResponse, timeField } from './common.js';

export const alertResource = alertSchema
  .extend({ firstSeen: timeField, lastSeen: timeField, activeSince: timeField, resolvedAt: timeField.nullable() })
  .meta({ id: 'Alert', description: 'A deduplicated alert, by fingerprint' });
export const alertPage = pageResponse(alertResource, 'Alert');

export const incidentResource = incidentSchema
  .extend({ startedAt: timeField, lastActivityAt: timeField, resolvedAt: timeField.nullable() })
  .meta({ id: 'Incident', description: 'Alerts and anomalies grouped as one problem' });
export const incidentPage = pageResponse(incidentResource, 'Incident');
export const timelineEntryResource = timelineEntrySchema.extend({ time: timeField }).meta({ id: 'TimelineEntry' });
export const incidentDetail = incidentResource
  .extend({ alerts: z.array(alertResource), timeline: z.array(timelineEntryResource) })
  .meta({ id: 'IncidentDetail', description: 'One incident with its alerts (all of them page through `GET /api/v1/alerts?incident=ID`) and its timeline' });

export const anomalyResource = anomalySchema.extend({ time: timeField, since: timeField.optional() })
  .meta({ id: 'Anomaly', description: 'What a detector found, with its evidence' });
export const anomalyPage = pageResponse(anomalyResource, 'Anomaly');

export const entityResource = entitySchema.extend({ firstSeen: timeField, lastSeen: timeField })
  .meta({ id: 'Entity', description: 'A service, host or pod seen in some signal' });
export const entityPage = pageResponse(entityResource, 'Entity');
