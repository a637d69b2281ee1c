/**
 * The topics of opsight's bus and what each carries: the one place a topic name meets its payload type, so a
 * publisher and its subscribers cannot disagree.
 */
import type { Event, IncidentChange, LogRecord, Sample, Span } from '../signals/index.js';

export interface Topics {
  /** Alerts, changes and informational events from every source, and the alerts detectors raise. Durable. */
  events: Event;
  /** Metric samples of one entity (ingested, or derived such as RED metrics from spans). */
  samples: Sample[];
  /** Log records of one entity. */
  logs: LogRecord[];
  /** Spans of one entity. */
  spans: Span[];
  /** Every change the correlate stage writes to an incident, keyed by incident. Durable (an outbox). */
  incidents: IncidentChange;
}

export type TopicName = keyof Topics;

export const Topic = {
  events: 'events',
  samples: 'samples',
  logs: 'logs',
  spans: 'spans',
  incidents: 'incidents',
} as const satisfies { [K in TopicName]: K };

/** Topics kept in the journal: what they carry was acknowledged to a sender or written with the store. */
export const durableTopics: readonly TopicName[] = [Topic.events, Topic.incidents];
