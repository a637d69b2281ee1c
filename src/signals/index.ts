/** The signal model: one schema per signal type, shared by every stage. */
export { alertSchema, correlationSchema, suppressionSchema, type Alert, type Correlation, type Suppression } from './alert.js';
export { anomalySchema, type Anomaly } from './anomaly.js';
export { entitySchema, resolveEntity, entityRefOf, hostOfInstance, serviceRefOf, podRefOf, hostRefOf, EntityKind, type Entity, type EntityRef } from './entity.js';
export { eventSchema, EventKind, AlertStatus, type Event } from './event.js';
export {
  incidentSchema, incidentChangeSchema, timelineEntrySchema, impactSchema, rootCauseCandidateSchema, IncidentStatus, IncidentChangeKind, activeStatuses, isActive, memberEntities, markOf, parseMark,
  type Incident, type IncidentChange, type TimelineEntry, type Impact, type AffectedService, type RootCauseCandidate,
} from './incident.js';
export { labelsSchema, attributesSchema, sortedLabels, type Labels, type Attributes } from './labels.js';
export { logRecordSchema, type LogRecord } from './log-record.js';
export { sampleSchema, seriesKey, MetricKind, type Sample } from './sample.js';
export { Severity, severitySchema, normalizeSeverity, severityRank, maxSeverity } from './severity.js';
export { spanSchema, type Span } from './span.js';
export { timeMsSchema, parseTime, systemClock, MIN_TIME_MS, MAX_TIME_MS, type Clock } from './time.js';
