/**
 * Event time of a log line: a timestamp at the start of the line (RFC 3339 / ISO 8601 with `T` or
 * a space, optionally in `[...]`, or syslog's `Mmm dd hh:mm:ss`), or the `[26/Nov/2026:10:00:00
 * +0000]` of web server access logs; else the time it was read. Pure.
 */
import { MAX_TIME_MS, MIN_TIME_MS } from '../../signals/index.js';
import { readBsdTimestamp, readRfc3339 } from '../syslog/timestamp.js';

const MONTHS = new Map(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((name, i) => [name, i]));
/** How far into a line the access-log `[` may be (after client address, ident and user). */
const CLF_SEARCH = 128;

function number(text: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return Number.NaN;
    value = value * 10 + code - 48;
  }
  return value;
}

/** Common/combined log format time: `[dd/Mon/yyyy:hh:mm:ss ±hhmm]`. */
function accessLogTime(line: string): number | undefined {
  const at = line.slice(0, CLF_SEARCH).indexOf('[');
  if (at < 0 || line.charCodeAt(at + 27) !== 93) return undefined;
  const month = MONTHS.get(line.slice(at + 4, at + 7));
  const sign = line.charCodeAt(at + 22) === 45 ? -1 : 1;
  const fields = [number(line, at + 8, 4), number(line, at + 1, 2), number(line, at + 13, 2), number(line, at + 16, 2), number(line, at + 19, 2),
    number(line, at + 23, 2), number(line, at + 25, 2)];
  if (month === undefined || fields.some(Number.isNaN)) return undefined;
  const [year, day, hour, minute, second, zoneHours, zoneMinutes] = fields as [number, number, number, number, number, number, number];
  return Date.UTC(year, month, day, hour, minute, second) - sign * (zoneHours * 60 + zoneMinutes) * 60_000;
}

function leadingTime(line: string, readAt: number, offsetMinutes: number): number | undefined {
  const at = line.charCodeAt(0) === 91 ? 1 : 0;
  const first = line.charCodeAt(at);
  if (first >= 48 && first <= 57) return readRfc3339(line, at, offsetMinutes)?.ms ?? accessLogTime(line);
  if (first >= 65 && first <= 90) return readBsdTimestamp(line, at, readAt, offsetMinutes)?.ms ?? accessLogTime(line);
  return accessLogTime(line);
}

export function lineTime(line: string, readAt: number, offsetMinutes: number): number {
  const ms = leadingTime(line, readAt, offsetMinutes);
  if (ms === undefined || ms < MIN_TIME_MS || ms > MAX_TIME_MS) return readAt;
  return Math.trunc(ms);
}
