/** Messages of a batch of signals for the bus: one per entity, which keeps an entity's items in order on its partition. */
import { randomUUID } from 'node:crypto';
import type { Message } from './types.js';

export function byEntity<T extends { entityId: string }>(items: readonly T[]): Message<T[]>[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.entityId);
    if (group === undefined) groups.set(item.entityId, [item]);
    else group.push(item);
  }
  return [...groups].map(([key, payload]) => ({ id: randomUUID(), key, payload }));
}
