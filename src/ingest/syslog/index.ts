/**
 * Syslog ingest: RFC 5424 and RFC 3164 over UDP and TCP (RFC 6587 framings).
 *
 * ```ts
 * const server = new SyslogServer({ config: config.syslog, sink, metrics, logger });   // its host settled by loadConfig
 * await server.start();   // binds config.port (0 = off) on UDP and TCP
 * await server.stop();    // stops listening, sends what was received
 * ```
 */
export { syslogConfigSchema, DEFAULT_HOST_APPS, type SyslogConfig } from './config.js';
export { SyslogServer, type SyslogServerOptions } from './syslog-server.js';
export { parseSyslog, decodeFrame, type ParseOptions } from './parse.js';
export { toLogRecord, type RecordContext } from './to-record.js';
export { compileHostApps, entityOfMessage } from './entity-rule.js';
export { FrameDecoder, type FrameSink } from './framing.js';
export { RejectReason, type SyslogMessage, type ParseResult, type StructuredData } from './message.js';
export { IngestCounters, type IngestMetrics, type IngestLogger } from './counters.js';
export { encodeSyslogLines, sendSyslogOverTcp, type LoadOptions, type SendResult } from './load-generator.js';
export { SYSLOG_SOURCE } from './tcp-connection.js';
