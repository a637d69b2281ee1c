/**
 * Alert episodes in a stream of alert events: a firing event whose dedup key is not already
 * firing starts one; a resolved event ends it. Escalations and repeats start nothing, as they
 * page no one again.
 */
import type { Event } from '../../signals/index.js';

export interface Episode {
  dedupKey: string;
  entityId: string;
  /** The firing event, for its labels (metric) and severity. */
  event: Event;
  start: number;
}

export class EpisodeTracker {
  private readonly firing = new Set<string>();

  /** The episodes the events start, in order. */
  observe(events: readonly Event[]): Episode[] {
    const started: Episode[] = [];
    for (const event of events) {
      if (event.kind !== 'alert' || event.dedupKey === undefined) continue;
      if (event.status === 'resolved') this.firing.delete(event.dedupKey);
      else if (event.status === 'firing' && !this.firing.has(event.dedupKey)) {
        this.firing.add(event.dedupKey);
        started.push({ dedupKey: event.dedupKey, entityId: event.entityId, event, start: event.startsAt ?? event.time });
      }
    }
    return started;
  }
}
