/** A parsed syslog message → a LogRecord: entity, time (sender's, else receipt), severity, body and attributes. */
import type { Attributes, LogRecord } from '../../signals/index.js';
import type { HostApps } from './entity-rule.js';
import { entityOfMessage } from './entity-rule.js';
import type { SyslogMessage } from './message.js';
import { facilityName, severityOfSyslog, syslogSeverityName } from './priority.js';

export interface RecordContext {
  /** Wall time of receipt (epoch ms): the time of messages without a usable timestamp. */
  receivedAt: number;
  hostApps: HostApps;
  /** The sender's IP address. */
  peer?: string | undefined;
  transport?: 'udp' | 'tcp';
  /** The frame was not valid UTF-8 (bad sequences were replaced). */
  invalidUtf8?: boolean;
}

function addStructuredData(attributes: Attributes, message: SyslogMessage): void {
  const data = message.structuredData;
  if (data === undefined) return;
  for (const id in data) {
    const element = data[id] as Record<string, string>;
    for (const param in element) attributes[`syslog.sd.${id}.${param}`] = element[param] as string;
  }
}

function attributesOf(message: SyslogMessage, context: RecordContext): Attributes {
  const attributes: Attributes = {
    'syslog.format': message.format,
    'syslog.facility': facilityName(message.facility),
    'syslog.severity': syslogSeverityName(message.severity),
  };
  if (message.hostname !== undefined) attributes['host.name'] = message.hostname;
  if (message.appName !== undefined) attributes['syslog.appname'] = message.appName;
  if (message.procId !== undefined) attributes['syslog.procid'] = message.procId;
  if (message.msgId !== undefined) attributes['syslog.msgid'] = message.msgId;
  if (context.transport !== undefined) attributes['net.transport'] = context.transport;
  if (context.peer !== undefined) attributes['net.peer.ip'] = context.peer;
  if (message.invalidTimestamp !== undefined) attributes['syslog.invalid_timestamp'] = message.invalidTimestamp;
  if (context.invalidUtf8 === true) attributes['syslog.invalid_utf8'] = true;
  addStructuredData(attributes, message);
  return attributes;
}

export function toLogRecord(message: SyslogMessage, context: RecordContext): LogRecord {
  return {
    entityId: entityOfMessage(message, context.hostApps, context.peer).id,
    time: message.time ?? context.receivedAt,
    severity: severityOfSyslog(message.severity),
    body: message.message,
    attributes: attributesOf(message, context),
  };
}
