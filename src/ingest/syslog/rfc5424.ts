/**
 * RFC 5424 parser: `<PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]`, `-` for any
 * absent field. Pure and regex-free; the caller has already read the PRI.
 */
import { MAX_TIME_MS, MIN_TIME_MS } from '../../signals/index.js';
import { messageTail, tokenEnd } from './fields.js';
import type { ParseResult, SyslogMessage } from './message.js';
import { RejectReason, reject } from './message.js';
import type { Priority } from './priority.js';
import { readStructuredData } from './structured-data.js';
import { readRfc3339 } from './timestamp.js';

const HEADER_FIELDS = ['hostname', 'appName', 'procId', 'msgId'] as const;

/** Where the VERSION ends when `text` at `at` is `1`..`999` and a space: the RFC 5424 marker. */
export function rfc5424VersionEnd(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first < 49 || first > 57) return -1;
  for (let i = at + 1; i < at + 4; i++) {
    const code = text.charCodeAt(i);
    if (code === 32) return i;
    if (code < 48 || code > 57) return -1;
  }
  return -1;
}

/** Reads the TIMESTAMP field at `at` into `message`; the index past it, or a rejection. */
function readTime(text: string, at: number, message: SyslogMessage): number | ParseResult {
  const end = tokenEnd(text, at);
  if (end < 0) return reject(RejectReason.malformed, 'control character in the timestamp');
  if (end === at + 1 && text.charCodeAt(at) === 45) return end;
  const read = readRfc3339(text, at);
  if (read === undefined || read.end !== end) return reject(RejectReason.badTimestamp, `not an RFC 3339 timestamp: ${JSON.stringify(text.slice(at, Math.min(end, at + 40)))}`);
  if (read.ms < MIN_TIME_MS || read.ms > MAX_TIME_MS) message.invalidTimestamp = text.slice(at, end);
  else message.time = read.ms;
  return end;
}

export function parseRfc5424(text: string, priority: Priority): ParseResult {
  const versionEnd = rfc5424VersionEnd(text, priority.end);
  if (versionEnd < 0) return reject(RejectReason.malformed, 'RFC 5424 VERSION missing');
  const message: SyslogMessage = { format: 'rfc5424', facility: priority.facility, severity: priority.severity, time: undefined, message: '' };
  const afterTime = readTime(text, versionEnd + 1, message);
  if (typeof afterTime !== 'number') return afterTime;
  let pos = afterTime;
  for (const field of HEADER_FIELDS) {
    if (text.charCodeAt(pos) !== 32) return reject(RejectReason.malformed, `RFC 5424 header ends before ${field}`);
    const end = tokenEnd(text, pos + 1);
    if (end < 0) return reject(RejectReason.malformed, `control character in ${field}`);
    if (end === pos + 1) return reject(RejectReason.malformed, `empty ${field} (use "-" for none)`);
    if (end !== pos + 2 || text.charCodeAt(pos + 1) !== 45) message[field] = text.slice(pos + 1, end);
    pos = end;
  }
  if (pos >= text.length) return { ok: true, message };
  if (text.charCodeAt(pos) !== 32) return reject(RejectReason.malformed, 'RFC 5424 header ends before STRUCTURED-DATA');
  const sd = readStructuredData(text, pos + 1);
  // Senders that omit STRUCTURED-DATA or write it badly still get their text kept, as the message.
  if (sd === undefined) {
    message.message = messageTail(text, pos + 1);
    return { ok: true, message };
  }
  if (sd.data !== undefined) message.structuredData = sd.data;
  message.message = messageTail(text, text.charCodeAt(sd.end) === 32 ? sd.end + 1 : sd.end);
  return { ok: true, message };
}
