/** When a failed delivery is tried again: exponential backoff with jitter, or the receiver's Retry-After when it asks for longer. */

/** What one attempt came to. */
export type Outcome = (
  | { ok: true }
  | { ok: false; error: string; retryable: boolean; retryAfterMs?: number | undefined }
) & {
  /** The ticket a receiver made (Jira issue key, ServiceNow sys_id), kept even when a later step failed. */
  ref?: string | undefined;
};

const MAX_DELAY_MS = 3_600_000;

/** Delay before attempt `attempt + 1`: base·2^(attempt-1), jittered into its upper half (`random` in [0,1)). */
export function retryDelay(attempt: number, baseMs: number, random: number, retryAfterMs?: number): number {
  const backoff = Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(backoff / 2 + (backoff / 2) * random);
  return Math.min(MAX_DELAY_MS, Math.max(jittered, retryAfterMs ?? 0));
}

/** Retry-After as seconds or an HTTP date, in milliseconds from `now`. */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** 429, 5xx and 408 are worth another try; other refusals will not change. */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
