/**
 * A template's recent rate: its lines per event-time minute over the last RATE_MINUTES minutes, in a ring of
 * counts allocated at its first timed line; checkpointed as the [minute, lines] pairs of its minutes with lines.
 */
import type { Template } from './template.js';

export const RATE_MINUTES = 60;
export const RATE_BUCKET_MS = 60_000;

/** The event-time minute of a line, or -1 for a line without a time (which counts toward no rate). */
export function minuteOf(time: number | undefined): number {
  return time === undefined ? -1 : Math.floor(time / RATE_BUCKET_MS);
}

/**
 * The event-time minute of each line, as minuteOf gives it. Lines mostly come in time order, so a time within the
 * minute of the last timed line is answered by two comparisons instead of a division.
 */
export class MinuteClock {
  private minute = -1;
  private start = Number.NaN;

  minuteOf(time: number | undefined): number {
    if (time === undefined) return -1;
    const offset = time - this.start;
    if (offset >= 0 && offset < RATE_BUCKET_MS) return this.minute;
    this.minute = minuteOf(time);
    this.start = this.minute * RATE_BUCKET_MS;
    return this.minute;
  }
}

/**
 * Counts a line of `minute` (>= 0) toward the template's rate. Small enough to inline where lines are mined: a
 * line of the template's latest minute, most lines, costs one increment (no modulo, no call).
 */
export function countLine(template: Template, minute: number): void {
  const counts = template.minutes;
  if (minute === template.minuteEnd && counts !== null) counts[template.endSlot] = (counts[template.endSlot] ?? 0) + 1;
  else countLines(template, minute, 1);
}

/** Adds `lines` to the template's count of `minute`: a later minute moves the ring on, clearing the minutes it skips; one older than the ring is dropped. */
export function countLines(template: Template, minute: number, lines: number): void {
  let counts = template.minutes;
  if (counts === null) {
    counts = template.minutes = new Uint32Array(RATE_MINUTES);
    moveEnd(template, minute);
  }
  const end = template.minuteEnd;
  if (minute > end) {
    for (let m = Math.max(end + 1, minute - RATE_MINUTES + 1); m <= minute; m += 1) counts[m % RATE_MINUTES] = 0;
    moveEnd(template, minute);
  } else if (minute <= end - RATE_MINUTES) {
    return;
  }
  const slot = minute % RATE_MINUTES;
  counts[slot] = (counts[slot] ?? 0) + lines;
}

function moveEnd(template: Template, minute: number): void {
  template.minuteEnd = minute;
  template.endSlot = minute % RATE_MINUTES;
}

/** Adds the rate of a template merged into another to that one's. */
export function mergeRate(into: Template, other: Template): void {
  const counts = other.minutes;
  if (counts === null) return;
  for (let minute = other.minuteEnd - RATE_MINUTES + 1; minute <= other.minuteEnd; minute += 1) {
    const lines = counts[minute % RATE_MINUTES] ?? 0;
    if (lines > 0) countLines(into, minute, lines);
  }
}

/** The template's lines in each of the RATE_MINUTES minutes ending with `lastMinute`, oldest first. */
export function rateUntil(template: Template, lastMinute: number): number[] {
  const rate = new Array<number>(RATE_MINUTES).fill(0);
  const counts = template.minutes;
  if (counts === null) return rate;
  const first = lastMinute - RATE_MINUTES + 1;
  for (let minute = Math.max(first, template.minuteEnd - RATE_MINUTES + 1); minute <= Math.min(lastMinute, template.minuteEnd); minute += 1) {
    rate[minute - first] = counts[minute % RATE_MINUTES] ?? 0;
  }
  return rate;
}

/** A minute and its lines, as checkpoints hold a rate. */
export type RateEntry = [minute: number, lines: number];

/** The minutes of the ring with lines, oldest first. */
export function rateEntries(template: Template): RateEntry[] {
  const counts = template.minutes;
  if (counts === null) return [];
  const entries: RateEntry[] = [];
  for (let minute = Math.max(0, template.minuteEnd - RATE_MINUTES + 1); minute <= template.minuteEnd; minute += 1) {
    const lines = counts[minute % RATE_MINUTES] ?? 0;
    if (lines > 0) entries.push([minute, lines]);
  }
  return entries;
}
