/**
 * Deduplication and the firing → resolved life cycle of one alert, on event time. A pure function
 * of the stored alert and an incoming alert event; applying the same event twice is the caller's
 * to prevent (events carry ids for that).
 */
import type { Alert, Event } from '../signals/index.js';
import { fingerprintOf } from './fingerprint.js';

export const Transition = {
  /** First report of a new alert, or of a new firing episode after resolution. */
  firing: 'firing',
  /** Another report of an alert that is already firing. */
  repeated: 'repeated',
  resolved: 'resolved',
  /** A report older than the alert's current state (late or reordered delivery): counted, state kept. */
  stale: 'stale',
} as const;
export type Transition = (typeof Transition)[keyof typeof Transition];

export interface DedupResult {
  alert: Alert;
  transition: Transition;
}

function details(event: Event): Pick<Alert, 'severity' | 'entityId' | 'source' | 'title' | 'labels' | 'annotations' | 'url'> {
  return {
    severity: event.severity, entityId: event.entityId, source: event.source, title: event.title,
    labels: event.labels, annotations: event.annotations, url: event.url ?? null,
  };
}

const episodeStart = (event: Event) => event.startsAt ?? event.time;
const resolutionTime = (event: Event) => event.endsAt ?? event.time;

function created(event: Event): DedupResult {
  const firing = event.status !== 'resolved';
  const start = firing ? episodeStart(event) : Math.min(episodeStart(event), resolutionTime(event));
  const alert: Alert = {
    fingerprint: fingerprintOf(event), status: firing ? 'firing' : 'resolved', ...details(event),
    firstSeen: start, lastSeen: firing ? event.time : resolutionTime(event), activeSince: start,
    resolvedAt: firing ? null : resolutionTime(event), count: 1, incidentId: null,
  };
  return { alert, transition: firing ? 'firing' : 'resolved' };
}

function onFiring(current: Alert, event: Event): DedupResult {
  const start = episodeStart(event);
  const lastSeen = Math.max(current.lastSeen, event.time);
  if (current.status === 'firing') {
    return { alert: { ...current, ...details(event), lastSeen, count: current.count + 1 }, transition: 'repeated' };
  }
  if (current.resolvedAt !== null && start <= current.resolvedAt) {
    return { alert: { ...current, count: current.count + 1 }, transition: 'stale' };
  }
  return {
    alert: { ...current, ...details(event), status: 'firing', activeSince: start, resolvedAt: null, lastSeen, count: current.count + 1 },
    transition: 'firing',
  };
}

function onResolved(current: Alert, event: Event): DedupResult {
  const at = resolutionTime(event);
  if (current.status === 'resolved' || at < current.activeSince) return { alert: current, transition: 'stale' };
  return { alert: { ...current, status: 'resolved', resolvedAt: at, lastSeen: Math.max(current.lastSeen, at) }, transition: 'resolved' };
}

/** Applies one alert event to the stored alert with the same fingerprint (or to none yet). */
export function applyAlertEvent(current: Alert | undefined, event: Event): DedupResult {
  if (current === undefined) return created(event);
  return event.status === 'resolved' ? onResolved(current, event) : onFiring(current, event);
}
