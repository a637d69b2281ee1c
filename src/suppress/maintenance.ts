/**
 * Maintenance windows: matchers and a time range, one-off (`startsAt` to `endsAt`) or recurring (on some
 * weekdays, from a local time of day, for a duration, in a time zone), optionally bounded by `startsAt`
 * and `endsAt`. Whether a window covers an alert is decided on the alert's event time.
 */
import { z } from 'zod';
import type { Labels } from '../signals/index.js';
import { timeMsSchema } from '../signals/index.js';
import { parseDuration } from '../config/duration.js';
import { matchAll, matcherSchema } from './matchers.js';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const MINUTES_PER_DAY = 1440;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const recurrenceSchema = z.strictObject({
  /** Days an occurrence starts on, by three-letter English name; every day when left out. */
  weekdays: z.array(z.enum(WEEKDAYS)).min(1).default([...WEEKDAYS]),
  /** Local time of day an occurrence starts, 24-hour `HH:MM`. */
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM (24-hour)'),
  /** How long each occurrence lasts ("90m", "2h"), up to 7 days; measured in local wall-clock time. */
  duration: z.string().refine((text) => {
    const ms = parseDuration(text);
    return ms !== undefined && ms > 0 && ms <= 7 * 86_400_000;
  }, 'a duration such as "90m" or "2h", longer than 0 and at most 7d'),
  /** IANA time zone of `start` and `weekdays`. */
  timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as "UTC" or "Europe/Berlin"').default('UTC'),
});
export type Recurrence = z.infer<typeof recurrenceSchema>;

export const maintenanceWindowSchema = z.object({
  id: z.string().min(1),
  matchers: z.array(matcherSchema).min(1),
  /** A one-off window's range; for a recurring one, optional bounds on when it recurs. */
  startsAt: timeMsSchema.nullable(),
  endsAt: timeMsSchema.nullable(),
  recurrence: recurrenceSchema.nullable(),
  createdBy: z.string().min(1),
  comment: z.string(),
  createdAt: timeMsSchema,
});
export type MaintenanceWindow = z.infer<typeof maintenanceWindowSchema>;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes since local Sunday 00:00 in `timeZone` at `at`. */
function minuteOfWeek(at: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  const day = WEEKDAYS.indexOf((parts.weekday ?? '').toLowerCase() as (typeof WEEKDAYS)[number]);
  return day * MINUTES_PER_DAY + Number(parts.hour) * 60 + Number(parts.minute) + Number(parts.second) / 60;
}

/** Whether `at` falls in an occurrence of the recurrence (one may run past midnight into the next day). */
export function inRecurrence(recurrence: Recurrence, at: number): boolean {
  const now = minuteOfWeek(at, recurrence.timeZone);
  const [hours = 0, minutes = 0] = recurrence.start.split(':').map(Number);
  const length = (parseDuration(recurrence.duration) ?? 0) / 60_000;
  return recurrence.weekdays.some((weekday) => {
    const start = WEEKDAYS.indexOf(weekday) * MINUTES_PER_DAY + hours * 60 + minutes;
    return (now - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK < length;
  });
}

export function inWindow(window: Pick<MaintenanceWindow, 'startsAt' | 'endsAt' | 'recurrence'>, at: number): boolean {
  if (window.startsAt !== null && at < window.startsAt) return false;
  if (window.endsAt !== null && at >= window.endsAt) return false;
  return window.recurrence === null || inRecurrence(window.recurrence, at);
}

export interface CompiledWindow {
  window: MaintenanceWindow;
  matches(labels: Labels): boolean;
}

export const compileWindow = (window: MaintenanceWindow): CompiledWindow => ({ window, matches: matchAll(window.matchers) });

/** The first window open at `at` whose matchers all match `labels`. */
export function windowOf(labels: Labels, windows: readonly CompiledWindow[], at: number): MaintenanceWindow | undefined {
  return windows.find((entry) => inWindow(entry.window, at) && entry.matches(labels))?.window;
}
