/**
 * Collects the items a mapping rejects: how many, and the first few reasons, each naming the item
 * (`resource 0, span 3: ...`). The text becomes partial_success.error_message or the 400 message.
 */
import { MAX_TIME_MS, MIN_TIME_MS } from '../../signals/index.js';

const MAX_REASONS = 5;

export class Rejections {
  count = 0;
  private readonly reasons: string[] = [];

  reject(where: string, reason: string, items = 1): void {
    this.count += items;
    if (this.reasons.length < MAX_REASONS) this.reasons.push(`${where}: ${reason}`);
  }

  message(kind: string): string {
    const more = this.count - this.reasons.length;
    const listed = this.reasons.join('; ');
    return `${this.count} ${kind} rejected: ${listed}${more > 0 ? `; and ${more} more` : ''}`;
  }
}

/** What a mapping returns: the items to accept and what it rejected. */
export interface MapResult<T> {
  items: T[];
  rejections: Rejections;
}

/** Why a time (epoch ms, 0 = not set) is unusable, or undefined when it is fine. */
export function timeProblem(field: string, ms: number): string | undefined {
  if (ms === 0) return `${field} is not set`;
  if (ms < MIN_TIME_MS || ms > MAX_TIME_MS) {
    return `${field} ${ms * 1e6} ns is outside 2000-01-01..2200-01-01 (wrong unit or clock)`;
  }
  return undefined;
}
