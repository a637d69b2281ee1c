/**
 * Hand-written timestamp readers for syslog headers (no regex, no Date.parse): RFC 3339 as RFC 5424
 * writes it, and the BSD "Mmm dd hh:mm:ss" of RFC 3164, whose missing year comes from a clock.
 * All results are epoch milliseconds (UTC); out-of-range checks are the caller's.
 */

export interface TimestampRead {
  ms: number;
  /** Index just past the timestamp. */
  end: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Reads `count` decimal digits at `at`; -1 when any is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return -1;
    value = value * 10 + code - 48;
  }
  return value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 1 && leap ? 29 : (DAYS_IN_MONTH[month] as number);
}

/** Milliseconds of a calendar time, or undefined when a field is out of range (leap second 60 → 59). */
function civil(year: number, month: number, day: number, hour: number, minute: number, second: number): number | undefined {
  if (month < 0 || month > 11 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  return Date.UTC(year, month, day, hour, minute, Math.min(second, 59));
}

/** Fractional seconds at `at` (after the dot): milliseconds and the end index. */
function fraction(text: string, at: number): { ms: number; end: number } {
  let end = at;
  let ms = 0;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    if (code < 48 || code > 57) break;
    if (end - at < 3) ms = ms * 10 + code - 48;
    end++;
  }
  for (let n = end - at; n < 3; n++) ms *= 10;
  return { ms, end };
}

/** Reads `Z`, `+hh:mm`, `-hh:mm` (or `+hhmm`); the offset in minutes east of UTC. */
function zone(text: string, at: number): { minutes: number; end: number } | undefined {
  const code = text.charCodeAt(at);
  if (code === 90 || code === 122) return { minutes: 0, end: at + 1 };
  if (code !== 43 && code !== 45) return undefined;
  const hours = digits(text, at + 1, 2);
  const colon = text.charCodeAt(at + 3) === 58 ? 1 : 0;
  const minutes = digits(text, at + 3 + colon, 2);
  if (hours < 0 || minutes < 0 || hours > 23 || minutes > 59) return undefined;
  return { minutes: (code === 45 ? -1 : 1) * (hours * 60 + minutes), end: at + 5 + colon };
}

/**
 * RFC 3339 at `at`: `YYYY-MM-DDThh:mm:ss[.frac](Z|±hh:mm)`. Lenient where senders are: `t`/space
 * for T, any number of fraction digits, and a missing zone (then `defaultOffsetMinutes` applies).
 */
export function readRfc3339(text: string, at: number, defaultOffsetMinutes = 0): TimestampRead | undefined {
  const year = digits(text, at, 4);
  const month = digits(text, at + 5, 2);
  const day = digits(text, at + 8, 2);
  const sep = text.charCodeAt(at + 10);
  const hour = digits(text, at + 11, 2);
  const minute = digits(text, at + 14, 2);
  const second = digits(text, at + 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  if (text.charCodeAt(at + 4) !== 45 || text.charCodeAt(at + 7) !== 45 || text.charCodeAt(at + 13) !== 58 || text.charCodeAt(at + 16) !== 58) return undefined;
  if (sep !== 84 && sep !== 116 && sep !== 32) return undefined;
  let end = at + 19;
  let ms = 0;
  if (text.charCodeAt(end) === 46) ({ ms, end } = fraction(text, end + 1));
  const base = civil(year, month - 1, day, hour, minute, second);
  if (base === undefined) return undefined;
  const offset = zone(text, end);
  if (offset !== undefined) end = offset.end;
  const minutes = offset?.minutes ?? defaultOffsetMinutes;
  return { ms: base + ms - minutes * 60_000, end };
}

const MONTH_INDEX = new Map<string, number>(MONTHS.flatMap((name, i) => [[name, i], [name.toLowerCase(), i], [name.toUpperCase(), i]]));

/** The month (0..11) of the English abbreviation at `at` (as written, lower or upper case); -1 if none. */
function monthAt(text: string, at: number): number {
  return MONTH_INDEX.get(text.slice(at, at + 3)) ?? -1;
}

/** Of the years around `now`, the one that puts month/day/time closest to `now` (Dec logs read in Jan, and back). */
function closestYear(now: number, month: number, day: number, hour: number, minute: number, second: number, offsetMs: number): number | undefined {
  const year = new Date(now).getUTCFullYear();
  let best: number | undefined;
  for (const candidate of [year - 1, year, year + 1]) {
    const ms = civil(candidate, month, day, hour, minute, second);
    if (ms === undefined) continue;
    const local = ms - offsetMs;
    if (best === undefined || Math.abs(local - now) < Math.abs(best - now)) best = local;
  }
  return best;
}

/**
 * BSD timestamp at `at`: `Mmm dd hh:mm:ss` (day space- or zero-padded), optionally with `.frac`
 * and an explicit year (`Mmm dd yyyy hh:mm:ss`, Cisco). Without a year, the year is the one that
 * lands closest to `now`; the time is read at `offsetMinutes` east of UTC.
 */
export function readBsdTimestamp(text: string, at: number, now: number, offsetMinutes = 0): TimestampRead | undefined {
  const month = monthAt(text, at);
  if (month < 0 || text.charCodeAt(at + 3) !== 32) return undefined;
  let pos = at + 4;
  if (text.charCodeAt(pos) === 32) pos++;
  const dayWidth = digits(text, pos + 1, 1) >= 0 ? 2 : 1;
  const day = digits(text, pos, dayWidth);
  pos += dayWidth;
  if (day < 0 || text.charCodeAt(pos) !== 32) return undefined;
  pos++;
  let year = -1;
  if (text.charCodeAt(pos + 4) === 32 && digits(text, pos, 4) >= 0) {
    year = digits(text, pos, 4);
    pos += 5;
  }
  const hour = digits(text, pos, 2);
  const minute = digits(text, pos + 3, 2);
  const second = digits(text, pos + 6, 2);
  if (hour < 0 || minute < 0 || second < 0 || text.charCodeAt(pos + 2) !== 58 || text.charCodeAt(pos + 5) !== 58) return undefined;
  let end = pos + 8;
  let ms = 0;
  if (text.charCodeAt(end) === 46) ({ ms, end } = fraction(text, end + 1));
  const offsetMs = offsetMinutes * 60_000;
  const base = year >= 0
    ? (civil(year, month, day, hour, minute, second) ?? Number.NaN) - offsetMs
    : closestYear(now, month, day, hour, minute, second, offsetMs);
  if (base === undefined || Number.isNaN(base)) return undefined;
  return { ms: base + ms, end };
}

