/**
 * The wiring of the stages behind ingest: events from the bus through the alerts stage (dedup,
 * life cycle) into incident grouping, applied to the store in one transaction per event. Each
 * event is applied once: a redelivered event finds its id marked and changes nothing.
 */
import type { Event, Incident } from '../signals/index.js';
import { entityRefOf } from '../signals/index.js';
import { applyAlertEvent, fingerprintOf } from '../alerts/index.js';
import { groupAlert } from '../correlate/index.js';
import type { Transaction } from '../store/index.js';

export const EVENTS_TOPIC = 'events';
export const ALERTS_CONSUMER = 'alerts';

export interface PipelineConfig {
  /** Grouping window of the correlate stage, in ms. */
  incidentWindowMs: number;
}

export type Applied = { duplicate: true } | { duplicate: false; kind: Event['kind']; transition: string };

async function applyAlert(tx: Transaction, event: Event, config: PipelineConfig): Promise<string> {
  const current = await tx.alerts.get(fingerprintOf(event));
  const { alert, transition } = applyAlertEvent(current, event);
  const previous = alert.incidentId !== null ? await tx.incidents.get(alert.incidentId) : undefined;
  const open = transition === 'firing' ? await tx.incidents.openSince(alert.activeSince - config.incidentWindowMs, alert.entityId) : [];
  const grouped = groupAlert(alert, transition, previous, open, { windowMs: config.incidentWindowMs });
  await tx.alerts.put(grouped.alert);
  if (grouped.incident !== undefined) {
    await tx.incidents.put(grouped.incident);
    for (const entry of grouped.timeline) await tx.incidents.appendTimeline(grouped.incident.id, entry);
  }
  return transition;
}

/** A change (deploy, config) lands on the timeline of every open incident of its entity, as context. */
async function applyChange(tx: Transaction, event: Event, config: PipelineConfig): Promise<void> {
  const open: Incident[] = await tx.incidents.openSince(event.time - config.incidentWindowMs, event.entityId);
  for (const incident of open) {
    await tx.incidents.appendTimeline(incident.id, { time: event.time, kind: 'change', text: event.title, ref: event.id });
  }
}

/** Applies one event inside `tx`; the caller commits, then acknowledges the bus message. */
export async function applyEvent(tx: Transaction, event: Event, config: PipelineConfig, now: number): Promise<Applied> {
  // Grouping reads and writes incidents across entities, so one event at a time takes part in it.
  await tx.lock('correlate');
  if (!(await tx.processed.mark(ALERTS_CONSUMER, event.id, now))) return { duplicate: true };
  await tx.events.insert(event);
  await tx.entities.observe(entityRefOf(event.entityId), event.time);
  if (event.kind === 'alert') return { duplicate: false, kind: event.kind, transition: await applyAlert(tx, event, config) };
  if (event.kind === 'change') await applyChange(tx, event, config);
  return { duplicate: false, kind: event.kind, transition: 'none' };
}
