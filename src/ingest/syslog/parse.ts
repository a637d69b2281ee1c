/**
 * One syslog frame (bytes or text) → a parsed message or a rejection with its reason. Detects the
 * RFC per message: a VERSION digit after the PRI means RFC 5424, anything else is RFC 3164.
 */
import { isUtf8 } from 'node:buffer';
import type { ParseResult } from './message.js';
import { RejectReason, reject } from './message.js';
import { parsePriority } from './priority.js';
import { parseRfc3164 } from './rfc3164.js';
import { parseRfc5424, rfc5424VersionEnd } from './rfc5424.js';

export interface ParseOptions {
  /** Wall time (epoch ms): resolves the year of RFC 3164 timestamps. */
  now: number;
  /** Offset east of UTC, in minutes, of timestamps without a zone (RFC 3164). @default 0 */
  offsetMinutes?: number;
}

export interface DecodedFrame {
  text: string;
  /** The bytes were not valid UTF-8; bad sequences became U+FFFD. */
  invalidUtf8: boolean;
}

/** Decodes a frame as UTF-8, replacing bad sequences rather than refusing the message. */
export function decodeFrame(bytes: Uint8Array): DecodedFrame {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  // U+FFFD may be in valid input too, so only then is the (slower) validation worth running.
  const invalidUtf8 = text.includes('\uFFFD') && !isUtf8(bytes);
  return { text, invalidUtf8 };
}

/** Parses one message; `text` is one frame without its framing (octet count or trailing LF). */
export function parseSyslog(text: string, options: ParseOptions): ParseResult {
  if (text.length === 0) return reject(RejectReason.empty, 'empty message');
  const priority = parsePriority(text);
  if (priority === undefined) return reject(RejectReason.noPri, `message does not start with <PRI> (0..191): ${JSON.stringify(text.slice(0, 16))}`);
  const nul = text.indexOf('\0', priority.end);
  if (nul >= 0 && nul < trimmedEnd(text)) {
    return reject(RejectReason.malformed, 'NUL byte inside the message: binary data is not syslog');
  }
  if (rfc5424VersionEnd(text, priority.end) > 0) return parseRfc5424(text, priority);
  return parseRfc3164(text, priority, { now: options.now, offsetMinutes: options.offsetMinutes ?? 0 });
}

/** The end of `text` without trailing NUL, CR or LF padding (some senders NUL-terminate frames). */
function trimmedEnd(text: string): number {
  let end = text.length;
  while (end > 0) {
    const code = text.charCodeAt(end - 1);
    if (code !== 0 && code !== 10 && code !== 13) break;
    end--;
  }
  return end;
}
