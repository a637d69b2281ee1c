/**
 * What to send for an incident change, pure: which receivers hear of it (those routed to it now, and every one that
 * was told of it before, so a resolution reaches whoever got the firing), under which event, and when. Each
 * message is a delivery with a key of its own (incident, receiver, sequence) written to the outbox; a storm of
 * updates to one incident coalesces into the one update still waiting, and waits `groupInterval` after the last.
 */
import type { Incident, IncidentChange } from '../signals/index.js';
import { isActive } from '../signals/index.js';
import type { RouteMatch } from './route.js';

export const NotifyEvent = {
  firing: 'incident.firing',
  updated: 'incident.updated',
  acknowledged: 'incident.acknowledged',
  resolved: 'incident.resolved',
  reopened: 'incident.reopened',
} as const;
export type NotifyEvent = (typeof NotifyEvent)[keyof typeof NotifyEvent];

export const DeliveryStatus = { pending: 'pending', delivered: 'delivered', failed: 'failed', superseded: 'superseded' } as const;
export type DeliveryStatus = (typeof DeliveryStatus)[keyof typeof DeliveryStatus];

/** A receiver (or an on-call person through an email receiver) that was told of an incident. */
export interface Target {
  incidentId: string;
  /** The receiver's name, or `receiver:person` for whoever was on call. */
  address: string;
  receiver: string;
  /** The person mailed instead of the receiver's `to`. */
  to: string | null;
  groupKey: string;
  groupInterval: number;
  repeatInterval: number;
  /** Deliveries made for it so far: the next one's key. */
  sequence: number;
  lastQueuedAt: number;
  /** When to remind it of the incident if nobody acknowledged it; null for never. */
  nextRepeatAt: number | null;
  /** An incident.updated delivery not yet attempted, that later updates fold into. */
  pendingUpdate: string | null;
  /** The ticket the receiver made of the incident (Jira issue key, ServiceNow sys_id). */
  externalRef: string | null;
}

/** One message to one receiver: its key is its id, written once to the outbox and delivered at least once. */
export interface Delivery {
  id: string;
  incidentId: string;
  address: string;
  receiver: string;
  to: string | null;
  groupKey: string;
  event: NotifyEvent;
  /** The incident as the change wrote it. */
  incident: Incident;
  status: DeliveryStatus;
  /** When it is (next) to be attempted. */
  dueAt: number;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Writes to make in the outbox for one change. */
export interface Plan {
  deliveries: Delivery[];
  /** Pending updates given the newer incident. */
  coalesced: Delivery[];
  /** Pending updates a later transition made pointless. */
  superseded: string[];
  targets: Target[];
}

/** The event a change is, or null for a change nobody is paged about (comments, assignments, context). */
export function eventOf(change: Pick<IncidentChange, 'kind' | 'incident'>): NotifyEvent | null {
  if (change.incident.status === 'merged' || change.kind === 'resolved') return NotifyEvent.resolved;
  switch (change.kind) {
    case 'opened': return NotifyEvent.firing;
    case 'reopened': return NotifyEvent.reopened;
    case 'acknowledged': return NotifyEvent.acknowledged;
    case 'commented': case 'assigned': case 'context': return null;
    default: return NotifyEvent.updated;
  }
}

const remindable = (incident: Incident) => isActive(incident) && incident.status !== 'acknowledged';

/** Queues `event` for `target` at `dueAt`; returns the delivery and the target after it. */
export function enqueue(target: Target, event: NotifyEvent, incident: Incident, dueAt: number, now: number): { delivery: Delivery; target: Target } {
  const sequence = target.sequence + 1;
  const delivery: Delivery = {
    id: `${target.incidentId}/${target.address}/${sequence}`, incidentId: target.incidentId, address: target.address, receiver: target.receiver,
    to: target.to, groupKey: target.groupKey, event, incident, status: DeliveryStatus.pending, dueAt, attempts: 0, lastError: null, createdAt: now, updatedAt: now,
  };
  const nextRepeatAt = remindable(incident) && target.repeatInterval > 0 ? dueAt + target.repeatInterval : null;
  return { delivery, target: { ...target, sequence, lastQueuedAt: dueAt, nextRepeatAt, pendingUpdate: event === NotifyEvent.updated ? delivery.id : null } };
}

/** A target not told of the incident yet. */
export function newTarget(incidentId: string, receiver: string, settings: Pick<Target, 'groupKey' | 'groupInterval' | 'repeatInterval'>, to: string | null = null): Target {
  return {
    incidentId, address: to === null ? receiver : `${receiver}:${to}`, receiver, to, ...settings,
    sequence: 0, lastQueuedAt: 0, nextRepeatAt: null, pendingUpdate: null, externalRef: null,
  };
}

export interface PlanInput {
  change: Pick<IncidentChange, 'kind' | 'incident'>;
  /** Everyone told of the incident before. */
  targets: readonly Target[];
  /** The deliveries the targets' `pendingUpdate` name that are still pending and unattempted. */
  waitingUpdates: ReadonlyMap<string, Delivery>;
  /** Where the routing tree sends the incident now. */
  routes: readonly RouteMatch[];
  now: number;
}

export function planChange({ change, targets, waitingUpdates, routes, now }: PlanInput): Plan {
  const plan: Plan = { deliveries: [], coalesced: [], superseded: [], targets: [] };
  const event = eventOf(change);
  if (event === null) return plan;
  const { incident } = change;
  const queue = (target: Target, queued: NotifyEvent, dueAt: number) => {
    const { delivery, target: after } = enqueue(target, queued, incident, dueAt, now);
    plan.deliveries.push(delivery);
    plan.targets.push(after);
  };
  for (const target of targets) {
    const waiting = target.pendingUpdate === null ? undefined : waitingUpdates.get(target.pendingUpdate);
    if (event === NotifyEvent.updated && waiting !== undefined) {
      plan.coalesced.push({ ...waiting, incident, updatedAt: now });
    } else if (event === NotifyEvent.updated) {
      queue(target, event, Math.max(now, target.lastQueuedAt + target.groupInterval));
    } else {
      if (waiting !== undefined) plan.superseded.push(waiting.id);
      queue(target, event, now);
    }
  }
  if (!remindable(incident)) return plan;
  const told = new Set(targets.map((target) => target.address));
  for (const route of routes) {
    if (route.receiver === undefined || told.has(route.receiver)) continue;
    told.add(route.receiver);
    queue(newTarget(incident.id, route.receiver, route), NotifyEvent.firing, now + route.groupWait);
  }
  return plan;
}

/** A reminder for a target whose repeat interval passed with the incident still firing and unacknowledged; null when it needs none. */
export function remind(target: Target, incident: Incident, now: number): { delivery: Delivery; target: Target } | null {
  if (!remindable(incident)) return null;
  return enqueue(target, NotifyEvent.firing, incident, now, now);
}
