/** One received frame → a LogRecord in `out`, or a counted rejection: the shared step of the UDP and TCP paths. */
import type { LogRecord } from '../../signals/index.js';
import type { IngestCounters } from './counters.js';
import type { HostApps } from './entity-rule.js';
import { decodeFrame, parseSyslog } from './parse.js';
import { toLogRecord } from './to-record.js';

export interface FrameContext {
  now: number;
  offsetMinutes: number;
  hostApps: HostApps;
  counters: IngestCounters;
  peer: string | undefined;
  transport: 'udp' | 'tcp';
}

export function handleFrame(bytes: Buffer, context: FrameContext, out: LogRecord[]): void {
  const decoded = decodeFrame(bytes);
  const parsed = parseSyslog(decoded.text, { now: context.now, offsetMinutes: context.offsetMinutes });
  if (!parsed.ok) {
    context.counters.reject(parsed.reason, parsed.detail, 1, context.peer);
    return;
  }
  out.push(toLogRecord(parsed.message, {
    receivedAt: context.now, hostApps: context.hostApps, peer: context.peer, transport: context.transport, invalidUtf8: decoded.invalidUtf8,
  }));
}
