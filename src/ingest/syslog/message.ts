/** The parsed form of one syslog message (either RFC), and the closed list of reasons a frame or TCP connection is rejected. */

/** Why a frame or connection was refused; also the `reason` label of the rejected-items counter. */
export const RejectReason = {
  /** No `<PRI>` prefix or an invalid one (binary junk lands here). */
  noPri: 'no_pri',
  /** A header that cannot be read: bad version, control bytes, broken structured data. */
  malformed: 'malformed',
  /** A timestamp field that is present but is not a timestamp. */
  badTimestamp: 'bad_timestamp',
  /** A frame longer than `maxMessageBytes`. */
  oversize: 'oversize',
  /** An empty frame. */
  empty: 'empty',
  /** A TCP frame not complete within `frameTimeoutMs` of its first byte; the connection is cut. */
  frameTimeout: 'frame_timeout',
  /** A TCP connection refused: its peer already holds `maxConnectionsPerPeer` (counts connections, not messages). */
  connectionLimit: 'connection_limit',
  /** An idle TCP connection closed to admit a new one into a full listener (counts connections). */
  connectionEvicted: 'connection_evicted',
} as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

/** SD-ID → param name → value; a param repeated within one element keeps every value, joined by ",". */
export type StructuredData = Record<string, Record<string, string>>;

export interface SyslogMessage {
  format: 'rfc5424' | 'rfc3164';
  facility: number;
  severity: number;
  /** Event time in epoch ms; undefined when the sender sent none or one outside 2000..2200 (then receipt time is used). */
  time: number | undefined;
  /** The sender's timestamp text when it was out of range and replaced. */
  invalidTimestamp?: string;
  hostname?: string;
  appName?: string;
  procId?: string;
  msgId?: string;
  structuredData?: StructuredData;
  message: string;
}

export type ParseResult =
  | { ok: true; message: SyslogMessage }
  | { ok: false; reason: RejectReason; detail: string };

export function reject(reason: RejectReason, detail: string): ParseResult {
  return { ok: false, reason, detail };
}
