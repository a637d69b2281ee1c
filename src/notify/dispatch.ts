/**
 * Which pending deliveries go out now, and what an attempt's outcome makes of them, pure. A receiver gets one
 * incident's messages in order (the next waits for the one before to be delivered or given up); chat and email
 * receivers get a whole notification group in one message once any of it is due (a storm is one message); a
 * receiver with a send in flight is left alone, so a slow one holds back only itself.
 */
import type { Delivery } from './plan.js';
import { DeliveryStatus } from './plan.js';
import type { Outcome } from './retry.js';
import { retryDelay } from './retry.js';

/** The deliveries to send now, in batches: one message (or one request) per batch. */
export function pickBatches(pending: readonly Delivery[], batchesGroups: (receiver: string) => boolean, busy: ReadonlySet<string>, now: number): Delivery[][] {
  const heads = new Map<string, Delivery>();
  for (const delivery of [...pending].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id, 'en', { numeric: true }))) {
    const pair = `${delivery.incidentId}\n${delivery.address}`;
    if (!heads.has(pair)) heads.set(pair, delivery);
  }
  const batches = new Map<string, Delivery[]>();
  const due = new Set<string>();
  for (const head of heads.values()) {
    if (busy.has(head.address)) continue;
    const key = batchesGroups(head.receiver) ? `${head.address}\n${head.groupKey}` : head.id;
    batches.set(key, [...(batches.get(key) ?? []), head]);
    if (head.dueAt <= now) due.add(key);
  }
  return [...batches].filter(([key]) => due.has(key)).map(([, batch]) => batch);
}

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
}

/** The delivery after an attempt: delivered, due again after a backoff, or failed for good. */
export function settle(delivery: Delivery, outcome: Outcome, now: number, policy: RetryPolicy, random: number): Delivery {
  const attempts = delivery.attempts + 1;
  if (outcome.ok) return { ...delivery, status: DeliveryStatus.delivered, attempts, lastError: null, updatedAt: now };
  if (!outcome.retryable || attempts >= policy.maxAttempts) return { ...delivery, status: DeliveryStatus.failed, attempts, lastError: outcome.error, updatedAt: now };
  return { ...delivery, attempts, lastError: outcome.error, dueAt: now + retryDelay(attempts, policy.baseMs, random, outcome.retryAfterMs), updatedAt: now };
}
