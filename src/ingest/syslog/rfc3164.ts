/**
 * RFC 3164 ("BSD syslog") parser, tolerant of what real senders write: `<PRI>TIMESTAMP HOSTNAME
 * TAG[PID]: MSG`, with the hostname or tag missing, an RFC 3339 timestamp instead of the BSD one,
 * an explicit year or fraction, and Cisco's sequence number and `*` prefix. Pure and regex-free.
 */
import { MAX_TIME_MS, MIN_TIME_MS } from '../../signals/index.js';
import { messageTail, tokenEnd } from './fields.js';
import type { ParseResult, SyslogMessage } from './message.js';
import { RejectReason, reject } from './message.js';
import type { Priority } from './priority.js';
import { readBsdTimestamp, readRfc3339 } from './timestamp.js';

export interface Rfc3164Options {
  /** Wall time that resolves the missing year. */
  now: number;
  /** Offset east of UTC, in minutes, of timestamps that carry no zone. */
  offsetMinutes: number;
}

const MAX_TAG = 128;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Skips Cisco's `123: ` sequence number and a `*` or `.` clock-status mark. */
function skipPrefixes(text: string, at: number): number {
  let pos = at;
  while (isDigit(text.charCodeAt(pos))) pos++;
  if (pos > at && text.charCodeAt(pos) === 58 && text.charCodeAt(pos + 1) === 32) at = pos + 2;
  const mark = text.charCodeAt(at);
  return mark === 42 || mark === 46 ? at + 1 : at;
}

/** Whether `at` starts something meant as a timestamp (so a failure to read it is an error, not text). */
function looksLikeTimestamp(text: string, at: number): boolean {
  if (isDigit(text.charCodeAt(at))) return text.charCodeAt(at + 4) === 45 && isDigit(text.charCodeAt(at + 3));
  return isLetter(text.charCodeAt(at)) && isLetter(text.charCodeAt(at + 1)) && isLetter(text.charCodeAt(at + 2))
    && text.charCodeAt(at + 3) === 32 && (isDigit(text.charCodeAt(at + 4)) || isDigit(text.charCodeAt(at + 5)))
    // The first colon of hh:mm:ss: "Nov 26 11:", "Nov 6 11:" or "Nov 26 2026 11:".
    && (text.charCodeAt(at + 9) === 58 || text.charCodeAt(at + 8) === 58 || text.charCodeAt(at + 14) === 58);
}

/** Reads the timestamp into `message`: the index past it, the same index when there is none, or a rejection. */
function readTime(text: string, at: number, message: SyslogMessage, options: Rfc3164Options): number | ParseResult {
  if (!looksLikeTimestamp(text, at)) return at;
  const read = isDigit(text.charCodeAt(at)) ? readRfc3339(text, at, options.offsetMinutes) : readBsdTimestamp(text, at, options.now, options.offsetMinutes);
  if (read === undefined) return reject(RejectReason.badTimestamp, `not a syslog timestamp: ${JSON.stringify(text.slice(at, at + 32))}`);
  if (read.ms < MIN_TIME_MS || read.ms > MAX_TIME_MS) message.invalidTimestamp = text.slice(at, read.end);
  else message.time = read.ms;
  let end = read.end;
  if (text.charCodeAt(end) === 58) end++;
  return end;
}

/** Whether the token `[at, end)` is a TAG (`app:`, `app[12]:`) rather than a HOSTNAME. */
function isTag(text: string, at: number, end: number): boolean {
  if (text.charCodeAt(end - 1) === 58) return true;
  const bracket = text.indexOf('[', at);
  return bracket >= 0 && bracket < end;
}

/** Reads `TAG[PID]:` at `at` into `message`; the index of the message, or `at` when there is no tag. */
function readTag(text: string, at: number, message: SyslogMessage): number {
  let pos = at;
  const limit = Math.min(text.length, at + MAX_TAG);
  while (pos < limit) {
    const code = text.charCodeAt(pos);
    if (code === 58 || code === 91 || code <= 32) break;
    pos++;
  }
  if (pos === at) return at;
  let procEnd = pos;
  if (text.charCodeAt(pos) === 91) {
    procEnd = text.indexOf(']', pos);
    if (procEnd < 0 || procEnd - pos > MAX_TAG || tokenEnd(text, pos) < procEnd) return at;
    procEnd++;
  }
  if (text.charCodeAt(procEnd) !== 58) {
    // `app[12] message` (no colon) is common enough to accept when the pid is there.
    if (procEnd === pos || text.charCodeAt(procEnd) !== 32) return at;
  }
  message.appName = text.slice(at, pos);
  if (procEnd > pos) message.procId = text.slice(pos + 1, procEnd - 1);
  let next = text.charCodeAt(procEnd) === 58 ? procEnd + 1 : procEnd;
  if (text.charCodeAt(next) === 32) next++;
  return next;
}

export function parseRfc3164(text: string, priority: Priority, options: Rfc3164Options): ParseResult {
  const message: SyslogMessage = { format: 'rfc3164', facility: priority.facility, severity: priority.severity, time: undefined, message: '' };
  const start = skipPrefixes(text, priority.end);
  const afterTime = readTime(text, start, message, options);
  if (typeof afterTime !== 'number') return afterTime;
  let pos = afterTime;
  const hadTime = pos > start;
  while (text.charCodeAt(pos) === 32) pos++;
  if (hadTime) {
    const end = tokenEnd(text, pos);
    if (end > pos && !isTag(text, pos, end)) {
      message.hostname = text.slice(pos, end);
      pos = end;
      while (text.charCodeAt(pos) === 32) pos++;
    }
  }
  message.message = messageTail(text, readTag(text, pos, message));
  return { ok: true, message };
}
