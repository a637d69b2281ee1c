/**
 * Messages of a batch of signals for the bus: one per partition its entities fall in. An entity's items keep
 * their order on its partition, and a batch of many small entities (a remote-write request of a hundred
 * hosts) costs a message per partition, not one per entity.
 */
import { randomUUID } from 'node:crypto';
import type { Message } from './types.js';
import { partitionOf } from './types.js';

export function byPartition<T extends { entityId: string }>(items: readonly T[], partitions: number): Message<T[]>[] {
  const groups = new Map<number, T[]>();
  let entityId: string | undefined;
  let partition = 0;
  for (const item of items) {
    // Items of one entity usually come together: hash an entity id once per run of it.
    if (item.entityId !== entityId) {
      entityId = item.entityId;
      partition = partitionOf(entityId, partitions);
    }
    const group = groups.get(partition);
    if (group === undefined) groups.set(partition, [item]);
    else group.push(item);
  }
  // Keyed by its first item's entity: every entity of a group shares that key's partition.
  return [...groups.values()].map((group) => ({ id: randomUUID(), key: (group[0] as T).entityId, payload: group }));
}
