/**
 * The application of the alerts and correlate stages: an event from the bus through the alerts stage (dedup,
 * life cycle) into incident grouping, applied to the store in the caller's transaction, with the incident
 * changes it makes. Each event is applied once: a redelivered event finds its id marked and changes nothing.
 */
import type { Event, Incident, IncidentChange, IncidentChangeKind } from '../signals/index.js';
import { IncidentChangeKind as ChangeKind, entityRefOf } from '../signals/index.js';
import { applyAlertEvent, fingerprintOf, type DedupResult } from '../alerts/index.js';
import type { Transaction } from '../store/index.js';
import { groupAlert, type Relatives } from './grouping.js';

export const ALERTS_CONSUMER = 'alerts';

export interface PipelineConfig {
  /** Grouping window of the correlate stage, in ms. */
  incidentWindowMs: number;
  /** How long after an incident started an alert of an entity one edge away still joins it, in ms. @default incidentWindowMs */
  relatedWindowMs?: number;
  /** The entities one edge away from an entity in the topology (none without one). */
  related?(entityId: string): Relatives;
  /** Noise controls: may hold the alert back from incidents (stored with the reason) by the transition it returns for grouping. */
  suppress?(tx: Transaction, result: DedupResult): Promise<DedupResult>;
}

export type Applied =
  | { duplicate: true; changes: [] }
  | { duplicate: false; kind: Event['kind']; transition: string; changes: IncidentChange[] };

function changeOf(kind: IncidentChangeKind, event: Event, incident: Incident, alertFingerprint: string | null, time: number): IncidentChange {
  return { id: `${event.id}/${incident.id}`, kind, time, eventId: event.id, alertFingerprint, incident };
}

async function applyAlert(tx: Transaction, event: Event, config: PipelineConfig): Promise<{ transition: string; changes: IncidentChange[] }> {
  const current = await tx.alerts.get(fingerprintOf(event));
  const lifecycle = applyAlertEvent(current, event);
  const { alert, transition } = (await config.suppress?.(tx, lifecycle)) ?? lifecycle;
  const previous = alert.incidentId !== null ? await tx.incidents.get(alert.incidentId) : undefined;
  const relatives = transition === 'firing' ? config.related?.(alert.entityId) ?? [] : [];
  const near = [alert.entityId, ...relatives.map((relative) => relative.entityId)];
  const open = transition === 'firing' ? await tx.incidents.openSince(alert.activeSince - config.incidentWindowMs, near) : [];
  const windows = { windowMs: config.incidentWindowMs, ...(config.relatedWindowMs !== undefined ? { relatedWindowMs: config.relatedWindowMs } : {}) };
  const grouped = groupAlert(alert, transition, previous, open, windows, relatives);
  await tx.alerts.put(grouped.alert);
  if (grouped.incident === undefined) return { transition: lifecycle.transition, changes: [] };
  await tx.incidents.put(grouped.incident);
  for (const entry of grouped.timeline) await tx.incidents.appendTimeline(grouped.incident.id, entry);
  const changes = grouped.change === undefined ? [] : [changeOf(grouped.change, event, grouped.incident, alert.fingerprint, event.time)];
  return { transition: lifecycle.transition, changes };
}

/** A change (deploy, config) lands on the timeline of every open incident of its entity, as context. */
async function applyChange(tx: Transaction, event: Event, config: PipelineConfig): Promise<IncidentChange[]> {
  const open: Incident[] = await tx.incidents.openSince(event.time - config.incidentWindowMs, [event.entityId]);
  for (const incident of open) {
    await tx.incidents.appendTimeline(incident.id, { time: event.time, kind: 'change', text: event.title, ref: event.id });
  }
  return open.map((incident) => changeOf(ChangeKind.context, event, incident, null, event.time));
}

/** Applies one event inside `tx`; the caller publishes the changes with the commit, then acknowledges the bus message. */
export async function applyEvent(tx: Transaction, event: Event, config: PipelineConfig, now: number): Promise<Applied> {
  // Grouping reads and writes incidents across entities, so one event at a time takes part in it.
  await tx.lock('correlate');
  if (!(await tx.processed.mark(ALERTS_CONSUMER, event.id, now))) return { duplicate: true, changes: [] };
  await tx.events.insert(event);
  await tx.entities.observe(entityRefOf(event.entityId), event.time);
  if (event.kind === 'alert') return { duplicate: false, kind: event.kind, ...(await applyAlert(tx, event, config)) };
  const changes = event.kind === 'change' ? await applyChange(tx, event, config) : [];
  return { duplicate: false, kind: event.kind, transition: 'none', changes };
}
