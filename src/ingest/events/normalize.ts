/** Generic JSON events → Events: severity words, entity resolution, and alert identity labels. */
import type { Event } from '../../signals/index.js';
import { normalizeSeverity, resolveEntity } from '../../signals/index.js';
import type { NormalizeContext } from '../normalize-context.js';
import type { GenericEvent, GenericEventsBody } from './payload.js';

function entityOf(event: GenericEvent): string {
  const lookup = { ...event.resource, ...event.labels, ...(event.entity !== undefined ? { entity: event.entity } : {}) };
  return resolveEntity(lookup).id;
}

function toEvent(input: GenericEvent, context: NormalizeContext): Event {
  const entityId = entityOf(input);
  const isAlert = input.kind === 'alert';
  // An alert's identity is its labels; the title and entity join them so that the same title on two entities stays two alerts.
  const labels = isAlert ? { alertname: input.title, entity: entityId, ...input.labels } : input.labels;
  const status = isAlert ? (input.status ?? 'firing') : undefined;
  const time = input.time ?? (status === 'resolved' ? input.endsAt : input.startsAt) ?? context.receivedAt;
  return {
    id: context.newId(),
    source: input.source,
    kind: input.kind,
    entityId,
    severity: normalizeSeverity(input.severity, isAlert ? 'warning' : 'info'),
    title: input.title,
    ...(input.description !== undefined ? { description: input.description } : {}),
    labels,
    annotations: input.annotations,
    time,
    receivedAt: context.receivedAt,
    ...(status !== undefined ? { status, startsAt: input.startsAt ?? time } : {}),
    ...(status === 'resolved' ? { endsAt: input.endsAt ?? time } : {}),
    ...(input.dedupKey !== undefined ? { dedupKey: input.dedupKey } : {}),
    ...(input.url !== undefined ? { url: input.url } : {}),
  };
}

export function normalizeGenericEvents(body: GenericEventsBody, context: NormalizeContext): Event[] {
  const list = Array.isArray(body) ? body : 'events' in body ? body.events : [body];
  return list.map((event) => toEvent(event, context));
}
