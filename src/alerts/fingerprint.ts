/** Alert fingerprints: a stable hash of what identifies an alert, independent of label order and source. */
import { createHash } from 'node:crypto';
import type { Event } from '../signals/index.js';
import { sortedLabels } from '../signals/index.js';

/** 16 hex digits of SHA-256 over the sender's dedup key, or else over the sorted identifying labels. */
export function fingerprintOf(event: Pick<Event, 'labels' | 'dedupKey'>): string {
  const identity = event.dedupKey !== undefined ? `key:${event.dedupKey}` : `labels:${JSON.stringify(sortedLabels(event.labels))}`;
  return createHash('sha256').update(identity).digest('hex').slice(0, 16);
}
