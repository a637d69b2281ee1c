/**
 * What the API shows of the signals. Signals keep their times as epoch milliseconds; the API writes
 * each of them as RFC 3339 (`timeField`). A time field a signal gains must be added here: the
 * OpenAPI test fails on any response that still shows epoch milliseconds.
 */
import { z } from 'zod';
import { alertSchema, anomalySchema, entitySchema, incidentSchema, timelineEntrySchema } from '../../signals/index.js';
import { pageResponse, timeField } from './common.js';

export const alertResource = alertSchema.extend({ firstSeen: timeField, lastSeen: timeField, activeSince: timeField, resolvedAt: timeField.nullable() });
export const alertPage = pageResponse(alertResource);

export const incidentResource = incidentSchema.extend({ startedAt: timeField, lastActivityAt: timeField, resolvedAt: timeField.nullable() });
export const incidentPage = pageResponse(incidentResource);
export const timelineEntryResource = timelineEntrySchema.extend({ time: timeField });
/** One incident with its alerts and timeline. */
export const incidentDetail = incidentResource.extend({ alerts: z.array(alertResource), timeline: z.array(timelineEntryResource) });

export const anomalyResource = anomalySchema.extend({ time: timeField, since: timeField.optional() });
export const anomalyPage = pageResponse(anomalyResource);

export const entityResource = entitySchema.extend({ firstSeen: timeField, lastSeen: timeField });
export const entityPage = pageResponse(entityResource);
