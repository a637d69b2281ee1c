/**
 * A syslog load generator for `opsight bench ingest`: encodes realistic RFC 5424 / RFC 3164 lines
 * and sends them over TCP as fast as the receiver reads them (honouring socket backpressure).
 */
import { connect } from 'node:net';

export interface LoadOptions {
  /** Lines to encode. */
  count: number;
  format?: 'rfc5424' | 'rfc3164';
  /** `octet` (RFC 6587 octet counting) or `lf` (newline-terminated). @default "octet" */
  framing?: 'octet' | 'lf';
  /** Distinct app names (services) the lines spread over. @default 20 */
  services?: number;
  /** Event time of the first line (epoch ms); each next line is 1 ms later. @default Date.now() */
  startTime?: number;
}

const WORDS = ['GET /api/orders 200', 'connection reset by peer', 'payment declined code=51', 'cache miss key=user:', 'slow query took 812ms', 'retrying upstream'];
const BSD_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function bsdTime(ms: number): string {
  const date = new Date(ms);
  const day = String(date.getUTCDate()).padStart(2, ' ');
  return `${BSD_MONTHS[date.getUTCMonth()]} ${day} ${date.toISOString().slice(11, 19)}`;
}

function line(index: number, options: Required<LoadOptions>): string {
  const service = `svc-${index % options.services}`;
  const severity = index % 50 === 0 ? 3 : index % 10 === 0 ? 4 : 6;
  const pri = `<${16 * 8 + severity}>`;
  const text = `${WORDS[index % WORDS.length]} req=${index}`;
  const time = options.startTime + index;
  if (options.format === 'rfc3164') return `${pri}${bsdTime(time)} host-${index % 7} ${service}[${1000 + (index % 13)}]: ${text}`;
  return `${pri}1 ${new Date(time).toISOString()} host-${index % 7} ${service} ${1000 + (index % 13)} - [req@32473 id="${index}"] ${text}`;
}

/** `count` syslog lines, framed, in one buffer. */
export function encodeSyslogLines(options: LoadOptions): Buffer {
  const full: Required<LoadOptions> = { format: 'rfc5424', framing: 'octet', services: 20, startTime: Date.now(), ...options };
  const parts: string[] = [];
  for (let i = 0; i < full.count; i++) {
    const text = line(i, full);
    parts.push(full.framing === 'octet' ? `${Buffer.byteLength(text)} ${text}` : `${text}\n`);
  }
  return Buffer.from(parts.join(''));
}

export interface SendResult {
  bytes: number;
  /** Milliseconds from connect to the last byte handed to the kernel. */
  elapsedMs: number;
}

/** Sends `payload` to a syslog TCP port in 64 KiB writes, waiting for 'drain' when the receiver pushes back. */
export async function sendSyslogOverTcp(host: string, port: number, payload: Buffer): Promise<SendResult> {
  const socket = connect({ host, port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const started = performance.now();
  const chunk = 64 * 1024;
  for (let offset = 0; offset < payload.length; offset += chunk) {
    if (!socket.write(payload.subarray(offset, offset + chunk))) await new Promise((resolve) => socket.once('drain', resolve));
  }
  await new Promise<void>((resolve, reject) => socket.end(() => resolve()).once('error', reject));
  return { bytes: payload.length, elapsedMs: performance.now() - started };
}
