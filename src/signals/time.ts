/** Event time: every signal carries its own timestamp in epoch milliseconds (UTC). */
import { z } from 'zod';

/** Earliest and latest timestamps accepted: 2000-01-01 and 2200-01-01. Anything else is a unit or clock error. */
export const MIN_TIME_MS = Date.UTC(2000, 0, 1);
export const MAX_TIME_MS = Date.UTC(2200, 0, 1);

export const timeMsSchema = z
  .number()
  .int()
  .min(MIN_TIME_MS, 'timestamp before 2000-01-01: wrong unit or clock')
  .max(MAX_TIME_MS, 'timestamp after 2200-01-01: wrong unit or clock');

/** Parses an RFC 3339 string or epoch milliseconds into epoch ms; undefined when not a valid time. */
export function parseTime(value: string | number): number | undefined {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms) || ms < MIN_TIME_MS || ms > MAX_TIME_MS) return undefined;
  return Math.trunc(ms);
}

/** A source of event-independent wall time, passed in so cores and tests never read the real clock. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
