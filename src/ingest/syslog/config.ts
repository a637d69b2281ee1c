/** The `syslog:` config section: listener, limits, batching and the entity rule, with defaults. */
import { z } from 'zod';

/** Programs whose logs are about the host they run on, not a service of their own (a trailing `*` matches a prefix). */
export const DEFAULT_HOST_APPS: readonly string[] = [
  'kernel', 'systemd*', 'init', 'cron', 'crond', 'anacron', 'sshd', 'sudo', 'su', 'login', 'agetty', 'rsyslogd', 'syslog-ng',
  'syslogd', 'dhclient', 'dhcpcd', 'NetworkManager', 'chronyd', 'ntpd', 'auditd', 'audit', 'polkitd', 'dbus-daemon', 'udevd',
  'kubelet', 'containerd', 'dockerd', 'smartd', 'snapd', 'multipathd', 'ModemManager', 'wpa_supplicant', 'unix_chkpwd', 'logger',
];

export const syslogConfigSchema = z.strictObject({
  /** Address the UDP and TCP listeners bind; unset, server.host's (settled when the whole configuration is loaded). */
  host: z.string().min(1).optional(),
  /** Port of both the UDP and the TCP listener; 0 turns syslog off. @default 5514 */
  port: z.coerce.number().int().min(0).max(65535).default(5514),
  /** Listen on UDP. @default true */
  udp: z.stringbool().or(z.boolean()).default(true),
  /** Listen on TCP (RFC 6587: octet counting or LF framing, detected per frame). @default true */
  tcp: z.stringbool().or(z.boolean()).default(true),
  /** Longest message accepted, in bytes; longer frames are rejected (`oversize`) and skipped. @default 65536 */
  maxMessageBytes: z.coerce.number().int().min(480).max(16 * 1024 * 1024).default(64 * 1024),
  /** Records per batch handed to the pipeline. @default 1000 */
  batchSize: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** Longest a record waits in a partial batch, in milliseconds. @default 100 */
  flushIntervalMs: z.coerce.number().int().min(1).max(60_000).default(100),
  /**
   * Most open TCP connections. When full, a new connection is admitted by closing the one idle the
   * longest, so connections that send nothing cannot lock real senders out. @default 1024
   */
  maxConnections: z.coerce.number().int().min(1).max(1_000_000).default(1024),
  /** Most open TCP connections from one remote address; more are refused, so one peer cannot take every slot. @default 64 */
  maxConnectionsPerPeer: z.coerce.number().int().min(1).max(1_000_000).default(64),
  /**
   * A TCP connection that sends nothing this long (ms) is closed; 0 keeps it forever. Ten minutes
   * outlasts the gaps of quiet hosts (rsyslog and syslog-ng keep one connection and reconnect on
   * their next message when it was closed). @default 600000
   */
  idleTimeoutMs: z.coerce.number().int().min(0).default(10 * 60_000),
  /** A TCP frame not complete this long (ms) after its first byte cuts the connection (stalled or trickled); 0 = no limit. @default 30000 */
  frameTimeoutMs: z.coerce.number().int().min(0).default(30_000),
  /** Offset east of UTC, in minutes, of RFC 3164 timestamps (they carry no zone). @default 0 */
  rfc3164OffsetMinutes: z.coerce.number().int().min(-14 * 60).max(14 * 60).default(0),
  /** APP-NAMEs that do not name a service: their entity is the host. @default DEFAULT_HOST_APPS */
  hostApps: z.array(z.string().min(1)).default([...DEFAULT_HOST_APPS]),
});

/** The `syslog:` section as written. */
export type SyslogSection = z.infer<typeof syslogConfigSchema>;
/** What the listeners run with: the section with its address settled. */
export type SyslogConfig = SyslogSection & { host: string };
